using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Supervision.Collector.Configuration;
using Supervision.Collector.Observability;
using Supervision.Core.Influx;

namespace Supervision.Collector.Storage;

/// <summary>
/// Gathers the scrapes' points into batches (by size and by time) and delivers them to InfluxDB with
/// <see cref="WriteOptions.Concurrency"/> requests at once: each batch is tried a few times with
/// backoff and jitter, then spilled to the disk buffer, which is replayed oldest first once InfluxDB
/// answers again. While anything waits on disk, new batches queue behind it on disk too. A body InfluxDB rejects as invalid is logged with its
/// message and counted as dropped: resending it could never succeed.
/// </summary>
/// <remarks>
/// On shutdown the partial batch is sealed and every batch still queued is delivered to InfluxDB within
/// <see cref="CollectorOptions.ShutdownGrace"/>; what cannot be delivered in that time is spilled to the
/// disk buffer (fsynced) and replayed by the next start, so a graceful stop loses nothing.
/// </remarks>
public sealed partial class WritePipeline : BackgroundService
{
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)];
    // Short enough that a recovered InfluxDB gets the backlog (and the live data queued behind it) within
    // seconds; a replay attempt against a server that is still down is a refused connection, which costs little.
    private static readonly TimeSpan MaxReplayBackoff = TimeSpan.FromSeconds(8);

    // Room for a default batch (5,000 points of ~200 bytes) without growing.
    private const int BatchCapacity = 1280 * 1024;

    private readonly IInfluxSink _sink;
    private readonly DiskBuffer _buffer;
    private readonly TimeProvider _time;
    private readonly ILogger<WritePipeline> _logger;
    private readonly CollectorMetrics _metrics;
    private readonly WriteOptions _options;
    private readonly TimeSpan _shutdownGrace;
    private readonly Channel<LineProtocolBuilder> _batches = Channel.CreateBounded<LineProtocolBuilder>(new BoundedChannelOptions(32) { FullMode = BoundedChannelFullMode.Wait, SingleReader = false });
    private readonly object _gate = new();

    // Sealed batches are the builders themselves, handed back here once delivered or spilled: a batch is a
    // megabyte, and a new array for each (several a second) kept the GC collecting the large-object heap.
    private readonly ConcurrentQueue<LineProtocolBuilder> _spare = new();
    private readonly int _maxSpare;
    private int _spareCount;
    private LineProtocolBuilder _current = new(BatchCapacity);
    private DateTimeOffset _currentStarted;

    /// <summary>Creates the pipeline.</summary>
    public WritePipeline(IInfluxSink sink, DiskBuffer buffer, TimeProvider time, ILogger<WritePipeline> logger, CollectorMetrics metrics, IOptions<CollectorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _sink = sink;
        _buffer = buffer;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _options = options.Value.Write;
        _shutdownGrace = options.Value.ShutdownGrace;
        _maxSpare = _options.Concurrency + 2;
    }

    /// <summary>Adds a scrape's points; seals the batch when it is full.</summary>
    public void Append(LineProtocolBuilder lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        AppendLines(lines.WrittenMemory.Span, lines.Points);
    }

    /// <summary>Adds <paramref name="points"/> complete line-protocol lines (ms precision); seals the batch when it is full.</summary>
    public void AppendLines(ReadOnlySpan<byte> lines, int points)
    {
        if (points == 0)
        {
            return;
        }

        LineProtocolBuilder? sealedBatch = null;
        lock (_gate)
        {
            if (_current.Points == 0)
            {
                _currentStarted = _time.GetUtcNow();
            }

            _current.AppendRaw(lines, points);
            if (_current.Points >= _options.BatchPoints)
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
        LineProtocolBuilder? batch;
        lock (_gate)
        {
            batch = _current.Points > 0 ? SealLocked() : null;
        }

        if (batch is not null)
        {
            Enqueue(batch);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var flusher = FlushOnTimeAsync(stoppingToken);
        var replayer = ReplayAsync(stoppingToken);

        // Deliveries get their own token: a stop starts the grace period instead of cutting a write
        // short (which would send it, and everything behind it, to disk).
        using var deliveryStop = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        await using (stoppingToken.Register(() => deliveryStop.CancelAfter(_shutdownGrace)))
        {
            var senders = new Task[_options.Concurrency];
            for (var i = 0; i < senders.Length; i++)
            {
                senders[i] = SendLoopAsync(deliveryStop.Token, stoppingToken);
            }

            await Task.WhenAll(senders);
            Flush();
            while (_batches.Reader.TryRead(out var left))
            {
                await DeliverAsync(left, deliveryStop.Token);
            }
        }

        await Task.WhenAll(flusher, replayer);
    }

    private async Task SendLoopAsync(CancellationToken deliveryToken, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var batch in _batches.Reader.ReadAllAsync(stoppingToken))
            {
                await DeliverAsync(batch, deliveryToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: what is left is written out by ExecuteAsync
        }
    }

    private void Enqueue(LineProtocolBuilder batch)
    {
        // Bounded memory: when the sender is behind, spill instead of queueing without limit.
        if (!_batches.Writer.TryWrite(batch))
        {
            Spill(batch.WrittenMemory.Span, batch.Points);
            Return(batch);
        }
    }

    private LineProtocolBuilder SealLocked()
    {
        var batch = _current;
        if (_spare.TryDequeue(out var spare))
        {
            Interlocked.Decrement(ref _spareCount);
            _current = spare;
        }
        else
        {
            _current = new LineProtocolBuilder(BatchCapacity);
        }

        return batch;
    }

    private void Return(LineProtocolBuilder batch)
    {
        // A few spares cover the senders; a backlog's extra builders go to the GC once it drains.
        batch.Clear();
        if (Interlocked.Increment(ref _spareCount) <= _maxSpare)
        {
            _spare.Enqueue(batch);
        }
        else
        {
            Interlocked.Decrement(ref _spareCount);
        }
    }

    private void Spill(ReadOnlySpan<byte> body, int points)
    {
        _buffer.Append(body, points);
        _metrics.Spilled.Inc(points);
    }

    private async Task DeliverAsync(LineProtocolBuilder batch, CancellationToken stoppingToken)
    {
        try
        {
            await DeliverAsync(batch.WrittenMemory, batch.Points, stoppingToken);
        }
        finally
        {
            Return(batch);
        }
    }

    private async Task DeliverAsync(ReadOnlyMemory<byte> body, int points, CancellationToken stoppingToken)
    {
        if (!_buffer.IsEmpty)
        {
            Spill(body.Span, points);
            return;
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var started = _time.GetTimestamp();
                await _sink.WriteAsync(body, stoppingToken);
                _metrics.WriteLatency.Observe(_time.GetElapsedTime(started).TotalSeconds);
                _metrics.PointsWritten.Inc(points);
                return;
            }
            catch (InfluxException ex) when (!ex.IsTransient)
            {
                LogRejected(_logger, points, ex.Message);
                _metrics.Dropped.WithLabels("rejected").Inc(points);
                return;
            }
            catch (InfluxException ex) when (attempt < RetryDelays.Length && !stoppingToken.IsCancellationRequested)
            {
                LogRetry(_logger, attempt + 1, ex.Message);
                await DelayAsync(Jitter(RetryDelays[attempt]), stoppingToken);
            }
            catch (Exception ex) when (ex is InfluxException or OperationCanceledException)
            {
                LogSpill(_logger, points, ex.Message);
                Spill(body.Span, points);
                return;
            }
        }
    }

    private async Task ReplayAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            _metrics.BufferBytes.Set(_buffer.Bytes);
            _metrics.BufferDropped.IncTo(_buffer.DroppedPoints);

            // As many records at once as there are senders: a backlog drains as fast as live data is written.
            var batches = _buffer.PeekMany(_options.Concurrency);
            if (batches.Count == 0)
            {
                await DelayAsync(TimeSpan.FromMilliseconds(500), stoppingToken);
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
                        _buffer.Commit(batch);
                    }

                    backoff = TimeSpan.FromSeconds(1);
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            await DelayAsync(Jitter(backoff), stoppingToken);
            backoff = backoff * 2 > MaxReplayBackoff ? MaxReplayBackoff : backoff * 2;
        }
    }

    /// <summary>Sends one replayed batch; false when InfluxDB is still unavailable. A rejected batch counts as done.</summary>
    private async Task<bool> ReplayOneAsync(BufferedBatch batch, CancellationToken stoppingToken)
    {
        try
        {
            await _sink.WriteAsync(batch.Body, stoppingToken);
            _metrics.PointsWritten.Inc(batch.Points);
            _metrics.Replayed.Inc(batch.Points);
            return true;
        }
        catch (InfluxException ex) when (!ex.IsTransient)
        {
            LogRejected(_logger, batch.Points, ex.Message);
            _metrics.Dropped.WithLabels("rejected").Inc(batch.Points);
            return true;
        }
        catch (InfluxException)
        {
            return false;
        }
    }

    private async Task FlushOnTimeAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await DelayAsync(TimeSpan.FromMilliseconds(Math.Max(50, _options.FlushInterval.TotalMilliseconds / 4)), stoppingToken);
            bool due;
            lock (_gate)
            {
                due = _current.Points > 0 && _time.GetUtcNow() - _currentStarted >= _options.FlushInterval;
            }

            if (due)
            {
                Flush();
            }
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken token)
    {
        try
        {
            await Task.Delay(delay, _time, token);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private static TimeSpan Jitter(TimeSpan delay) =>
        delay * (0.8 + (Random.Shared.NextDouble() * 0.4));

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "InfluxDB write attempt {Attempt} failed: {Error}")]
    private static partial void LogRetry(ILogger logger, int attempt, string error);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "InfluxDB unavailable, {Points} points spilled to the disk buffer: {Error}")]
    private static partial void LogSpill(ILogger logger, int points, string error);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "InfluxDB rejected a batch of {Points} points, dropped: {Error}")]
    private static partial void LogRejected(ILogger logger, int points, string error);
}
