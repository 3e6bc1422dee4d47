using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Supervision.Core.Influx;

/// <summary>
/// Batches line-protocol points appended from many threads into pooled buffers and writes them to InfluxDB
/// (gzip when <see cref="InfluxOptions.Gzip"/>): a batch goes when it is full (points or bytes) or when its
/// first point has waited <see cref="InfluxBatchOptions.FlushInterval"/>. Memory is capped by
/// <see cref="InfluxBatchOptions.MaxBufferedBytes"/>: at the cap <see cref="AppendAsync(ReadOnlyMemory{byte}, int, CancellationToken)"/>
/// waits and <see cref="TryAppend(ReadOnlySpan{byte}, int)"/> refuses (and counts the refusal).
/// </summary>
/// <remarks>
/// Nothing is dropped silently: every appended point ends up written, failed or refused, each counted in
/// <see cref="Statistics"/>. A failed batch (after the retries of transient errors) is logged with InfluxDB's
/// message, raised through <see cref="BatchFailed"/> with its body, and thrown by the next
/// <see cref="FlushAsync"/> as an <see cref="InfluxBatchWriteException"/>. A body InfluxDB finds too large
/// (413) is split in halves and sent again. Disposing flushes what is buffered.
/// </remarks>
public sealed partial class InfluxBatchWriter : IAsyncDisposable
{
    private const int MaxKeptFailures = 16;

