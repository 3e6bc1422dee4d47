using System.Text.Json;
using StackExchange.Redis;
using Supervision.Core.Messages;
using Supervision.Dashboard.Hubs;
using Supervision.Dashboard.Live;

namespace Supervision.Dashboard.Cluster;

/// <summary>
/// What one node ingests (collectors' changes, snapshots, heartbeats, exposition problems; Alerting's alert changes) is published on a
/// Redis channel and applied by every other node, so each node's live state is whole whichever node a collector
/// or Alerting reached through the proxy, and a wallboard that moves to another node gets a true snapshot there.
/// Pub/sub is at-most-once: a message published while Redis restarts is lost for the other nodes, which is why
/// collectors push a full snapshot on every reconnect and heartbeats every 2 s (staleness shows anything missing).
/// </summary>
public sealed partial class IngestReplicator(
    IConnectionMultiplexer redis, LiveState state, ExpositionProblemStore problems, string node, ILogger<IngestReplicator> logger) : IHostedService
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("supervision:ingest");

    /// <summary>Publishes a message this node applied; fire-and-forget, so ingest never waits on Redis.</summary>
    public void Publish<T>(string kind, T message)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new Envelope<T>(node, kind, message), HubJson.Options);
        _ = PublishAsync(body);
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) =>
        redis.GetSubscriber().SubscribeAsync(Channel, (_, value) => Receive(value));

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => redis.GetSubscriber().UnsubscribeAsync(Channel);

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
                case "changes" when head.Message.Deserialize<StatusChangeBatch>(HubJson.Options) is { } b: state.Apply(b.Changes, b.CollectorId); break;
                case "snapshot" when head.Message.Deserialize<StatusSnapshot>(HubJson.Options) is { } s: state.Apply(s.Targets, s.CollectorId); break;
                case "heartbeat" when head.Message.Deserialize<CollectorHeartbeat>(HubJson.Options) is { } h: state.Heartbeat(h.CollectorId, h.At); break;
                case "alerts" when head.Message.Deserialize<AlertChangeBatch>(HubJson.Options) is { } a: state.Apply(a); break;
                case "exposition-problems" when head.Message.Deserialize<ExpositionProblemReport>(HubJson.Options) is { } p: problems.Apply(p); break;
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

    [LoggerMessage(EventId = 3802, Level = LogLevel.Warning, Message = "An ingest message from another node could not be read: {Error}")]
    private static partial void LogReceiveFailed(ILogger logger, string error);
}
