using System.Threading.Channels;

namespace Supervision.Core.Influx.Writing;

/// <summary>What a host's health endpoint says of one InfluxDB server an <see cref="InfluxWriter"/> writes to.</summary>
/// <param name="Server">The server's name (<see cref="WriteDestination.ServerName"/>).</param>
/// <param name="Degraded">True while its batches go to disk instead of to it, or its latest write failed.</param>
/// <param name="Description">In words: what waits for it and its latest error.</param>
public sealed record DestinationHealth(string Server, bool Degraded, string Description);

/// <summary>
/// Delivers the writer's batches to one InfluxDB server: its own queue, <see cref="InfluxWriteOptions.Concurrency"/>
/// senders, spill loop and disk buffer, so a slow or dead server never holds back another. Each batch is tried a few
/// times with backoff and jitter, then spilled to the buffer, which is replayed oldest first once the server answers
/// again; while anything waits on disk, new batches queue behind it on disk too (the server gets its points in order).
/// A body the server finds too large (413) is sent in halves; one it rejects as invalid is logged with its message and
/// counted as dropped: resending it could never succeed.
/// </summary>
/// <remarks>
/// Appending only queues (<see cref="Offer"/> never waits and never touches the disk): when the server is slow or gone
/// and its queue grows past <see cref="InfluxWriteOptions.QueueBatches"/>, the spill loop moves the oldest batches to
/// disk. The scrapes that append therefore keep their cadence however long an fsync takes (issue 16: a stopped influxd
/// once silenced an agent's own <c>/metrics</c> for a minute while its scrape threads spilled). Each batch leaves the
/// queue once, to a sender or to the spill loop: none is written twice.
/// </remarks>
internal sealed partial class DestinationSender : IDisposable
{
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)];

    // Short enough that a recovered InfluxDB gets the backlog (and the live data queued behind it) within
    // seconds; a replay attempt against a server that is still down is a refused connection, which costs little.
    private static readonly TimeSpan MaxReplayBackoff = TimeSpan.FromSeconds(8);

    private readonly WriteDestination _destination;
    private readonly int _concurrency;
    private readonly int _queueLimit;
    private readonly Action<SharedBatch> _release;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly InfluxWriteObserver _observer;
    private readonly Channel<SharedBatch> _queue;

    // Released when the queue goes over its limit; the spill loop waits on it (continuations run on the pool, never
    // on the appending thread).
    private readonly SemaphoreSlim _overLimit = new(0);
    private readonly object _stateGate = new();
    private long _queuedPoints;
    private int _queuedBatches;
    private int _queueFullLogged;
    private DateTimeOffset? _lastSuccess;
    private DateTimeOffset? _lastFailure;
    private string? _lastError;

    public DestinationSender(WriteDestination destination, InfluxWriteOptions options, Action<SharedBatch> release, TimeProvider time, ILogger logger, InfluxWriteObserver observer)
    {
        _destination = destination;
        _concurrency = options.Concurrency;
        _queueLimit = options.QueueBatches;
        _release = release;
        _time = time;
        _logger = logger;
        _observer = observer;

        // Twice the limit: room for what arrives while the spill loop writes; never waits (the appenders are scrapes).
        _queue = Channel.CreateBounded<SharedBatch>(new BoundedChannelOptions(2 * options.QueueBatches) { FullMode = BoundedChannelFullMode.Wait, SingleReader = false });
    }

    public string Server => _destination.Server;

    /// <summary>
    /// Takes a share of <paramref name="batch"/> into the server's queue without waiting; over the queue's limit the
    /// spill loop is woken to move the oldest to disk (only the few batches in flight at that moment may reach the
    /// server after newer ones).
    /// </summary>
    public void Offer(SharedBatch batch)
    {
        var points = batch.Lines.Points;
        Interlocked.Add(ref _queuedPoints, points);
        _observer.Queued(points);
        if (!_queue.Writer.TryWrite(batch))
        {
            // The spill loop fell a whole queue behind: the disk is stalled. Losing the newest batch (counted) keeps the
            // scrapes running and memory bounded.
            Dequeued(points);
            if (Interlocked.Exchange(ref _queueFullLogged, 1) == 0)
            {
                LogQueueFull(_logger, Server, points, 2 * _queueLimit);
            }

            _observer.Dropped(points, InfluxWriteObserver.Causes.QueueFull);
            _release(batch);
            return;
        }

        if (Interlocked.Increment(ref _queuedBatches) > _queueLimit)
        {
            _overLimit.Release();
        }
    }

    /// <summary>The senders, spill loop and replayer: until <paramref name="stoppingToken"/>; deliveries in flight run on under <paramref name="deliveryToken"/>.</summary>
    public Task RunAsync(CancellationToken deliveryToken, CancellationToken stoppingToken)
    {
        var loops = new Task[_concurrency + 2];
        for (var i = 0; i < _concurrency; i++)
        {
            loops[i] = SendLoopAsync(deliveryToken, stoppingToken);
        }

        loops[^2] = SpillLoopAsync(stoppingToken);
        loops[^1] = ReplayAsync(stoppingToken);
        return Task.WhenAll(loops);
    }

    /// <summary>Delivers what is still queued (shutdown, after the loops stopped), spilling what cannot go within <paramref name="deliveryToken"/>.</summary>
    public async Task DrainAsync(CancellationToken deliveryToken)
    {
        while (TryTake(out var left))
        {
            await DeliverAsync(left, deliveryToken);
        }
    }

    /// <summary>Degraded while anything waits on disk for the server or its latest write failed; in words for a health endpoint.</summary>
    public DestinationHealth Health()
    {
        var buffer = _destination.Buffer;
        var waiting = !buffer.IsEmpty;
        var queued = Interlocked.Read(ref _queuedPoints);
        lock (_stateGate)
        {
            var failing = _lastFailure is { } failed && (_lastSuccess is not { } ok || failed > ok);
            var parts = new List<string>(4);
            if (waiting)
            {
                parts.Add($"{buffer.Bytes:N0} bytes waiting in the disk buffer {buffer.Folder}");
            }

            if (queued > 0)
            {
                parts.Add($"{queued:N0} points queued in memory");
            }

            if (failing)
            {
                parts.Add($"latest write failed at {_lastFailure:u}: {_lastError}");
            }
            else if (_lastSuccess is { } success)
            {
                parts.Add($"latest write accepted at {success:u}");
            }

            if (buffer.DroppedPoints > 0)
            {
                parts.Add($"{buffer.DroppedPoints:N0} points dropped by the buffer's limits since start");
            }

            return new DestinationHealth(Server, waiting || failing, parts.Count == 0 ? "nothing written yet" : string.Join("; ", parts));
        }
    }

    /// <inheritdoc />
    public void Dispose() => _overLimit.Dispose();

    /// <summary>Cuts a body of two or more points at the line boundary nearest its middle.</summary>
    internal static (ReadOnlyMemory<byte> First, int FirstPoints, ReadOnlyMemory<byte> Second) Split(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        var middle = span.Length / 2;
        var cut = span[..middle].LastIndexOf((byte)'\n');
        if (cut < 0)
        {
            cut = middle + span[middle..^1].IndexOf((byte)'\n');
        }

        var first = body[..(cut + 1)];
        return (first, first.Span.Count((byte)'\n'), body[(cut + 1)..]);
    }

    /// <summary>Waits <paramref name="delay"/>; a stop ends the wait quietly.</summary>
    internal static async Task DelayAsync(TimeSpan delay, TimeProvider time, CancellationToken token)
    {
        try
        {
            await Task.Delay(delay, time, token);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private bool TryTake(out SharedBatch batch)
    {
        if (!_queue.Reader.TryRead(out batch!))
        {
            return false;
        }

        Interlocked.Decrement(ref _queuedBatches);
        return true;
    }

    private async Task SendLoopAsync(CancellationToken deliveryToken, CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (TryTake(out var batch))
                {
                    await DeliverAsync(batch, deliveryToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: what is left is written out by DrainAsync
        }
    }

    /// <summary>Moves the oldest queued batches to disk while the queue is over its limit; the only place an over-full queue touches the disk.</summary>
    private async Task SpillLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await _overLimit.WaitAsync(stoppingToken);
                while (Volatile.Read(ref _queuedBatches) > _queueLimit && TryTake(out var oldest))
                {
                    var points = oldest.Lines.Points;
                    Dequeued(points);
                    try
                    {
                        Spill(oldest.Lines.WrittenMemory.Span, points);
                    }
                    finally
                    {
                        _release(oldest);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: what is left is written out by DrainAsync
        }
    }

    /// <summary>Replays the disk buffer oldest first whenever it holds something, until <paramref name="stoppingToken"/>.</summary>
    private async Task ReplayAsync(CancellationToken stoppingToken)
    {
        var buffer = _destination.Buffer;
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            _observer.Buffer(buffer.Bytes, buffer.DroppedPoints);

            // As many records at once as there are senders: a backlog drains as fast as live data is written.
            var batches = buffer.PeekMany(_concurrency);
            if (batches.Count == 0)
            {
                await DelayAsync(TimeSpan.FromMilliseconds(500), _time, stoppingToken);
                continue;
            }

            var sends = new Task<bool>[batches.Count];
            for (var i = 0; i < sends.Length; i++)
            {
                sends[i] = ReplayOneAsync(batches[i], stoppingToken);
            }

            try
            {
                var sent = await Task.WhenAll(sends);
                if (Array.IndexOf(sent, false) < 0)
                {
                    // In order, and only when all went: a record is never skipped; one sent twice is
                    // rewritten identically (at-least-once, DiskBuffer remarks).
                    foreach (var batch in batches)
                    {
                        buffer.Commit(batch);
                    }

                    backoff = TimeSpan.FromSeconds(1);
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            await DelayAsync(Jitter(backoff), _time, stoppingToken);
            backoff = backoff * 2 > MaxReplayBackoff ? MaxReplayBackoff : backoff * 2;
        }
    }

    private void Dequeued(int points)
    {
        Interlocked.Add(ref _queuedPoints, -points);
        _observer.Queued(-points);
    }

    private async Task DeliverAsync(SharedBatch batch, CancellationToken deliveryToken)
    {
        var points = batch.Lines.Points;
        Dequeued(points);
        try
        {
            await DeliverAsync(batch.Lines.WrittenMemory, points, deliveryToken);
        }
        finally
        {
            _release(batch);
        }
    }

    private async Task DeliverAsync(ReadOnlyMemory<byte> body, int points, CancellationToken deliveryToken)
    {
        if (!_destination.Buffer.IsEmpty)
        {
            Spill(body.Span, points);
            return;
        }

        for (var attempt = 0; ; attempt++)
        {
            var started = _time.GetTimestamp();
            try
            {
                await _destination.Sink.WriteAsync(body, deliveryToken);
                _observer.Written(points, _time.GetElapsedTime(started));
                Succeeded();
                return;
            }
            catch (InfluxRequestTooLargeException ex) when (points > 1)
            {
                // The server's body limit is below this batch: halves go through, each with its own retries, and no point is lost.
                Failed(ex);
                LogSplit(_logger, Server, points, body.Length);
                var (first, firstPoints, second) = Split(body);
                await DeliverAsync(first, firstPoints, deliveryToken);
                await DeliverAsync(second, points - firstPoints, deliveryToken);
                return;
            }
            catch (InfluxException ex) when (!ex.IsTransient)
            {
                if (Rejected(ex, points) is var kept and > 0)
                {
                    _observer.Written(kept, _time.GetElapsedTime(started));
                }

                return;
            }
            catch (InfluxException ex) when (attempt < RetryDelays.Length && !deliveryToken.IsCancellationRequested)
            {
                Failed(ex);
                LogRetry(_logger, Server, attempt + 1, ex.Message);
                await DelayAsync(Jitter(RetryDelays[attempt]), _time, deliveryToken);
            }
            catch (Exception ex) when (ex is InfluxException or OperationCanceledException)
            {
                Failed(ex as InfluxException ?? new InfluxException($"write to {Server} cut short by the stop: {ex.Message}", 0, true, ex));
                LogSpill(_logger, Server, points, ex.Message);
                Spill(body.Span, points);
                return;
            }
        }
    }

    /// <summary>Sends one replayed batch (in halves on a 413); false when the server is still unavailable. A rejected batch counts as done.</summary>
    private async Task<bool> ReplayOneAsync(BufferedBatch batch, CancellationToken stoppingToken)
    {
        try
        {
            await WriteSplittingAsync(batch.Body, batch.Points, stoppingToken);
            _observer.Replayed(batch.Points);
            Succeeded();
            return true;
        }
        catch (InfluxException ex) when (!ex.IsTransient)
        {
            if (Rejected(ex, batch.Points) is var kept and > 0)
            {
                _observer.Replayed(kept);
            }

            return true;
        }
        catch (InfluxException ex)
        {
            Failed(ex);
            return false;
        }
    }

    /// <summary>One write, or its halves (recursively) when the server finds it too large; a half sent twice on a later retry rewrites identical points.</summary>
    private async Task WriteSplittingAsync(ReadOnlyMemory<byte> body, int points, CancellationToken token)
    {
        try
        {
            await _destination.Sink.WriteAsync(body, token);
        }
        catch (InfluxRequestTooLargeException) when (points > 1)
        {
            LogSplit(_logger, Server, points, body.Length);
            var (first, firstPoints, second) = Split(body);
            await WriteSplittingAsync(first, firstPoints, token);
            await WriteSplittingAsync(second, points - firstPoints, token);
        }
    }

    /// <summary>A body the server refused as invalid: dropped, but for what a partial write stored; returns the points kept.</summary>
    private int Rejected(InfluxException error, int points)
    {
        Failed(error);
        var dropped = error is InfluxPartialWriteException { DroppedPoints: { } n } ? Math.Min(n, points) : points;
        LogRejected(_logger, Server, dropped, points, error.Message);
        _observer.Dropped(dropped, InfluxWriteObserver.Causes.Rejected);
        return points - dropped;
    }

    private void Spill(ReadOnlySpan<byte> body, int points)
    {
        try
        {
            _destination.Buffer.Append(body, points);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Disk full or failing: nothing can keep these points; the scrapes and the other servers go on.
            LogBufferFailed(_logger, Server, points, _destination.Buffer.Folder, ex.Message);
            _observer.Dropped(points, InfluxWriteObserver.Causes.BufferFailed);
            return;
        }

        _observer.Spilled(points);
        Volatile.Write(ref _queueFullLogged, 0);
    }

    private void Succeeded()
    {
        var now = _time.GetUtcNow();
        lock (_stateGate)
        {
            _lastSuccess = now;
        }
    }

    private void Failed(InfluxException error)
    {
        _observer.Failed(error);
        var now = _time.GetUtcNow();
        lock (_stateGate)
        {
            _lastFailure = now;
            _lastError = error.Message;
        }
    }

    private static TimeSpan Jitter(TimeSpan delay) =>
        delay * (0.8 + (Random.Shared.NextDouble() * 0.4));

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "InfluxDB {Server}: write attempt {Attempt} failed: {Error}")]
    private static partial void LogRetry(ILogger logger, string server, int attempt, string error);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "InfluxDB {Server} unavailable, {Points} points spilled to its disk buffer: {Error}")]
    private static partial void LogSpill(ILogger logger, string server, int points, string error);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "InfluxDB {Server} rejected {Dropped} of a batch of {Points} points, dropped: {Error}")]
    private static partial void LogRejected(ILogger logger, string server, int dropped, int points, string error);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Information, Message = "InfluxDB {Server} found a body of {Points} points ({Bytes} bytes) too large; sending it in halves")]
    private static partial void LogSplit(ILogger logger, string server, int points, int bytes);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Error, Message = "InfluxDB {Server}: {Queued} batches wait in memory and the disk buffer does not keep up; newest batch of {Points} points dropped (logged once until the next spill)")]
    private static partial void LogQueueFull(ILogger logger, string server, int points, int queued);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Error, Message = "InfluxDB {Server}: {Points} points could not be spilled to the disk buffer {Folder} and are lost: {Error}")]
    private static partial void LogBufferFailed(ILogger logger, string server, int points, string folder, string error);
}

/// <summary>
/// A sealed batch shared by every destination: the builder goes back to the writer's spares when the last one is
/// done with it (sent, spilled or rejected), so one server's slowness never changes the bytes another is sending.
/// </summary>
internal sealed class SharedBatch(int capacity)
{
    private int _holders;

    public LineProtocolBuilder Lines { get; } = new(capacity);

    /// <summary>Hands the batch to <paramref name="holders"/> destinations.</summary>
    public void Share(int holders) => Volatile.Write(ref _holders, holders);

    /// <summary>One destination is done; true for the last.</summary>
    public bool Release() => Interlocked.Decrement(ref _holders) == 0;
}
