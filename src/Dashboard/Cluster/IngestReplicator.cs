namespace Supervision.Dashboard.Cluster;

/// <summary>
/// What one node ingests (collectors' changes, snapshots, heartbeats, exposition problems; Alerting's alert changes and
/// node reports; its own node report) is published on a
/// Redis channel and applied by every other node, so each node's live state is whole whichever node a collector
/// or Alerting reached through the proxy, and a wallboard that moves to another node gets a true snapshot there.
/// Pub/sub is at-most-once: a message published while Redis restarts is lost for the other nodes, which is why
/// collectors push a full snapshot on every reconnect and heartbeats every 2 s (staleness shows anything missing).
/// </summary>
public sealed partial class IngestReplicator(
    IConnectionMultiplexer redis, LiveState state, ExpositionProblemStore problems, ClusterHealth health, string node, ILogger<IngestReplicator> logger) : IHostedService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("supervision:ingest");

    private int _handOverPending;

    /// <summary>Publishes a message this node applied; fire-and-forget, so ingest never waits on Redis.</summary>
    public void Publish<T>(string kind, T message)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new Envelope<T>(node, kind, message), HubJson.Options);
        _ = PublishAsync(body);
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored += OnRestored;
        return redis.GetSubscriber().SubscribeAsync(Channel, (_, value) => Receive(value));
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored -= OnRestored;
        return redis.GetSubscriber().UnsubscribeAsync(Channel);
    }

    /// <summary>
    /// Hands the other nodes everything this node holds: what they missed while Redis was away (pub/sub does not
    /// replay), so a wallboard on any node shows the same picture again without waiting for each target's next change.
    /// Older states are ignored where they arrive (an observation never replaces a newer one).
    /// </summary>
    public void PublishAll()
    {
        var (targets, alerts) = state.Export();
        foreach (var batch in targets)
        {
            Publish("changes", batch);
        }

        if (alerts.Count > 0)
        {
            Publish("alerts", new AlertChangeBatch(alerts, false));
        }

        LogResynced(logger, targets.Sum(b => b.Changes.Count), alerts.Count);
    }

    // The multiplexer's two connections come back one after the other, and each node reconnects on its own schedule
    // (seconds apart after a long outage): a hand-over made when this node is back may reach another node that is
    // still deaf. So when this node hears again (its subscription is back) it also asks the others for theirs
    // ("resync"); whichever of two nodes comes back last asks, and the first one, already listening, answers.
    private void OnRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            _ = Task.Delay(TimeSpan.FromSeconds(1)).ContinueWith(_ => Publish("resync", node), TaskScheduler.Default);
        }

        HandOverSoon();
    }

    // At most one hand-over waiting: requests and restores close together are answered once.
    private void HandOverSoon()
    {
        if (Interlocked.Exchange(ref _handOverPending, 1) == 0)
        {
            _ = Task.Delay(TimeSpan.FromSeconds(1)).ContinueWith(_ =>
            {
                Volatile.Write(ref _handOverPending, 0);
                PublishAll();
            }, TaskScheduler.Default);
        }
    }

    private async Task PublishAsync(byte[] body)
    {
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, body);
        }
        catch (RedisException ex)
        {
            LogPublishFailed(logger, ex.Message);
        }
    }

    private void Receive(RedisValue value)
    {
        try
        {
            var bytes = (byte[])value!;
            var head = JsonSerializer.Deserialize<Envelope<JsonElement>>(bytes, HubJson.Options);
            if (head is null || head.Node == node)
            {
                return;
            }

            switch (head.Kind)
            {
                case "changes" when head.Message.Deserialize<StatusChangeBatch>(HubJson.Options) is { } b: state.Apply(b.Changes, b.CollectorId is { Length: > 0 } c ? c : null); break;
                case "snapshot" when head.Message.Deserialize<StatusSnapshot>(HubJson.Options) is { } s: state.Apply(s.Targets, s.CollectorId); break;
                case "heartbeat" when head.Message.Deserialize<CollectorHeartbeat>(HubJson.Options) is { } h: state.Heartbeat(h.CollectorId, h.At); break;
                case "alerts" when head.Message.Deserialize<AlertChangeBatch>(HubJson.Options) is { } a: state.Apply(a); break;
                case "figures" when head.Message.Deserialize<FigureReport>(HubJson.Options) is { } f: state.Figures.Apply(f); break;
                case "exposition-problems" when head.Message.Deserialize<ExpositionProblemReport>(HubJson.Options) is { } p: problems.Apply(p); break;
                case "node" when head.Message.Deserialize<NodeHealthReport>(HubJson.Options) is { } n: health.Report(n); break;
                case "resync": HandOverSoon(); break;
                default: break;
            }
        }
        catch (JsonException ex)
        {
            // A node of another version: skip its message rather than stop the subscription.
            LogReceiveFailed(logger, ex.Message);
        }
    }

    private sealed record Envelope<T>(string Node, string Kind, T Message);

    [LoggerMessage(EventId = 3801, Level = LogLevel.Warning, Message = "Publishing an ingest message to the other nodes failed: {Error}")]
    private static partial void LogPublishFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 3803, Level = LogLevel.Information, Message = "Handed the other nodes {Targets} target states and {Alerts} alerts (Redis back, or a node back asked)")]
    private static partial void LogResynced(ILogger logger, int targets, int alerts);

    [LoggerMessage(EventId = 3802, Level = LogLevel.Warning, Message = "An ingest message from another node could not be read: {Error}")]
    private static partial void LogReceiveFailed(ILogger logger, string error);
}
