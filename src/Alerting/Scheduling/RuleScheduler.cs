namespace Supervision.Alerting.Scheduling;

/// <summary>
/// Keeps one Quartz job per rule group in step with the rules. Jobs live in Quartz's job store (ADO.NET, the
/// state SQLite file, by default); they are still rebuilt from the rule files at start and on every reload,
/// because the files are the truth (see src/Alerting/README.md).
/// Misfires are skipped (<c>NextWithRemainingCount</c>): after a pause the engine evaluates once at the next slot,
/// never replays a burst of stale evaluations.
/// </summary>
internal sealed partial class RuleScheduler(ISchedulerFactory factory, RuleRepository rules, WorkingTimeQuartzCalendar calendar, ILogger<RuleScheduler> logger)
{
    /// <summary>The Quartz group of the rule groups' jobs and triggers (each named after its rule group).</summary>
    internal const string JobGroup = "rule-groups";
    private readonly Lock _sync = new();
    private Task _last = Task.CompletedTask;

    public async Task SyncAsync(CancellationToken ct)
    {
        Task run;
        lock (_sync)
        {
            // Reloads are serialised by chaining, so two quick edits never interleave their job updates.
            run = _last = _last.ContinueWith(_ => SyncCoreAsync(ct), ct, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }

        await run;
    }

    private async Task SyncCoreAsync(CancellationToken ct)
    {
        {
            var scheduler = await factory.GetScheduler(ct);
            await scheduler.AddCalendar(WorkingTimeQuartzCalendar.Name, calendar, new AddCalendarOptions { Replace = true, UpdateTriggers = true }, ct);
            // Only jobs of groups that are gone are deleted; the others are replaced in place. Nodes of a cluster sync
            // the same files at the same moments, and a delete-all then add-all of two nodes interleaved would fail
            // on the second node's add (or leave a group unscheduled for a moment).
            var wanted = rules.Current.Groups.Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
            var existing = await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(JobGroup), ct);
            await scheduler.DeleteJobs(existing.Where(k => !wanted.Contains(k.Name)).ToArray(), ct);
            foreach (var g in rules.Current.Groups)
            {
                var job = JobBuilder.Create<EvaluateGroupJob>()
                    .WithIdentity(g.Name, JobGroup)
                    .UsingJobData(EvaluateGroupJob.GroupKey, g.Name)
                    .Build();
                var trigger = TriggerBuilder.Create()
                    .WithIdentity(g.Name, JobGroup)
                    .StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(g.Interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount));
                if (g.WorkingHours)
                {
                    trigger = trigger.WithCalendarName(WorkingTimeQuartzCalendar.Name);
                }

                await scheduler.ScheduleJob(job, trigger.Build(), new ScheduleJobOptions { Replace = true }, ct);
            }

            Log.Scheduled(logger, rules.Current.Groups.Count);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Scheduled {Count} rule groups")]
        public static partial void Scheduled(ILogger logger, int count);
    }
}
