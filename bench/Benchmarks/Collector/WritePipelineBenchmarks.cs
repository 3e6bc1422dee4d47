using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Prometheus;
using Supervision.Collector.Configuration;
using Supervision.Collector.Observability;
using Supervision.Collector.Storage;
using Supervision.Core.Influx.Writing;

namespace Supervision.Benchmarks.Collector;

/// <summary>
/// The collector's write path with one and with two InfluxDB servers (Collector:Influx:Replicas): one operation is a
/// default batch (5,000 points, 25 scrapes of 200 lines) appended and delivered to every server's sink. The sinks take
/// the body and count (no HTTP): this is the pipeline's own CPU and allocation per batch (queues, senders, metrics),
/// what a second destination adds besides its HTTP request (bench/RESULTS.md, "Second InfluxDB destination").
/// </summary>
[MemoryDiagnoser]
public class WritePipelineBenchmarks
{
    private const int Scrapes = 25;
    private const int LinesPerScrape = 200;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bench-pipeline-" + Guid.NewGuid().ToString("N"));
    private readonly List<DiskBuffer> _buffers = [];
    private CountingSink[] _sinks = [];
    private WritePipeline _pipeline = null!;
    private byte[] _scrape = [];

    /// <summary>InfluxDB servers written to.</summary>
    [Params(1, 2)]
    public int Destinations { get; set; }

    /// <summary>Starts the pipeline on counting sinks and renders one scrape's lines.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var lines = new StringBuilder();
        for (var i = 0; i < LinesPerScrape; i++)
        {
            lines.Append("dossier,province=79,unit=26737,system=dossier,procedure=p").Append(i).Append(" dossier_received_total=").Append(i * 7).Append("i 1765100000000\n");
        }

        _scrape = Encoding.UTF8.GetBytes(lines.ToString());
        var options = new CollectorOptions();
        options.Write.FlushInterval = TimeSpan.FromHours(1); // batches are sealed by size only
        _sinks = [.. Enumerable.Range(0, Destinations).Select(_ => new CountingSink())];
        var destinations = _sinks.Select((sink, i) =>
        {
            var buffer = new DiskBuffer(Path.Combine(_dir, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), 1 << 30, TimeSpan.FromHours(1), TimeProvider.System, NullLogger<DiskBuffer>.Instance);
            _buffers.Add(buffer);
            return new WriteDestination($"influx-{i}", sink, buffer);
        }).ToList();
        _pipeline = new WritePipeline(destinations, TimeProvider.System, NullLogger<WritePipeline>.Instance, new CollectorMetrics(Metrics.NewCustomRegistry()), Options.Create(options));
        _pipeline.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Stops the pipeline and removes its buffers.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _pipeline.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        _pipeline.Dispose();
        foreach (var buffer in _buffers)
        {
            buffer.Dispose();
        }

        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>One 5,000-point batch appended and delivered to every server.</summary>
    [Benchmark]
    public async Task Batch()
    {
        for (var i = 0; i < Scrapes; i++)
        {
            _pipeline.AppendLines(_scrape, LinesPerScrape);
        }

        // This operation's own batch on every server: nothing queues up, so no server's queue overflows to disk.
        foreach (var sink in _sinks)
        {
            await sink.Arrived.WaitAsync();
        }
    }

    /// <summary>Takes each body as an InfluxDB that answers at once would, and counts the batches that arrived.</summary>
    private sealed class CountingSink : IInfluxSink
    {
        public SemaphoreSlim Arrived { get; } = new(0);

        public Task WriteAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
        {
            if (body.IsEmpty)
            {
                throw new InvalidOperationException("empty batch");
            }

            Arrived.Release();
            return Task.CompletedTask;
        }
    }
}
