namespace Supervision.Dashboard.Hubs;

/// <summary>
/// The ingest hub (<c>/hubs/ingest</c>) where collectors push status and alerting pushes alert changes.
/// Only callers with an ingest API key get here (<see cref="IngestAuthentication"/>). In a cluster every message is
/// also handed to the other nodes (<see cref="IngestReplicator"/>), so a collector or Alerting may push to any node.
/// </summary>
public sealed class IngestHub(LiveState state, ExpositionProblemStore problems, DashboardTelemetry telemetry, TimeProvider time, ClusterHealth health, IngestReplicator? replicator = null)
    : Hub, IIngestHub
{
    /// <inheritdoc />
    public Task PushStatusChanges(StatusChangeBatch batch) =>
        Take(batch, "changes", batch?.Changes.Count ?? 0, Sender.Collector, b => state.Apply(b.Changes, b.CollectorId));

    /// <inheritdoc />
    public Task PushHeartbeat(CollectorHeartbeat heartbeat) =>
        Take(heartbeat, "heartbeat", 1, Sender.Collector, h => state.Heartbeat(h.CollectorId, h.At));

    /// <inheritdoc />
    public Task PushStatusSnapshot(StatusSnapshot snapshot) =>
        Take(snapshot, "snapshot", snapshot?.Targets.Count ?? 0, Sender.Collector, s => state.Apply(s.Targets, s.CollectorId));

    /// <inheritdoc />
    public Task PushFigures(FigureReport report) => Take(report, "figures", 1, Sender.Collector, state.Figures.Apply);

    /// <inheritdoc />
    public Task PushExpositionProblems(ExpositionProblemReport report) =>
        Take(report, "exposition-problems", 1, Sender.Unstamped, problems.Apply);

    /// <inheritdoc />
    public Task PushNodeHealth(NodeHealthReport report) => Take(report, "node", 1, Sender.Alerting, health.Report);

    /// <inheritdoc />
    public Task PushAlertChanges(AlertChangeBatch batch) =>
        Take(batch, "alerts", batch?.Alerts.Count ?? 0, Sender.Alerting, state.Apply);

    /// <summary>
    /// Every message the same way: counted under its kind, the sender's last word stamped (what the ingest-silence
    /// figures read; exposition problems come every few minutes and would say nothing), applied here, and handed to
    /// the other nodes of a cluster under the same kind.
    /// </summary>
    private Task Take<T>(T message, string kind, int count, Sender sender, Action<T> apply)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(message);
        telemetry.Ingested.WithLabels(kind).Inc(count);
        if (sender != Sender.Unstamped)
        {
            telemetry.Received(fromAlerting: sender == Sender.Alerting, time.GetTimestamp());
        }

        apply(message);
        replicator?.Publish(kind, message);
        return Task.CompletedTask;
    }

    private enum Sender
    {
        Collector,
        Alerting,
        Unstamped,
    }
}

/// <summary>Refuses the ingest hub (negotiate, WebSocket, long polling alike) without a valid API key: 401.</summary>
public static class IngestAuthentication
{
    /// <summary>Adds the check in front of <see cref="HubNames.IngestHubPath"/>.</summary>
    public static IApplicationBuilder UseIngestApiKeys(this IApplicationBuilder app, IReadOnlyCollection<string> keys)
    {
        return app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(HubNames.IngestHubPath, StringComparison.Ordinal))
            {
                var key = context.Request.Headers[HubNames.ApiKeyHeader].FirstOrDefault() ?? context.Request.Query["api_key"].FirstOrDefault();
                if (key is null || !keys.Any(k => System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                        System.Text.Encoding.UTF8.GetBytes(k), System.Text.Encoding.UTF8.GetBytes(key))))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    await context.Response.WriteAsync("ingest hub: missing or wrong API key (X-Api-Key header or api_key query)");
                    return;
                }
            }

            await next(context);
        });
    }
}
