namespace Supervision.Collector.Storage;

/// <summary>
/// The collector's way to InfluxDB: Core's <see cref="InfluxWriter"/> bound to <c>Collector:Write</c>, writing every
/// batch to each server of <c>Collector:Influx:Servers</c>, observed through the collector's metrics (label
/// <c>influx</c>), started and stopped with the host. Scrapes, roll-ups and pushes append here; appending never waits.
/// </summary>
/// <remarks>
/// Registered before the services that append, so the host stops it after them: its stop seals the partial batch and
/// delivers what is queued within <see cref="CollectorOptions.ShutdownGrace"/>, spilling the rest (docs/storage.md).
/// </remarks>
public sealed class WritePipeline : IHostedService, IDisposable
{
    private readonly InfluxWriter _writer;
    private readonly TimeSpan _shutdownGrace;

    /// <summary>Creates the pipeline writing to each of <paramref name="destinations"/> (at least one).</summary>
    public WritePipeline(IReadOnlyList<WriteDestination> destinations, TimeProvider time, ILogger<WritePipeline> logger, CollectorMetrics metrics, IOptions<CollectorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        _shutdownGrace = options.Value.ShutdownGrace;
        _writer = new InfluxWriter(destinations, options.Value.Write, time, logger, server => new WriteMetrics(metrics, server));
    }

    /// <summary>The servers written to, in the order of <c>Collector:Influx:Servers</c>.</summary>
    public IReadOnlyList<string> Servers => _writer.Servers;

    /// <summary>Each server's state for <c>/healthz</c>: degraded while its batches go to disk or its latest write failed.</summary>
    public IReadOnlyList<DestinationHealth> Health() => _writer.Health();

    /// <summary>Adds a scrape's points; seals the batch when it is full. Never waits.</summary>
    public void Append(LineProtocolBuilder lines) => _writer.Append(lines);

    /// <summary>Adds <paramref name="points"/> complete line-protocol lines (ms precision); seals the batch when it is full.</summary>
    public void AppendLines(ReadOnlySpan<byte> lines, int points) => _writer.AppendLines(lines, points);

    /// <summary>Seals the partial batch now (shutdown, tests).</summary>
    public void Flush() => _writer.Flush();

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writer.Start();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => _writer.StopAsync(_shutdownGrace).WaitAsync(cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>One server's write metrics: every child exported at 0 from the start, so the center's rules see a loss as an increase, not as a series appearing.</summary>
    private sealed class WriteMetrics : InfluxWriteObserver
    {
        private readonly Prometheus.Counter.Child _written;
        private readonly Prometheus.Gauge.Child _queued;
        private readonly Prometheus.Counter.Child _spilled;
        private readonly Prometheus.Counter.Child _replayed;
        private readonly Prometheus.Counter.Child _failures;
        private readonly Dictionary<string, Prometheus.Counter.Child> _dropped;
        private readonly Prometheus.Counter.Child _bufferDropped;
        private readonly Prometheus.Gauge.Child _bufferBytes;
        private readonly Prometheus.Histogram.Child _latency;

        public WriteMetrics(CollectorMetrics metrics, string server)
        {
            _written = metrics.PointsWritten.WithLabels(server);
            _queued = metrics.PointsQueued.WithLabels(server);
            _spilled = metrics.Spilled.WithLabels(server);
            _replayed = metrics.Replayed.WithLabels(server);
            _failures = metrics.WriteFailures.WithLabels(server);
            _dropped = Causes.All.ToDictionary(cause => cause, cause => metrics.Dropped.WithLabels(cause, server), StringComparer.Ordinal);
            _bufferDropped = metrics.BufferDropped.WithLabels(server);
            _bufferBytes = metrics.BufferBytes.WithLabels(server);
            _latency = metrics.WriteLatency.WithLabels(server);
        }

        public override void Queued(int points) => _queued.Inc(points);

        public override void Written(int points, TimeSpan took)
        {
            _latency.Observe(took.TotalSeconds);
            _written.Inc(points);
        }

        public override void Replayed(int points)
        {
            _written.Inc(points);
            _replayed.Inc(points);
        }

        public override void Spilled(int points) => _spilled.Inc(points);

        public override void Failed(InfluxException error) => _failures.Inc();

        public override void Dropped(int points, string cause) => _dropped[cause].Inc(points);

        public override void Buffer(long bytes, long droppedPoints)
        {
            _bufferBytes.Set(bytes);
            _bufferDropped.IncTo(droppedPoints);
        }
    }
}
