namespace Supervision.Dashboard.Cluster;

/// <summary>
/// A cluster Dashboard's own word every <see cref="DashboardClusterOptions.ReportInterval"/>: whether it reaches Redis,
/// recorded in <see cref="ClusterHealth"/> and published to the other nodes; then the cluster's judgement goes to
/// <c>/metrics</c> and to the log when a node changes state.
/// </summary>
internal sealed partial class NodeHealthReporter(
    IConnectionMultiplexer redis,
    ClusterHealth health,
    IngestReplicator replicator,
    DashboardTelemetry telemetry,
    IOptions<DashboardClusterOptions> options,
    TimeProvider time,
    ILogger<NodeHealthReporter> logger) : BackgroundService
{
    private readonly Dictionary<(string Service, string Node), string> _lastStates = [];
    private NodeProblem? _redisDown;

    /// <summary>Makes, records and publishes one report, then updates the metrics.</summary>
    public void ReportOnce()
    {
        var now = time.GetUtcNow();
        if (redis.IsConnected)
        {
            _redisDown = null;
        }
        else
        {
            _redisDown ??= new NodeProblem(NodeProblemCodes.RedisUnreachable, now, $"Redis {string.Join(", ", redis.GetEndPoints().Select(e => e.ToString()))} not connected");
        }

        var report = new NodeHealthReport(ClusterServices.Dashboard, options.Value.EffectiveNodeName, now, _redisDown is { } p ? [p] : []);
        health.Report(report);
        replicator.Publish("node", report);
        var status = health.Current();
        telemetry.ClusterDegraded.Set(status.Degraded ? 1 : 0);
        foreach (var service in new[] { ClusterServices.Alerting, ClusterServices.Dashboard })
        {
            foreach (var state in new[] { ClusterNodeStates.Live, ClusterNodeStates.Degraded, ClusterNodeStates.Lost, ClusterNodeStates.Unheard })
            {
                telemetry.ClusterNodes.WithLabels(service, state).Set(status.Nodes.Count(n => n.Service == service && n.State == state));
            }
        }

        foreach (var n in status.Nodes)
        {
            if (_lastStates.TryGetValue((n.Service, n.Node), out var last) && last == n.State)
            {
                continue;
            }

            _lastStates[(n.Service, n.Node)] = n.State;
            if (n.State == ClusterNodeStates.Live)
            {
                LogNodeLive(logger, n.Service, n.Node);
            }
            else
            {
                LogNodeState(logger, n.Service, n.Node, n.State, string.Join("; ", n.Problems.Select(p => p.Detail)));
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReportInterval, time);
        try
        {
            do
            {
                ReportOnce();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 3811, Level = LogLevel.Information, Message = "Cluster node {Service}/{Node} is live")]
    private static partial void LogNodeLive(ILogger logger, string service, string node);

    [LoggerMessage(EventId = 3812, Level = LogLevel.Warning, Message = "Cluster node {Service}/{Node} is {State} {Problems}")]
    private static partial void LogNodeState(ILogger logger, string service, string node, string state, string problems);
}
