using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Prometheus;
using Supervision.Collector.Configuration;
using Supervision.Collector.Observability;
using Supervision.Collector.Storage;
using Supervision.Core.Influx;

namespace Supervision.Collector.Tests.Storage;

/// <summary>The pipeline reuses its batch builders: these check that no batch is changed while it is sent or spilled.</summary>
public sealed class WritePipelineTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "supervision-pipeline-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task every_point_arrives_once_and_whole_while_batches_queue_spill_and_replay_behind_a_slow_influxdb()
    {
        var sink = new GatedSink();
        var options = new CollectorOptions { ShutdownGrace = TimeSpan.FromSeconds(5) };
        options.Write.BatchPoints = 2;
        options.Write.Concurrency = 1;
        var metrics = new CollectorMetrics(Metrics.NewCustomRegistry());
        using var buffer = new DiskBuffer(_dir, 1 << 30, TimeSpan.FromHours(24), TimeProvider.System, NullLogger<DiskBuffer>.Instance);
        using var pipeline = new WritePipeline(sink, buffer, TimeProvider.System, NullLogger<WritePipeline>.Instance, metrics, Options.Create(options));
        await pipeline.StartAsync(CancellationToken.None);

        // 100 points in batches of 2 behind one blocked sender: one batch in flight, 32 queued, the rest spilled;
        // a builder reused before its batch was sent or spilled would show as a lost, repeated or mixed line.
        var expected = new List<string>();
        var lines = new LineProtocolBuilder(256);
        for (var i = 0; i < 100; i++)
        {
            lines.Clear();
            lines.BeginPoint("scrape");
            lines.Tag("unit", "u" + i);
            lines.Field("value", (long)i);
            lines.EndPoint(1_763_866_800_000 + i);
            expected.Add(Encoding.UTF8.GetString(lines.WrittenMemory.Span).TrimEnd('\n'));
            pipeline.Append(lines);
            if (i == 9)
            {
                // The rest is appended while the first batch is in the sender's hands.
                await sink.Called.WaitAsync(TimeSpan.FromSeconds(10));
            }
        }

        Assert.True(metrics.Spilled.Value > 0, "the queue should have overflowed to disk");
        sink.Open();
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(20);
        while (sink.Lines.Length < expected.Count && TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Delay(50);
        }

        await pipeline.StopAsync(CancellationToken.None);
        Assert.Equal(expected.Order(StringComparer.Ordinal), sink.Lines.Order(StringComparer.Ordinal));
        Assert.Equal(100, metrics.PointsWritten.Value);
        Assert.True(buffer.IsEmpty);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    /// <summary>Holds every write until opened, then records each body's lines after a pause (the body must not change meanwhile).</summary>
    private sealed class GatedSink : IInfluxSink
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _called = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<string> _lines = [];

        public string[] Lines
        {
            get
            {
                lock (_lines)
                {
                    return _lines.ToArray();
                }
            }
        }

        public Task Called => _called.Task;

        public void Open() => _open.TrySetResult();

        public async Task WriteAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
        {
            var before = body.ToArray();
            _called.TrySetResult();
            await _open.Task.WaitAsync(cancellationToken);
            await Task.Delay(5, cancellationToken);
            Assert.Equal(before, body.ToArray());
            var text = Encoding.UTF8.GetString(body.Span);
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
            lock (_lines)
            {
                _lines.AddRange(text.TrimEnd('\n').Split('\n'));
            }
        }
    }
}
