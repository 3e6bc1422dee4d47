using Microsoft.AspNetCore.SignalR;
using Supervision.Core.Messages;
using Supervision.Dashboard.Cluster;
using Supervision.Dashboard.Live;

namespace Supervision.Dashboard.Hubs;

/// <summary>
/// The ingest hub (<c>/hubs/ingest</c>) where collectors push status and alerting pushes alert changes.
/// Only callers with an ingest API key get here (<see cref="IngestAuthentication"/>). In a cluster every message is
/// also handed to the other nodes (<see cref="IngestReplicator"/>), so a collector or Alerting may push to any node.
/// </summary>
public sealed class IngestHub(LiveState state, ExpositionProblemStore problems, DashboardTelemetry telemetry, TimeProvider time, ClusterHealth health, IngestReplicator? replicator = null) : Hub
{
    /// <summary>A collector's changes.</summary>
    public Task PushStatusChanges(StatusChangeBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        telemetry.Ingested.WithLabels("changes").Inc(batch.Changes.Count);
        telemetry.Received(fromAlerting: false, time.GetTimestamp());
        state.Apply(batch.Changes, batch.CollectorId);
        replicator?.Publish("changes", batch);
        return Task.CompletedTask;
    }

    /// <summary>A collector's sign of life: its targets stay fresh.</summary>
    public Task PushHeartbeat(CollectorHeartbeat heartbeat)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        telemetry.Ingested.WithLabels("heartbeat").Inc();
        telemetry.Received(fromAlerting: false, time.GetTimestamp());
        state.Heartbeat(heartbeat.CollectorId, heartbeat.At);
        replicator?.Publish("heartbeat", heartbeat);
        return Task.CompletedTask;
    }

    /// <summary>A collector's full view after a (re)connect.</summary>
    public Task PushStatusSnapshot(StatusSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        telemetry.Ingested.WithLabels("snapshot").Inc(snapshot.Targets.Count);
        telemetry.Received(fromAlerting: false, time.GetTimestamp());
        state.Apply(snapshot.Targets, snapshot.CollectorId);
        replicator?.Publish("snapshot", snapshot);
        return Task.CompletedTask;
    }

    /// <summary>A collector's part of the national figures.</summary>
    public Task PushFigures(FigureReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        telemetry.Ingested.WithLabels("figures").Inc();
        telemetry.Received(fromAlerting: false, time.GetTimestamp());
        state.Figures.Apply(report);
        replicator?.Publish("figures", report);
        return Task.CompletedTask;
    }

    /// <summary>A collector's current exposition problems (its whole list).</summary>
    public Task PushExpositionProblems(ExpositionProblemReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        telemetry.Ingested.WithLabels("exposition-problems").Inc();
        problems.Apply(report);
        replicator?.Publish("exposition-problems", report);
        return Task.CompletedTask;
    }

    /// <summary>An Alerting node's word about itself (cluster set-ups): it shows on the operators' banner when degraded or gone.</summary>
    public Task PushNodeHealth(NodeHealthReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        telemetry.Ingested.WithLabels("node").Inc();
        telemetry.Received(fromAlerting: true, time.GetTimestamp());
        health.Report(report);
        replicator?.Publish("node", report);
        return Task.CompletedTask;
    }

    /// <summary>Alert changes from alerting.</summary>
    public Task PushAlertChanges(AlertChangeBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        telemetry.Ingested.WithLabels("alerts").Inc(batch.Alerts.Count);
        telemetry.Received(fromAlerting: true, time.GetTimestamp());
        state.Apply(batch);
        replicator?.Publish("alerts", batch);
        return Task.CompletedTask;
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
