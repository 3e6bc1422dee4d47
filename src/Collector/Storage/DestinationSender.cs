using System.Threading.Channels;
using Prometheus;
using Supervision.Collector.Observability;
using Supervision.Core.Influx;

namespace Supervision.Collector.Storage;

/// <summary>What <c>/healthz</c> says of one InfluxDB server the collector writes to.</summary>
/// <param name="Server">The server's name (<see cref="WriteDestination.ServerName"/>).</param>
/// <param name="Degraded">True while its batches go to disk instead of to it, or its latest write failed.</param>
/// <param name="Description">In words: what waits for it and its latest error.</param>
public sealed record DestinationHealth(string Server, bool Degraded, string Description);

/// <summary>
/// Delivers the pipeline's batches to one InfluxDB server: its own bounded queue, <see cref="Configuration.WriteOptions.Concurrency"/>
/// senders and disk buffer, so a slow or dead server never holds back another. Each batch is tried a few times with
/// backoff and jitter, then spilled to the buffer, which is replayed oldest first once the server answers again; while
/// anything waits on disk, new batches queue behind it on disk too (the server gets its points in order). A body the
/// server rejects as invalid is logged with its message and counted as dropped: resending it could never succeed.
/// </summary>
internal sealed partial class DestinationSender
{
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)];

    // Short enough that a recovered InfluxDB gets the backlog (and the live data queued behind it) within
    // seconds; a replay attempt against a server that is still down is a refused connection, which costs little.
    private static readonly TimeSpan MaxReplayBackoff = TimeSpan.FromSeconds(8);

    private readonly WriteDestination _destination;
    private readonly int _concurrency;
    private readonly Action<SharedBatch> _release;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<SharedBatch> _queue = Channel.CreateBounded<SharedBatch>(new BoundedChannelOptions(32) { FullMode = BoundedChannelFullMode.Wait, SingleReader = false });
    private readonly Counter.Child _written;
    private readonly Gauge.Child _queued;
    private readonly Counter.Child _spilled;
    private readonly Counter.Child _replayed;
    private readonly Counter.Child _failures;
    private readonly Counter.Child _rejected;
    private readonly Counter.Child _bufferDropped;
    private readonly Gauge.Child _bufferBytes;
    private readonly Histogram.Child _latency;
    private readonly object _stateGate = new();
    private readonly object _overflowGate = new();
    private long _queuedPoints;
    private DateTimeOffset? _lastSuccess;
    private DateTimeOffset? _lastFailure;
    private string? _lastError;

    public DestinationSender(WriteDestination destination, int concurrency, Action<SharedBatch> release, TimeProvider time, ILogger logger, CollectorMetrics metrics)
    {
        _destination = destination;
        _concurrency = concurrency;
        _release = release;
        _time = time;
        _logger = logger;

        // Every child exported at 0 from the start: the center's rules see a loss as an increase, not as a series appearing.
        var server = destination.Server;
        _written = metrics.PointsWritten.WithLabels(server);
        _queued = metrics.PointsQueued.WithLabels(server);
        _spilled = metrics.Spilled.WithLabels(server);
        _replayed = metrics.Replayed.WithLabels(server);
        _failures = metrics.WriteFailures.WithLabels(server);
        _rejected = metrics.Dropped.WithLabels("rejected", server);
        _bufferDropped = metrics.BufferDropped.WithLabels(server);
        _bufferBytes = metrics.BufferBytes.WithLabels(server);
        _latency = metrics.WriteLatency.WithLabels(server);
    }

    public string Server => _destination.Server;

    public DiskBuffer Buffer => _destination.Buffer;

    /// <summary>
    /// Takes a share of <paramref name="batch"/>: queued in memory, or, when the queue is full (the server is slow or
    /// gone), spilled to disk behind everything still queued, so the server later gets its points oldest first (only the
    /// few batches in flight at that moment may come back after newer ones). Memory stays bounded either way.
    /// </summary>
    public void Offer(SharedBatch batch)
    {
        var points = batch.Lines.Points;
        Interlocked.Add(ref _queuedPoints, points);
        _queued.Inc(points);
        if (_queue.Writer.TryWrite(batch))
        {
            return;
        }

        lock (_overflowGate)
        {
            while (_queue.Reader.TryRead(out var older))
            {
                SpillQueued(older);
            }

            SpillQueued(batch);
        }
    }

    /// <summary>The senders: until <paramref name="stoppingToken"/>; deliveries in flight run on under <paramref name="deliveryToken"/>.</summary>
    public Task SendAsync(CancellationToken deliveryToken, CancellationToken stoppingToken)
    {
        var senders = new Task[_concurrency];
        for (var i = 0; i < senders.Length; i++)
        {
            senders[i] = SendLoopAsync(deliveryToken, stoppingToken);
        }

        return Task.WhenAll(senders);
    }

    /// <summary>Delivers what is still queued (shutdown, after the senders stopped), spilling what cannot go within <paramref name="deliveryToken"/>.</summary>
    public async Task DrainAsync(CancellationToken deliveryToken)
    {
        while (_queue.Reader.TryRead(out var left))
        {
            await DeliverAsync(left, deliveryToken);
        }
    }

    /// <summary>Replays the disk buffer oldest first whenever it holds something, until <paramref name="stoppingToken"/>.</summary>
    public async Task ReplayAsync(CancellationToken stoppingToken)
    {
        var buffer = _destination.Buffer;
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            _bufferBytes.Set(buffer.Bytes);
            _bufferDropped.IncTo(buffer.DroppedPoints);

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

    /// <summary>Degraded while anything waits on disk for the server or its latest write failed; in words for <c>/healthz</c>.</summary>
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

    private async Task SendLoopAsync(CancellationToken deliveryToken, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var batch in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await DeliverAsync(batch, deliveryToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: what is left is written out by DrainAsync
        }
    }

    private void SpillQueued(SharedBatch batch)
    {
        var points = batch.Lines.Points;
        Dequeued(points);
        try
        {
            Spill(batch.Lines.WrittenMemory.Span, points);
        }
        finally
        {
            _release(batch);
        }
    }

    private void Dequeued(int points)
    {
        Interlocked.Add(ref _queuedPoints, -points);
        _queued.Dec(points);
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
            try
            {
                var started = _time.GetTimestamp();
                await _destination.Sink.WriteAsync(body, deliveryToken);
                _latency.Observe(_time.GetElapsedTime(started).TotalSeconds);
                _written.Inc(points);
                Succeeded();
                return;
            }
            catch (InfluxException ex) when (!ex.IsTransient)
            {
                Failed(ex.Message);
                LogRejected(_logger, Server, points, ex.Message);
                _rejected.Inc(points);
                return;
            }
            catch (InfluxException ex) when (attempt < RetryDelays.Length && !deliveryToken.IsCancellationRequested)
            {
                Failed(ex.Message);
                LogRetry(_logger, Server, attempt + 1, ex.Message);
                await DelayAsync(Jitter(RetryDelays[attempt]), _time, deliveryToken);
            }
            catch (Exception ex) when (ex is InfluxException or OperationCanceledException)
            {
                Failed(ex.Message);
                LogSpill(_logger, Server, points, ex.Message);
                Spill(body.Span, points);
                return;
            }
        }
    }

    /// <summary>Sends one replayed batch; false when the server is still unavailable. A rejected batch counts as done.</summary>
    private async Task<bool> ReplayOneAsync(BufferedBatch batch, CancellationToken stoppingToken)
    {
        try
        {
            await _destination.Sink.WriteAsync(batch.Body, stoppingToken);
            _written.Inc(batch.Points);
            _replayed.Inc(batch.Points);
            Succeeded();
            return true;
        }
        catch (InfluxException ex) when (!ex.IsTransient)
        {
            Failed(ex.Message);
            LogRejected(_logger, Server, batch.Points, ex.Message);
            _rejected.Inc(batch.Points);
            return true;
        }
        catch (InfluxException ex)
        {
            Failed(ex.Message);
            return false;
        }
    }

    private void Spill(ReadOnlySpan<byte> body, int points)
    {
        _destination.Buffer.Append(body, points);
        _spilled.Inc(points);
    }

    private void Succeeded()
    {
        var now = _time.GetUtcNow();
        lock (_stateGate)
        {
            _lastSuccess = now;
        }
    }

    private void Failed(string error)
    {
        _failures.Inc();
        var now = _time.GetUtcNow();
        lock (_stateGate)
        {
            _lastFailure = now;
            _lastError = error;
        }
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

    private static TimeSpan Jitter(TimeSpan delay) =>
        delay * (0.8 + (Random.Shared.NextDouble() * 0.4));

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "InfluxDB {Server}: write attempt {Attempt} failed: {Error}")]
    private static partial void LogRetry(ILogger logger, string server, int attempt, string error);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "InfluxDB {Server} unavailable, {Points} points spilled to its disk buffer: {Error}")]
    private static partial void LogSpill(ILogger logger, string server, int points, string error);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "InfluxDB {Server} rejected a batch of {Points} points, dropped: {Error}")]
    private static partial void LogRejected(ILogger logger, string server, int points, string error);
}

/// <summary>
/// A sealed batch shared by every destination: the builder goes back to the pipeline's spares when the last one is
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
