namespace Supervision.Dashboard.Cluster;

/// <summary>
/// Sign-in lock-out counters in the cluster's Redis (a hash per name, expiring), so five failures spread over two
/// nodes lock the name on both. While Redis is unreachable the node counts in its own memory: a lock-out keeps
/// working, per node, rather than letting every attempt through or refusing every sign-in.
/// </summary>
public sealed partial class RedisLockoutStore(IConnectionMultiplexer redis, ILogger<RedisLockoutStore> logger) : ILockoutStore
{
    private readonly MemoryLockoutStore _fallback = new();

    /// <inheritdoc />
    public LockoutEntry Get(string name)
    {
        try
        {
            var fields = redis.GetDatabase().HashGetAll(Key(name));
            var failures = 0;
            DateTimeOffset? until = null;
            foreach (var f in fields)
            {
                if (f.Name == "failures") { failures = (int)f.Value; }
                else if (f.Name == "until" && f.Value.HasValue) { until = DateTimeOffset.FromUnixTimeMilliseconds((long)f.Value); }
            }

            return new LockoutEntry(failures, until);
        }
        catch (RedisException ex)
        {
            LogUnavailable(logger, ex.Message);
            return _fallback.Get(name);
        }
    }

    /// <inheritdoc />
    public void Set(string name, LockoutEntry entry, DateTimeOffset now, TimeSpan keep)
    {
        _fallback.Set(name, entry, now, keep);
        try
        {
            var db = redis.GetDatabase();
            var key = Key(name);
            HashEntry[] fields = entry.LockedUntil is { } until
                ? [new("failures", entry.Failures), new("until", until.ToUnixTimeMilliseconds())]
                : [new("failures", entry.Failures)];
            var tx = db.CreateTransaction();
            _ = tx.KeyDeleteAsync(key);
            _ = tx.HashSetAsync(key, fields);
            _ = tx.KeyExpireAsync(key, keep);
            tx.Execute();
        }
        catch (RedisException ex)
        {
            LogUnavailable(logger, ex.Message);
        }
    }

    /// <inheritdoc />
    public void Remove(string name)
    {
        _fallback.Remove(name);
        try
        {
            redis.GetDatabase().KeyDelete(Key(name));
        }
        catch (RedisException ex)
        {
            LogUnavailable(logger, ex.Message);
        }
    }

    private static RedisKey Key(string name) => "supervision:lockout:" + name.ToLowerInvariant();

    [LoggerMessage(EventId = 3805, Level = LogLevel.Warning, Message = "Redis unavailable for sign-in lock-out counters, counting on this node: {Error}")]
    private static partial void LogUnavailable(ILogger logger, string error);
}
