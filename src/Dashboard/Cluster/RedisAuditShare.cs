namespace Supervision.Dashboard.Cluster;

/// <summary>
/// The cluster's audit list in Redis (newest first, the last 2,000 entries, as one node keeps in memory). Each
/// node still appends to its own file; while Redis is down a node answers from its own memory.
/// </summary>
public sealed partial class RedisAuditShare(IConnectionMultiplexer redis, ILogger<RedisAuditShare> logger) : IAuditShare
{
    private const int Remembered = 2_000;
    private static readonly RedisKey Key = "supervision:audit";

    /// <inheritdoc />
    public void Append(AuditEntry entry)
    {
        try
        {
            var db = redis.GetDatabase();
            db.ListLeftPush(Key, JsonSerializer.Serialize(entry, JsonSerializerOptions.Web), flags: CommandFlags.FireAndForget);
            db.ListTrim(Key, 0, Remembered - 1, CommandFlags.FireAndForget);
        }
        catch (RedisException ex)
        {
            LogUnavailable(logger, ex.Message);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<AuditEntry>? Recent(int limit, string? target)
    {
        try
        {
            var list = new List<AuditEntry>();
            foreach (var value in redis.GetDatabase().ListRange(Key, 0, Remembered - 1))
            {
                if (list.Count >= limit)
                {
                    break;
                }

                if (JsonSerializer.Deserialize<AuditEntry>((string)value!, JsonSerializerOptions.Web) is { } e && (target is null || e.Target == target))
                {
                    list.Add(e);
                }
            }

            return list;
        }
        catch (RedisException ex)
        {
            LogUnavailable(logger, ex.Message);
            return null;
        }
    }

    [LoggerMessage(EventId = 3804, Level = LogLevel.Warning, Message = "Redis unavailable for the shared audit list, answering from this node: {Error}")]
    private static partial void LogUnavailable(ILogger logger, string error);
}
