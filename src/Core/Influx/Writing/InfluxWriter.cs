using System.Collections.Concurrent;

namespace Supervision.Core.Influx.Writing;

/// <summary>
/// The one InfluxDB writer (docs/storage.md, "Writing"): gathers line-protocol points appended from many threads into
/// batches, by size and by time, and hands each batch to every server of <see cref="InfluxOptions.Servers"/>: one
/// <see cref="WriteDestination"/> per server with its own queue, senders, spill loop and disk buffer, so a slow or dead
/// server spills and later replays its own backlog while the others go on at full speed (the relay pattern, docs/ha.md).
/// </summary>
/// <remarks>
/// Appending never waits: it copies the points into the batch being filled under a short lock, and a sealed batch is
/// only queued; the disk is touched by each server's own loops. <see cref="StopAsync"/> seals the partial batch and
/// delivers everything still queued within its grace; what cannot be delivered in that time is spilled to its
/// server's disk buffer (fsynced) and replayed by the next start, so a graceful stop loses nothing on any server.
/// Nothing is dropped silently: every point ends written, spilled or dropped with a logged and observed cause
/// (<see cref="InfluxWriteObserver"/>).
/// </remarks>
public sealed class InfluxWriter : IAsyncDisposable
{
    /// <summary>Grace of <see cref="DisposeAsync"/> for the last deliveries.</summary>
    public static readonly TimeSpan DefaultShutdownGrace = TimeSpan.FromSeconds(5);

    // Room for a default batch (5,000 points of ~200 bytes) without growing.
    private const int BatchCapacity = 1280 * 1024;

    private readonly DestinationSender[] _destinations;
    private readonly TimeProvider _time;
    private readonly InfluxWriteOptions _options;
    private readonly ITimer _flushTimer;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _deliveryStop;
    private readonly List<TaskCompletionSource> _flushWaiters = [];

    // Sealed batches are the builders themselves, handed back here once every server's share is delivered or spilled:
    // a batch is a megabyte, and a new array for each (several a second) kept the GC collecting the large-object heap.
    private readonly ConcurrentQueue<SharedBatch> _spare = new();
    private readonly int _maxSpare;
    private int _spareCount;
    private long _outstanding; // shares of sealed batches not yet delivered, spilled or dropped
    private SharedBatch _current;
    private DateTimeOffset _currentStarted;
    private Task? _running;
    private Task? _stopped;
    private bool _closed;

    /// <summary>Creates the writer for <paramref name="destinations"/> (at least one); <see cref="Start"/> starts sending.</summary>
    /// <param name="destinations">The servers, each with its sink and its own disk buffer.</param>
    /// <param name="options">Batching, validated here (an <see cref="ArgumentException"/> names each bad setting).</param>
    /// <param name="time">Clock of the flush interval, retries and latencies.</param>
    /// <param name="logger">Retries, spills, rejections.</param>
    /// <param name="observe">The observer of each server, by its name (metrics); none by default.</param>
    public InfluxWriter(IReadOnlyList<WriteDestination> destinations, InfluxWriteOptions options, TimeProvider time, ILogger logger, Func<string, InfluxWriteObserver>? observe = null)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfZero(destinations.Count);
        options.ThrowIfInvalid("InfluxWriteOptions");
        _time = time;
        _options = options;
        _current = new SharedBatch(Math.Min(BatchCapacity, options.BatchBytes + 64 * 1024));
        _destinations = [.. destinations.Select(d => new DestinationSender(d, options, Return, time, logger, observe?.Invoke(d.Server) ?? new InfluxWriteObserver()))];
        _maxSpare = (options.Concurrency + 2) * _destinations.Length;
        _deliveryStop = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _flushTimer = time.CreateTimer(static state => ((InfluxWriter)state!).FlushIfDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The servers written to, in the order given.</summary>
    public IReadOnlyList<string> Servers => [.. _destinations.Select(d => d.Server)];

    /// <summary>Each server's state for a health endpoint: degraded while its batches go to disk or its latest write failed.</summary>
    public IReadOnlyList<DestinationHealth> Health() => [.. _destinations.Select(d => d.Health())];

    /// <summary>Adds the points of <paramref name="lines"/> (copied); seals the batch when it is full. Never waits.</summary>
    public void Append(LineProtocolBuilder lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        AppendLines(lines.WrittenMemory.Span, lines.Points);
    }

    /// <summary>
    /// Adds <paramref name="points"/> complete line-protocol lines (each ending in a newline; ms precision), copied;
    /// seals the batch when it is full. Never waits: a sealed batch is only queued for each server.
    /// </summary>
    /// <exception cref="ArgumentException">The lines do not end in a newline, or points does not fit them.</exception>
    /// <exception cref="InvalidOperationException">The writer has stopped.</exception>
    public void AppendLines(ReadOnlySpan<byte> lines, int points)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(points);
        if (lines.IsEmpty && points == 0)
        {
            return;
        }

        if (points == 0 || lines.IsEmpty || lines[^1] != (byte)'\n')
        {
            throw new ArgumentException($"lines must be complete points ending in a newline, and points ({points}) must count them", nameof(lines));
        }

        SharedBatch? sealedBatch = null;
        lock (_gate)
        {
            if (_closed)
            {
                throw new InvalidOperationException("the InfluxDB writer has stopped: points appended now would never be written");
            }

            if (_current.Lines.Points == 0)
            {
                _currentStarted = _time.GetUtcNow();
                _flushTimer.Change(_options.FlushInterval, Timeout.InfiniteTimeSpan);
            }

            _current.Lines.AppendRaw(lines, points);
            if (_current.Lines.Points >= _options.BatchPoints || _current.Lines.Length >= _options.BatchBytes)
            {
                sealedBatch = SealLocked();
            }
        }

        if (sealedBatch is not null)
        {
            Enqueue(sealedBatch);
        }
    }