    private readonly InfluxClient _client;
    private readonly InfluxBatchOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly Channel<Batch> _sealed = Channel.CreateUnbounded<Batch>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = true });
    private readonly ITimer _timer;
    private readonly Task[] _senders;
    private readonly Lock _gate = new();
    private readonly HashSet<long> _completedAhead = [];
    private readonly List<(long Through, TaskCompletionSource Done)> _flushWaiters = [];
    private readonly List<InfluxException> _failuresSinceFlush = [];
    private Batch? _current;
    private long _sealedCount;
    private long _completedThrough;
    private int _failuresNotKept;
    private bool _disposed;
    private long _pointsAppended;
    private long _pointsWritten;
    private long _pointsFailed;
    private long _pointsRefused;
    private long _batchesWritten;
    private long _batchesFailed;
    private long _retries;

    /// <summary>Creates the writer and starts its senders.</summary>
    /// <param name="client">Where batches go; its <see cref="InfluxOptions.Gzip"/> decides compression.</param>
    /// <param name="options">Limits, validated here (an <see cref="ArgumentException"/> names the bad setting).</param>
    /// <param name="time">Clock for the flush interval and retry delays.</param>
    /// <param name="logger">Where failures and retries are logged.</param>
    public InfluxBatchWriter(InfluxClient client, InfluxBatchOptions options, TimeProvider? time = null, ILogger<InfluxBatchWriter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _client = client;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        var slots = (int)Math.Min(options.MaxBufferedBytes / options.MaxBatchBytes, int.MaxValue);
        _slots = new SemaphoreSlim(slots, slots);
        _timer = _time.CreateTimer(static state => ((InfluxBatchWriter)state!).OnFlushTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _senders = new Task[options.MaxConcurrentWrites];
        for (var i = 0; i < _senders.Length; i++)
        {
            _senders[i] = Task.Run(SendLoopAsync);
        }
    }

    /// <summary>
    /// Raised on a sender thread when a batch finally failed. <see cref="InfluxBatchFailedEventArgs.Body"/> is
    /// valid only during the handler (its buffer returns to the pool): copy it to keep it. A handler that throws
    /// is logged and ignored.
    /// </summary>
    public event EventHandler<InfluxBatchFailedEventArgs>? BatchFailed;

    /// <summary>Counters since creation: appended = written + failed + refused + still buffered.</summary>
    public InfluxBatchStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return new InfluxBatchStatistics(
                    _pointsAppended,
                    Interlocked.Read(ref _pointsWritten),
                    Interlocked.Read(ref _pointsFailed),
                    Interlocked.Read(ref _pointsRefused),
                    _sealedCount,
                    Interlocked.Read(ref _batchesWritten),
                    Interlocked.Read(ref _batchesFailed),
                    Interlocked.Read(ref _retries),
                    _current?.Points ?? 0);
            }
        }
    }

    /// <summary>Appends the complete points of <paramref name="lines"/>, waiting while the memory cap is reached.</summary>
    public ValueTask AppendAsync(LineProtocolBuilder lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return AppendAsync(lines.WrittenMemory, lines.Points, cancellationToken);
    }

    /// <summary>
    /// Appends complete line-protocol points (each ending in a newline), waiting while the memory cap is reached;
    /// <paramref name="cancellationToken"/> bounds the wait. The bytes are copied before this returns or waits no more.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public async ValueTask AppendAsync(ReadOnlyMemory<byte> lines, int points, CancellationToken cancellationToken = default)
    {
        CheckLines(lines.Span, points);
        while (!TryAppendCore(lines.Span, points, slotHeld: false))
        {
            await _slots.WaitAsync(cancellationToken);
            if (TryAppendCore(lines.Span, points, slotHeld: true))
            {
                return;
            }
        }
    }

    /// <summary>Appends the complete points of <paramref name="lines"/>; false (counted as refused) when the memory cap is reached.</summary>
    public bool TryAppend(LineProtocolBuilder lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return TryAppend(lines.WrittenMemory.Span, lines.Points);
    }

    /// <summary>
    /// Appends complete line-protocol points (each ending in a newline) without waiting; false when the memory cap
    /// is reached, in which case the points are counted in <see cref="InfluxBatchStatistics.PointsRefused"/> and the
    /// caller keeps them.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public bool TryAppend(ReadOnlySpan<byte> lines, int points)
    {
        CheckLines(lines, points);
        if (TryAppendCore(lines, points, slotHeld: false))
        {
            return true;
        }

        Interlocked.Add(ref _pointsRefused, points);
        return false;
    }

    /// <summary>
    /// Sends the partly filled batch now and waits until every point appended before the call is written or
    /// failed; throws an <see cref="InfluxBatchWriteException"/> with the failures since the previous flush.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource? waiter = null;
        lock (_gate)
        {
            SealLocked();
            if (_sealedCount > _completedThrough)
            {
                waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _flushWaiters.Add((_sealedCount, waiter));
            }
        }

        if (waiter is not null)
        {
            await waiter.Task.WaitAsync(cancellationToken);
        }

        InfluxException[] failures;
        int notKept;
        lock (_gate)
        {
            failures = [.. _failuresSinceFlush];
            notKept = _failuresNotKept;
            _failuresSinceFlush.Clear();
            _failuresNotKept = 0;
        }

        if (failures.Length > 0)
        {
            throw new InfluxBatchWriteException(failures, failures.Length + notKept);
        }
    }

    /// <summary>Sends what is buffered and stops; failures are logged, counted and raised through <see cref="BatchFailed"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            SealLocked();
            _sealed.Writer.Complete();
        }

        await _timer.DisposeAsync();
        await Task.WhenAll(_senders);
        _slots.Dispose();
    }

    private static void CheckLines(ReadOnlySpan<byte> lines, int points)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(points);
        if (!lines.IsEmpty && (points == 0 || lines[^1] != (byte)'\n'))
        {
            throw new ArgumentException($"lines must be complete points ending in a newline, and points ({points}) must count them", nameof(lines));
        }
    }

    private bool TryAppendCore(ReadOnlySpan<byte> lines, int points, bool slotHeld)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                if (slotHeld)
                {
                    _slots.Release();
                }

                throw new ObjectDisposedException(nameof(InfluxBatchWriter));
            }

            if (lines.IsEmpty)
            {
                return true;
            }

            var batch = _current;
            if (batch is not null && batch.Length + lines.Length <= _options.MaxBatchBytes)
            {
                if (slotHeld)
                {
                    _slots.Release();
                }
            }
            else
            {
                if (!slotHeld && !_slots.Wait(0))
                {
                    return false;
                }

                SealLocked();
                batch = new Batch(ArrayPool<byte>.Shared.Rent(Math.Max(_options.MaxBatchBytes, lines.Length)), _time.GetTimestamp());
                _current = batch;
                _timer.Change(_options.FlushInterval, Timeout.InfiniteTimeSpan);
            }

            lines.CopyTo(batch.Buffer.AsSpan(batch.Length));
            batch.Length += lines.Length;
            batch.Points += points;
            _pointsAppended += points;
            if (batch.Points >= _options.MaxBatchPoints || batch.Length >= _options.MaxBatchBytes)
            {
                SealLocked();
            }

            return true;
        }
    }

    private void SealLocked()
    {
        if (_current is not { } batch)
        {
            return;
        }

        _current = null;
        batch.Sequence = ++_sealedCount;
        _sealed.Writer.TryWrite(batch);
    }

    private void OnFlushTimer()
    {
        lock (_gate)
        {
            if (_current is not { } batch)
            {
                return;
            }

            var age = _time.GetElapsedTime(batch.Opened);
            if (age >= _options.FlushInterval)
            {
                SealLocked();
            }
            else if (!_disposed)
            {
                _timer.Change(_options.FlushInterval - age, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private async Task SendLoopAsync()
    {
        using var sender = new InfluxBatchSender(_client, _options.Precision);
        await foreach (var batch in _sealed.Reader.ReadAllAsync())
        {
            try
            {
                await SendAsync(sender, batch.Buffer.AsMemory(0, batch.Length), batch.Points);
            }
            finally
            {
                Complete(batch);
            }
        }
    }

    private async Task SendAsync(InfluxBatchSender sender, ReadOnlyMemory<byte> body, int points)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await sender.SendAsync(body);
                Interlocked.Add(ref _pointsWritten, points);
                Interlocked.Increment(ref _batchesWritten);
                return;
            }
            catch (InfluxRequestTooLargeException) when (points > 1)
            {
                // The server's body limit is below our batch size: halves go through, and no point is lost.
                var (first, firstPoints, second) = InfluxBatchSender.Split(body);
                LogSplit(_logger, points, body.Length);
                await SendAsync(sender, first, firstPoints);
                await SendAsync(sender, second, points - firstPoints);
                return;
            }
            catch (InfluxException ex) when (ex.IsTransient && attempt < _options.MaxRetries)
            {
                Interlocked.Increment(ref _retries);
                LogRetry(_logger, points, attempt + 1, ex.Message);
                await Task.Delay(_options.RetryDelay * Math.Pow(2, attempt), _time);
            }
            catch (InfluxException ex)
            {
                Fail(body, points, ex);
                return;
            }
#pragma warning disable CA1031 // the sender loop must outlive any fault so later batches are still sent; the fault is counted and surfaced
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Fail(body, points, new InfluxException($"writing a batch to InfluxDB failed unexpectedly: {ex.Message}", 0, false, ex));
                return;
            }
        }
    }

    private void Fail(ReadOnlyMemory<byte> body, int points, InfluxException error)
    {
        var failed = error is InfluxPartialWriteException partial ? partial.DroppedPoints ?? points : points;
        Interlocked.Add(ref _pointsWritten, points - failed);
        Interlocked.Add(ref _pointsFailed, failed);
        Interlocked.Increment(ref _batchesFailed);
        LogFailed(_logger, points, failed, error.StatusCode, error.Message);
        lock (_gate)
        {
            if (_failuresSinceFlush.Count < MaxKeptFailures)
            {
                _failuresSinceFlush.Add(error);
            }
            else
            {
                _failuresNotKept++;
            }
        }

        try
        {
            BatchFailed?.Invoke(this, new InfluxBatchFailedEventArgs(error, points, failed, body));
        }
#pragma warning disable CA1031 // a subscriber's fault must not stop the sender; it is logged
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogHandlerFailed(_logger, ex);
        }
    }

    private void Complete(Batch batch)
    {
        ArrayPool<byte>.Shared.Return(batch.Buffer);
        lock (_gate)
        {
            // Batches finish out of order with several senders; a flush waits for all up to its own.
            if (batch.Sequence == _completedThrough + 1)
            {
                _completedThrough++;
                while (_completedAhead.Remove(_completedThrough + 1))
                {
                    _completedThrough++;
                }

                for (var i = _flushWaiters.Count - 1; i >= 0; i--)
                {
                    if (_flushWaiters[i].Through <= _completedThrough)
                    {
                        _flushWaiters[i].Done.TrySetResult();
                        _flushWaiters.RemoveAt(i);
                    }
                }
            }
            else
            {
                _completedAhead.Add(batch.Sequence);
            }
        }

        _slots.Release();
    }

    [LoggerMessage(EventId = 801, Level = LogLevel.Warning, Message = "InfluxDB write of {Points} points failed (attempt {Attempt}), retrying: {Error}")]
    private static partial void LogRetry(ILogger logger, int points, int attempt, string error);

    [LoggerMessage(EventId = 802, Level = LogLevel.Error, Message = "InfluxDB write of {Points} points failed, {Failed} not written (HTTP {Status}): {Error}")]
    private static partial void LogFailed(ILogger logger, int points, long failed, int status, string error);

    [LoggerMessage(EventId = 803, Level = LogLevel.Information, Message = "InfluxDB found a body of {Points} points ({Bytes} bytes) too large; sending it in halves")]
    private static partial void LogSplit(ILogger logger, int points, int bytes);

    [LoggerMessage(EventId = 804, Level = LogLevel.Error, Message = "A BatchFailed handler threw")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception);

    /// <summary>One pooled buffer of points; owned by the writer's lock while filling, by one sender after sealing.</summary>
    private sealed class Batch(byte[] buffer, long opened)
    {
        public byte[] Buffer { get; } = buffer;

        public long Opened { get; } = opened;

        public int Length { get; set; }

        public int Points { get; set; }

        public long Sequence { get; set; }
    }
}
