namespace Supervision.Alerting.Notify.Delivery;

/// <summary>
/// Wakes the delivery loop as soon as the pipeline enqueued something, so a page does not wait for the next
/// tick. Signals coalesce: many enqueues before the loop wakes make one pass.
/// </summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    /// <summary>Marks work as waiting.</summary>
    public void Notify()
    {
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the pending pass will see this work too.
        }
    }

    /// <summary>Waits for a signal.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _semaphore.WaitAsync(cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _semaphore.Dispose();
}
