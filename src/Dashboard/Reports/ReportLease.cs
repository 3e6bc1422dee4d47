namespace Supervision.Dashboard.Reports;

/// <summary>
/// Who may print and send a report now. With two Dashboards (docs/ha.md) each sweeps the same schedule; the lease
/// makes one of them do each report, and lets the other take over when the holder dies (the lease expires).
/// </summary>
public interface IReportLease
{
    /// <summary>The lease on <paramref name="id"/> (dispose to give it back), or null when another node holds it.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string id, CancellationToken cancellationToken);
}

/// <summary>One Dashboard: the runner already does one report at a time.</summary>
public sealed class LocalReportLease : IReportLease
{
    /// <inheritdoc />
    public Task<IAsyncDisposable?> TryAcquireAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable?>(Nothing.Instance);

    private sealed class Nothing : IAsyncDisposable
    {
        public static readonly Nothing Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>
/// A lease in the cluster's Redis: <c>SET supervision:reports:lease:{id} {node} NX PX</c>, given back only by its
/// holder (compare and delete). While Redis is unreachable no node sends (the attempt waits for the next sweep):
/// sending twice is worse than sending a few minutes late.
/// </summary>
public sealed class RedisReportLease(IConnectionMultiplexer redis, string node, TimeSpan leaseFor) : IReportLease
{
    private const string Release = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    /// <inheritdoc />
    public async Task<IAsyncDisposable?> TryAcquireAsync(string id, CancellationToken cancellationToken)
    {
        var key = new RedisKey("supervision:reports:lease:" + id);
        // A token per acquisition: a node that took the lease again after its own expired must not give the new one back.
        var token = node + "/" + Guid.NewGuid().ToString("N");
        var db = redis.GetDatabase();
        return await db.StringSetAsync(key, token, leaseFor, When.NotExists) ? new Held(db, key, token) : null;
    }

    private sealed class Held(IDatabase db, RedisKey key, string token) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await db.ScriptEvaluateAsync(Release, [key], [token]);
            }
            catch (RedisException)
            {
                // The lease expires by itself; the report's record already says it was sent.
            }
        }
    }
}
