namespace Supervision.Dashboard.Reports;

/// <summary>
/// The reports' Quartz scheduler, in memory (the archive's index is the durable state, not Quartz's store): one
/// job, fired by each kind's cron trigger in Vietnam time, and by a sweep every <see cref="ReportOptions.SweepInterval"/>
/// that picks up retries and reports owed after a restart. Each firing asks the runner for everything due, so a
/// missed or repeated firing changes nothing. Started only when reports are enabled.
/// </summary>
public sealed class ReportScheduler(ReportRunner runner, ReportSchedule schedule, ReportArchive archive, IOptions<ReportOptions> options, ILogger<ReportScheduler> logger) : IHostedService
{
    private IScheduler? _scheduler;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return;
        }

        // A name per instance: Quartz keeps schedulers in a process-wide table by name (tests run several Dashboards).
        _scheduler = await QuartzSchedulerBuilder.Create(q =>
        {
            q.ConfigureScheduler(s => s.InstanceName = "supervision-reports-" + Guid.NewGuid().ToString("N"));
            q.UseInMemoryStore();
            q.UseDefaultThreadPool(1);
            q.UseJobFactory(new RunnerJobFactory(runner));
        }).BuildScheduler(cancellationToken);
        var job = JobBuilder.Create<ReportJob>().WithIdentity("reports").StoreDurably().Build();
        await _scheduler.AddJob(job, new AddJobOptions { Replace = true }, cancellationToken);
        foreach (var (kind, cron) in schedule.Crons)
        {
            await _scheduler.ScheduleJob(TriggerBuilder.Create()
                .WithIdentity(kind.ToString().ToLowerInvariant())
                .ForJob(job)
                .WithCronSchedule(cron, b => b.InTimeZone(VietnamTime.Zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
                .Build(), new ScheduleJobOptions(), cancellationToken);
        }

        await _scheduler.ScheduleJob(TriggerBuilder.Create()
            .WithIdentity("sweep")
            .ForJob(job)
            .StartNow()
            .WithSimpleSchedule(s => s.WithInterval(o.SweepInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build(), new ScheduleJobOptions(), cancellationToken);
        await _scheduler.Start(cancellationToken);
        ReportLog.Scheduled(logger, string.Join(", ", schedule.Crons.Select(c => $"{c.Key}: {c.Value}")),
            string.Join(", ", o.Recipients.Keys), archive.Folder);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_scheduler is not null)
        {
            // Not waiting for a print in progress: its report is written whole or not at all, and runs again at start.
            await _scheduler.Shutdown(waitForJobsToComplete: false, cancellationToken);
        }
    }

    /// <summary>One firing: everything due. Never two at once (the runner also serialises).</summary>
    [DisallowConcurrentExecution]
    private sealed class ReportJob(ReportRunner runner) : IJob
    {
        public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
            await runner.RunDueAsync(cancellationToken);
    }

    /// <summary>Hands the one runner to each firing's job.</summary>
    private sealed class RunnerJobFactory(ReportRunner runner) : Quartz.Extensibility.IJobFactory
    {
        public ValueTask<Quartz.Extensibility.JobScope> CreateJob(Quartz.Extensibility.TriggerFiredBundle bundle, IScheduler scheduler, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new Quartz.Extensibility.JobScope(new ReportJob(runner), null));

        public ValueTask ReturnJob(Quartz.Extensibility.JobScope scope, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
