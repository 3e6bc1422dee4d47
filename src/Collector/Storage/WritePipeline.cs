using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Supervision.Collector.Configuration;
using Supervision.Collector.Observability;
using Supervision.Core.Influx;

namespace Supervision.Collector.Storage;

/// <summary>
/// Gathers the scrapes' points (and every other point the collector writes: roll-ups, pushed points) into batches, by
/// size and by time, and hands each batch to every InfluxDB server of <c>Collector:Influx:Servers</c>: one
/// <see cref="DestinationSender"/> per server with its own queue, senders and disk buffer, so a slow or dead server
/// spills and later replays its own backlog while the others go on at full speed (the relay pattern, docs/ha.md).
/// </summary>
/// <remarks>
/// On shutdown the partial batch is sealed and every batch still queued is delivered within
/// <see cref="CollectorOptions.ShutdownGrace"/>; what cannot be delivered in that time is spilled to its server's
/// disk buffer (fsynced) and replayed by the next start, so a graceful stop loses nothing on any server.
/// </remarks>
public sealed class WritePipeline : BackgroundService
{
    // Room for a default batch (5,000 points of ~200 bytes) without growing.
    private const int BatchCapacity = 1280 * 1024;

    private readonly DestinationSender[] _destinations;
    private readonly TimeProvider _time;
    private readonly WriteOptions _options;
    private readonly TimeSpan _shutdownGrace;
    private readonly object _gate = new();

    // Sealed batches are the builders themselves, handed back here once every server's share is delivered or spilled:
    // a batch is a megabyte, and a new array for each (several a second) kept the GC collecting the large-object heap.
    private readonly ConcurrentQueue<SharedBatch> _spare = new();
    private readonly int _maxSpare;
    private int _spareCount;
    private SharedBatch _current = new(BatchCapacity);
    private DateTimeOffset _currentStarted;

    /// <summary>Creates the pipeline writing to each of <paramref name="destinations"/> (at least one).</summary>
    public WritePipeline(IReadOnlyList<WriteDestination> destinations, TimeProvider time, ILogger<WritePipeline> logger, CollectorMetrics metrics, IOptions<CollectorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfZero(destinations.Count);
        _time = time;
        _options = options.Value.Write;
        _shutdownGrace = options.Value.ShutdownGrace;
        _destinations = [.. destinations.Select(d => new DestinationSender(d, _options.Concurrency, Return, time, logger, metrics))];
        _maxSpare = (_options.Concurrency + 2) * _destinations.Length;
    }

    /// <summary>The servers written to, in the order of <c>Collector:Influx:Servers</c>.</summary>
    public IReadOnlyList<string> Servers => [.. _destinations.Select(d => d.Server)];

    /// <summary>Each server's state for <c>/healthz</c>: degraded while its batches go to disk or its latest write failed.</summary>
    public IReadOnlyList<DestinationHealth> Health() => [.. _destinations.Select(d => d.Health())];

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

        SharedBatch? sealedBatch = null;
        lock (_gate)
        {
            if (_current.Lines.Points == 0)
            {
                _currentStarted = _time.GetUtcNow();
            }

            _current.Lines.AppendRaw(lines, points);
            if (_current.Lines.Points >= _options.BatchPoints)
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

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var flusher = FlushOnTimeAsync(stoppingToken);
        var replayers = _destinations.Select(d => d.ReplayAsync(stoppingToken)).ToArray();

        // Deliveries get their own token: a stop starts the grace period instead of cutting a write
        // short (which would send it, and everything behind it, to disk).
        using var deliveryStop = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        await using (stoppingToken.Register(() => deliveryStop.CancelAfter(_shutdownGrace)))
        {
            await Task.WhenAll(_destinations.Select(d => d.SendAsync(deliveryStop.Token, stoppingToken)));
            Flush();
            await Task.WhenAll(_destinations.Select(d => d.DrainAsync(deliveryStop.Token)));
        }

        await Task.WhenAll([flusher, .. replayers]);
    }

    private void Enqueue(SharedBatch batch)
    {
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
            _current = new SharedBatch(BatchCapacity);
        }

        return batch;
    }

    private void Return(SharedBatch batch)
    {
        if (!batch.Release())
        {
            return; // another server still holds it
        }

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

    private async Task FlushOnTimeAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await DestinationSender.DelayAsync(TimeSpan.FromMilliseconds(Math.Max(50, _options.FlushInterval.TotalMilliseconds / 4)), _time, stoppingToken);
            bool due;
            lock (_gate)
            {
                due = _current.Lines.Points > 0 && _time.GetUtcNow() - _currentStarted >= _options.FlushInterval;
            }

            if (due)
            {
                Flush();
            }
        }
    }
}
