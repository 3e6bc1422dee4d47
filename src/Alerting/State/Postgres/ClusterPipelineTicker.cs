namespace Supervision.Alerting.State.Postgres;

/// <summary>
/// In a cluster, the notification pipeline's timers (group waits, repeats, escalation steps) run here and not in
/// the notification worker: each tick re-reads the shared alert state under the cluster's pass lock and hands it
/// to the pipeline, so the node that ticks always works on the latest state, whichever node wrote it. Every node
/// ticks; a tick that finds the lock held is skipped (the pass holding it runs the same pipeline over the same
/// state), and a dead node's share is simply taken by the next tick of another.
/// </summary>
internal sealed partial class ClusterPipelineTicker(AlertEngine engine, TimeProvider time, IOptions<AlertingOptions> options, ILogger<ClusterPipelineTicker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Postgres.PipelineTickInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await engine.TickAsync(time.GetUtcNow(), stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Boundary of the loop: PostgreSQL restarting must not end the timers for good; the next tick retries.
                    Log.TickFailed(logger, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5402, Level = LogLevel.Warning, Message = "Cluster pipeline tick failed (will retry): {Error}")]
        public static partial void TickFailed(ILogger logger, string error);
    }
}