    /// <summary>Seals the partial batch now (shutdown, tests).</summary>
    public void Flush()
    {
        SharedBatch? batch;
        lock (_gate)
        {
            batch = _current.Lines.Points > 0 ? SealLocked() : null;
        }

        if (batch is not null)
        {
            Enqueue(batch);
        }
    }

    /// <summary>
    /// Seals the partial batch and waits until every sealed batch has been delivered, spilled or dropped on every server
    /// (with appends still going on, until the writer is idle at some moment). What went where is the observer's to say.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        Flush();
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_flushWaiters)
        {
            if (Interlocked.Read(ref _outstanding) == 0)
            {
                return;
            }

            _flushWaiters.Add(idle);
        }

        await idle.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Starts every server's senders, spill loop and replayer (once).</summary>
    public void Start()
    {
        lock (_gate)
        {
            _running ??= Task.WhenAll(_destinations.Select(d => d.RunAsync(_deliveryStop.Token, _stopping.Token)));
        }
    }

    /// <summary>
    /// Stops: the loops end, the partial batch is sealed, and what is queued is delivered within <paramref name="grace"/>
    /// (a write in flight is not cut short before then); what cannot go is spilled to disk. Appending afterwards throws.
    /// </summary>
    public Task StopAsync(TimeSpan grace)
    {
        lock (_gate)
        {
            return _stopped ??= StopCoreAsync(grace);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(DefaultShutdownGrace);
        foreach (var destination in _destinations)
        {
            destination.Dispose();
        }

        _stopping.Dispose();
        _deliveryStop.Dispose();
    }

    private async Task StopCoreAsync(TimeSpan grace)
    {
        Start();
        _deliveryStop.CancelAfter(grace);
        await _stopping.CancelAsync();
        await _running!;
        SharedBatch? last;
        lock (_gate)
        {
            _closed = true;
            last = _current.Lines.Points > 0 ? SealLocked() : null;
        }

        await _flushTimer.DisposeAsync();
        if (last is not null)
        {
            Enqueue(last);
        }

        await Task.WhenAll(_destinations.Select(d => d.DrainAsync(_deliveryStop.Token)));
    }

    private void FlushIfDue()
    {
        SharedBatch? batch = null;
        lock (_gate)
        {
            if (_current.Lines.Points == 0)
            {
                return;
            }

            var age = _time.GetUtcNow() - _currentStarted;
            if (age >= _options.FlushInterval)
            {
                batch = SealLocked();
            }
            else if (!_closed)
            {
                _flushTimer.Change(_options.FlushInterval - age, Timeout.InfiniteTimeSpan);
            }
        }

        if (batch is not null)
        {
            Enqueue(batch);
        }
    }

    private void Enqueue(SharedBatch batch)
    {
        Interlocked.Add(ref _outstanding, _destinations.Length);
        batch.Share(_destinations.Length);
        foreach (var destination in _destinations)
        {
            destination.Offer(batch);
        }
    }

    private SharedBatch SealLocked()
    {
        var batch = _current;
        if (_spare.TryDequeue(out var spare))
        {
            Interlocked.Decrement(ref _spareCount);
            _current = spare;
        }
        else
        {
            _current = new SharedBatch(Math.Min(BatchCapacity, _options.BatchBytes + 64 * 1024));
        }

        return batch;
    }

    private void Return(SharedBatch batch)
    {
        if (batch.Release())
        {
            // A few spares cover the senders; a backlog's extra builders go to the GC once it drains.
            batch.Lines.Clear();
            if (Interlocked.Increment(ref _spareCount) <= _maxSpare)
            {
                _spare.Enqueue(batch);
            }
            else
            {
                Interlocked.Decrement(ref _spareCount);
            }
        }

        if (Interlocked.Decrement(ref _outstanding) == 0)
        {
            lock (_flushWaiters)
            {
                foreach (var waiter in _flushWaiters)
                {
                    waiter.TrySetResult();
                }

                _flushWaiters.Clear();
            }
        }
    }
}
