namespace Supervision.Alerting.State;

/// <summary>
/// Held by the engine around a pass (read state, apply, write, notify). On one node the engine's own gate is
/// enough (<see cref="NoPassLock"/>); in a cluster the passes of all nodes take turns, so each one starts from
/// what the last one wrote.
/// </summary>
internal interface IStatePassLock
{
    ValueTask<IAsyncDisposable> AcquireAsync(CancellationToken cancellationToken);

    /// <summary>The lock if no pass holds it right now, else null (without waiting).</summary>
    ValueTask<IAsyncDisposable?> TryAcquireAsync(CancellationToken cancellationToken);
}

/// <summary>The single-node lock: nothing to take.</summary>
internal sealed class NoPassLock : IStatePassLock, IAsyncDisposable
{
    public static readonly NoPassLock Instance = new();

    public ValueTask<IAsyncDisposable> AcquireAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IAsyncDisposable>(this);

    public ValueTask<IAsyncDisposable?> TryAcquireAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IAsyncDisposable?>(this);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
