using Supervision.Alerting.Scheduling;

namespace Supervision.Alerting.State.Postgres;

/// <summary>
/// In a cluster each rule group's passes are shared out by Quartz, so a node's own record of a group's last pass can
/// be hours old while its peer runs the group on time, and <c>center-rule-group-late</c> would page for nothing. Every
/// tick this reads each group's trigger from the shared job store (its previous fire time is the last pass started on
/// any node) and hands it to <see cref="AlertingMetrics"/>. A group that no node starts still ages; one whose pass
/// hangs ages from that pass's start.
/// </summary>
internal sealed partial class ClusterPassWatcher(
    ISchedulerFactory factory, RuleRepository rules, AlertingMetrics metrics, TimeProvider time, IOptions<AlertingOptions> options, ILogger<ClusterPassWatcher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Postgres.PipelineTickInterval, time);
        var failing = false;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await ReadAsync(stoppingToken);
                    if (failing)
                    {
                        failing = false;
                        Log.ReadAgain(logger);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // PostgreSQL away: the ages go on from what was last read (they grow, as they should if it stays away).
                    if (!failing)
                    {
                        failing = true;
                        Log.ReadFailed(logger, ex.Message);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    private async Task ReadAsync(CancellationToken ct)
    {
        var scheduler = await factory.GetScheduler(ct);
        if (scheduler.Status is SchedulerStatus.ShuttingDown or SchedulerStatus.Shutdown)
        {
            return; // the host is stopping
        }

        foreach (var group in rules.Current.Groups)
        {
            var trigger = await scheduler.GetTrigger(new TriggerKey(group.Name, RuleScheduler.JobGroup), ct);
            if (trigger?.PreviousFireTimeUtc is { } started)
            {
                metrics.GroupStartedInCluster(group.Name, started);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5405, Level = LogLevel.Warning, Message = "Reading the rule groups' last passes from the cluster's job store failed (the groups' ages go on from the last read): {Error}")]
        public static partial void ReadFailed(ILogger logger, string error);

        [LoggerMessage(EventId = 5406, Level = LogLevel.Information, Message = "The rule groups' last passes are read from the cluster's job store again")]
        public static partial void ReadAgain(ILogger logger);
    }
}
