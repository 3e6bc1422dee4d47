using Supervision.Alerting.Push;

namespace Supervision.Alerting.State.Postgres;

/// <summary>
/// A cluster node's word about itself every <see cref="PostgresStorageOptions.HealthInterval"/>: whether it reaches the
/// shared PostgreSQL. It goes to <c>/metrics</c> (<c>alerting_cluster_storage_up</c>), to the log on change, and to the
/// Dashboard (<see cref="NodeHealthReport"/>), whose operators' banner names the node that is cut off, or the node
/// whose reports stopped (killed, machine lost).
/// </summary>
internal sealed partial class ClusterHealthMonitor(
    NpgsqlDataSource dataSource,
    DashboardPusher dashboard,
    IOptions<AlertingOptions> options,
    AlertingMetrics metrics,
    TimeProvider time,
    ILogger<ClusterHealthMonitor> logger) : BackgroundService
{
    private NodeProblem? _postgresDown;

    /// <summary>Probes the database and reports once.</summary>
    public async Task<NodeHealthReport> ReportOnceAsync(CancellationToken cancellationToken)
    {
        var error = await PostgresHealthCheck.ProbeAsync(dataSource, cancellationToken);
        var now = time.GetUtcNow();
        if (error is null)
        {
            if (_postgresDown is not null)
            {
                LogBack(logger, now - _postgresDown.Since);
            }

            _postgresDown = null;
        }
        else if (_postgresDown is null)
        {
            _postgresDown = new NodeProblem(NodeProblemCodes.PostgresUnreachable, now, error);
            LogDown(logger, error);
        }

        metrics.StorageUp.Set(error is null ? 1 : 0);
        var report = new NodeHealthReport(ClusterServices.Alerting, options.Value.EffectiveNodeName, now, _postgresDown is { } p ? [p] : []);
        await dashboard.ReportHealthAsync(report, cancellationToken);
        return report;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Postgres.HealthInterval, time);
        try
        {
            do
            {
                await ReportOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 5403, Level = LogLevel.Warning, Message = "Cluster storage unreachable (passes, acknowledgements and deliveries wait for it): {Error}")]
    private static partial void LogDown(ILogger logger, string error);

    [LoggerMessage(EventId = 5404, Level = LogLevel.Information, Message = "Cluster storage reachable again after {Outage}")]
    private static partial void LogBack(ILogger logger, TimeSpan outage);
}
