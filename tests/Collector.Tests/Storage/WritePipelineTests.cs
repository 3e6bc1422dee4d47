using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Prometheus;
using Supervision.Collector.Configuration;
using Supervision.Collector.Observability;
using Supervision.Collector.Storage;
using Supervision.Core.Influx;
using Supervision.Core.Influx.Writing;

namespace Supervision.Collector.Tests.Storage;

/// <summary>The pipeline reuses its batch builders: these check that no batch is changed while it is sent or spilled.</summary>
public sealed class WritePipelineTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "supervision-pipeline-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task every_point_arrives_once_and_whole_while_batches_queue_spill_and_replay_behind_a_slow_influxdb()
    {
        var sink = new GatedSink();
        var metrics = new CollectorMetrics(Metrics.NewCustomRegistry());
        using var buffer = Buffer(_dir);
        using var pipeline = await StartAsync(metrics, new WriteDestination("test", sink, buffer));

        // 100 points in batches of 2 behind one blocked sender: one batch in flight, 32 queued, the rest spilled;
        // a builder reused before its batch was sent or spilled would show as a lost, repeated or mixed line.
        var expected = new List<string>();
        var lines = new LineProtocolBuilder(256);
        for (var i = 0; i < 100; i++)
        {
            expected.Add(AppendPoint(pipeline, lines, i));
            if (i == 9)
            {
                // The rest is appended while the first batch is in the sender's hands.
                await sink.Called.WaitAsync(TimeSpan.FromSeconds(10));
            }
        }

        await Until(() => metrics.Spilled.WithLabels("test").Value > 0, "the queue should have overflowed to disk");
        sink.Open();
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(20);
        while (sink.Lines.Length < expected.Count && TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Delay(50);
        }

        await pipeline.StopAsync(CancellationToken.None);
        Assert.Equal(expected.Order(StringComparer.Ordinal), sink.Lines.Order(StringComparer.Ordinal));
        Assert.Equal(100, metrics.PointsWritten.WithLabels("test").Value);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public async Task a_dead_server_never_holds_back_the_other_and_gets_every_point_once_when_it_returns()
    {
        var live = new GatedSink();
        live.Open();
        var dead = new DeadSink();
        var metrics = new CollectorMetrics(Metrics.NewCustomRegistry());
        using var liveBuffer = Buffer(Path.Combine(_dir, "live"));
        using var deadBuffer = Buffer(Path.Combine(_dir, "dead"));
        using var pipeline = await StartAsync(metrics, new WriteDestination("live", live, liveBuffer), new WriteDestination("dead", dead, deadBuffer));

        var expected = new List<string>();
        var lines = new LineProtocolBuilder(256);
        for (var i = 0; i < 200; i++)
        {
            expected.Add(AppendPoint(pipeline, lines, i));

            // Each batch reaches the live server while the dead one's sender is stuck in its retries: it never waits behind it.
            // (Paced so the live server's own queue of 32 never overflows on a loaded machine: that would be its own spill.)
            if (i % 2 == 1)
            {
                await Until(() => live.Lines.Length >= i + 1, $"batch {i / 2} on the live server");
            }
        }

        Assert.True(dead.Attempts > 0, "the dead server was tried");
        Assert.Equal(expected.Order(StringComparer.Ordinal), live.Lines.Order(StringComparer.Ordinal));
        Assert.Equal(0, metrics.Spilled.WithLabels("live").Value);
        await Until(() => metrics.Spilled.WithLabels("dead").Value + metrics.PointsQueued.WithLabels("dead").Value >= expected.Count - 2, "the dead server's points spilled");
        var health = pipeline.Health();
        Assert.Equal([("live", false), ("dead", true)], health.Select(h => (h.Server, h.Degraded)));
        Assert.Contains("refused", health[1].Description, StringComparison.Ordinal);

        dead.Revive();
        await Until(() => dead.Lines.Length >= expected.Count && deadBuffer.IsEmpty, "the backlog replayed to the returned server");
        await pipeline.StopAsync(CancellationToken.None);

        // Each point exactly once on each server: none lost, none written twice.
        Assert.Equal(expected.Order(StringComparer.Ordinal), dead.Lines.Order(StringComparer.Ordinal));
        Assert.Equal(expected.Count, metrics.PointsWritten.WithLabels("dead").Value);
        Assert.Equal(expected.Count, metrics.PointsWritten.WithLabels("live").Value);
        Assert.True(metrics.Replayed.WithLabels("dead").Value > 0);
        Assert.True(metrics.WriteFailures.WithLabels("dead").Value > 0);
        Assert.All(pipeline.Health(), h => Assert.False(h.Degraded, h.Description));
    }

    private static DiskBuffer Buffer(string folder) =>
        new(folder, 1 << 30, TimeSpan.FromHours(24), TimeProvider.System, NullLogger<DiskBuffer>.Instance);

    /// <summary>A started pipeline in batches of two points and one sender per server, so queues fill and spill quickly.</summary>
    private static async Task<WritePipeline> StartAsync(CollectorMetrics metrics, params WriteDestination[] destinations)
    {
        var options = new CollectorOptions { ShutdownGrace = TimeSpan.FromSeconds(5) };
        options.Write.BatchPoints = 2;
        options.Write.Concurrency = 1;
        var pipeline = new WritePipeline(destinations, TimeProvider.System, NullLogger<WritePipeline>.Instance, metrics, Options.Create(options));
        await pipeline.StartAsync(CancellationToken.None);
        return pipeline;
    }

    /// <summary>Appends point number <paramref name="i"/> (built in <paramref name="lines"/>, then reused) and returns its line.</summary>
    private static string AppendPoint(WritePipeline pipeline, LineProtocolBuilder lines, int i)
    {
        lines.Clear();
        lines.BeginPoint("scrape");
        lines.Tag("unit", "u" + i);
        lines.Field("value", (long)i);
        lines.EndPoint(1_763_866_800_000 + i);
        pipeline.Append(lines);
        return Encoding.UTF8.GetString(lines.WrittenMemory.Span).TrimEnd('\n');
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "timed out waiting for: " + what);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    /// <summary>Refuses every write as a stopped InfluxDB would (a transient failure) until revived, then records the lines.</summary>
    private sealed class DeadSink : IInfluxSink
    {
        private readonly List<string> _lines = [];
        private volatile bool _alive;
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

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

        public void Revive() => _alive = true;

        public Task WriteAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            if (!_alive)
            {
                throw new InfluxException("connection refused (127.0.0.1:1)", 0, isTransient: true);
            }

            lock (_lines)
            {
                _lines.AddRange(Encoding.UTF8.GetString(body.Span).TrimEnd('\n').Split('\n'));
            }

            return Task.CompletedTask;
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
