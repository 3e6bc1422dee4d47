using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Influx;
using Supervision.Core.Influx.Writing;
using Supervision.Testing;

namespace Supervision.Core.Tests.Influx;

/// <summary>Core's one InfluxDB writer against a real influxd (a silent listener where the server must not answer).</summary>
public sealed class InfluxWriterTests(InfluxServerFixture influx) : IClassFixture<InfluxServerFixture>
{
    private readonly FakeTimeProvider _time = new();

    /// <summary>The one builder of writers under test: a long flush interval unless a test says otherwise.</summary>
    private WriterRig Rig(string database, Action<InfluxWriteOptions>? configure = null, bool gzip = false, Uri? url = null, TimeProvider? time = null)
    {
        var options = new InfluxWriteOptions { FlushInterval = TimeSpan.FromHours(1) };
        configure?.Invoke(options);
        return new WriterRig(WriterRig.Server(url ?? influx.Url, database, gzip), options, time ?? _time);
    }

    /// <summary>The <c>v</c> values stored, in time order: a mismatch shows which points are missing.</summary>
    private async Task<long[]> ValuesAsync(string database) =>
        [.. (await influx.Client(database).QueryAsync("SELECT v FROM m")).Series.SelectMany(s => s.Values).Select(row => (long)row[1]!)];

    private async Task<double?> CountAsync(string database, string measurement = "m") =>
        (await influx.Client(database).QueryAsync($"SELECT count(v) FROM {measurement}")).Series is [var s, ..] ? s.Double(0, "count") : 0;

    [Fact]
    public async Task a_batch_goes_when_it_reaches_its_point_limit()
    {
        var db = await influx.CreateDatabaseAsync("bw");
        await using var rig = Rig(db, o => o.BatchPoints = 10);
        for (var i = 0; i < 25; i++)
        {
            rig.Writer.AppendLines(WriterRig.Lines(i, 1), 1);
        }

        // Two batches sealed and queued, five points still filling.
        Assert.Equal([10, 10], rig.Counts.QueuedBatches);
        await rig.Writer.FlushAsync();
        Assert.Equal([10, 10, 5], rig.Counts.QueuedBatches);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), await ValuesAsync(db));
        Assert.Equal((3L, 25L), (rig.Counts.Writes, rig.Counts.PointsWritten));
    }

    [Fact]
    public async Task a_batch_goes_when_it_reaches_its_byte_limit()
    {
        var db = await influx.CreateDatabaseAsync("bw");
        await using var rig = Rig(db, o => o.BatchBytes = 1024, gzip: true);
        for (var i = 0; i < 10; i++)
        {
            rig.Writer.AppendLines(WriterRig.Lines(i, 1, padTo: 256), 1);
        }

        // 256-byte points: four fill a 1 KiB batch exactly; two are still filling.
        Assert.Equal([4, 4], rig.Counts.QueuedBatches);
        await rig.Writer.FlushAsync();
        Assert.Equal([4, 4, 2], rig.Counts.QueuedBatches);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), await ValuesAsync(db));
    }

    [Fact]
    public async Task a_partly_filled_batch_goes_when_its_first_point_has_waited_the_flush_interval()
    {
        var db = await influx.CreateDatabaseAsync("bw");
        await using var rig = Rig(db, o => o.FlushInterval = TimeSpan.FromSeconds(5));
        rig.Writer.AppendLines(WriterRig.Lines(0, 2), 2);
        _time.Advance(TimeSpan.FromSeconds(3));
        rig.Writer.AppendLines(WriterRig.Lines(2, 1), 1);
        _time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Empty(rig.Counts.QueuedBatches);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([3], rig.Counts.QueuedBatches);
        await rig.Writer.FlushAsync();
        Assert.Equal(3, await CountAsync(db));
        Assert.Equal(1, rig.Counts.Writes);
    }

    [Fact]
    public async Task a_server_that_never_answers_holds_at_most_its_queue_in_memory_the_rest_goes_to_disk_and_appending_never_waits()
    {
        // A listener that never answers holds the first batch in flight; closing it fails it (and refuses the retries).
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}");
        await using var rig = Rig("any", o => { o.BatchPoints = 2; o.QueueBatches = 2; o.Concurrency = 1; }, url: url, time: TimeProvider.System);
        rig.Writer.AppendLines(WriterRig.Lines(0, 2), 2);
        await WriterRig.Until(() => rig.Counts.InMemory == 0, "the first batch taken by the sender");
        for (var i = 1; i < 5; i++)
        {
            rig.Writer.AppendLines(WriterRig.Lines(2 * i, 2), 2);
        }

        // One batch in flight, two queued (the limit), the two oldest beyond it moved to disk by the spill loop.
        Assert.Equal([2, 2, 2, 2, 2], rig.Counts.QueuedBatches);
        await WriterRig.Until(() => rig.Counts.PointsSpilled == 4, "the two batches over the queue's limit spilled");
        Assert.Equal(4, rig.Counts.InMemory);
        Assert.Equal(0, rig.Counts.Writes);

        silent.Stop();
        await rig.Writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal((10L, 0L), (rig.Counts.PointsSpilled, rig.Counts.PointsWritten));
        Assert.NotEmpty(rig.Counts.Failures);
        Assert.All(rig.Counts.Failures, f => Assert.True(f.IsTransient, f.Message));
        Assert.Contains("127.0.0.1", rig.Counts.Failures[0].Message, StringComparison.Ordinal);
        var health = Assert.Single(rig.Writer.Health());
        Assert.True(health.Degraded);
        Assert.Contains("127.0.0.1", health.Description, StringComparison.Ordinal);
        Assert.Equal(0, rig.Counts.Dropped(InfluxWriteObserver.Causes.QueueFull));
    }

    [Fact]
    public async Task a_missing_database_is_retried_with_influxdbs_message_spilled_and_replayed_once_it_exists()
    {
        var db = $"late_{Guid.NewGuid():N}"[..20];
        await using var rig = Rig(db, time: TimeProvider.System);
        rig.Writer.AppendLines(WriterRig.Lines(0, 3), 3);

        await rig.Writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(3, rig.Counts.PointsSpilled);
        Assert.Equal(4, rig.Counts.FailuresBeforeSpill); // the first attempt and three retries
        Assert.All(rig.Counts.Failures, f => Assert.Contains("database not found", Assert.IsType<InfluxDatabaseNotFoundException>(f).Message, StringComparison.Ordinal));
        var health = Assert.Single(rig.Writer.Health());
        Assert.True(health.Degraded);
        Assert.Contains("database not found", health.Description, StringComparison.Ordinal);

        await influx.Client(db).ExecuteAsync($"CREATE DATABASE \"{db}\"");
        await WriterRig.Until(() => rig.Counts.PointsReplayed == 3 && rig.Buffer.IsEmpty, "the spilled batch replayed");
        Assert.Equal(new long[] { 0, 1, 2 }, await ValuesAsync(db));
        Assert.False(Assert.Single(rig.Writer.Health()).Degraded);
    }

    [Fact]
    public async Task a_partial_write_counts_the_points_influxdb_dropped_and_keeps_the_rest()
    {
        var db = await influx.CreateDatabaseAsync("bw");
        await influx.Client(db).WriteAsync(Encoding.UTF8.GetBytes("m v=1i 1\n"));
        await using var rig = Rig(db);
        rig.Writer.AppendLines(Encoding.UTF8.GetBytes("m v=2i 2\nm v=\"text\" 3\nm v=4i 4\n"), 3);

        await rig.Writer.FlushAsync();
        var partial = Assert.IsType<InfluxPartialWriteException>(Assert.Single(rig.Counts.Failures));
        Assert.Contains("field type conflict", partial.Message, StringComparison.Ordinal);
        Assert.Equal(1, partial.DroppedPoints);
        Assert.Equal((2L, 1L, 0L), (rig.Counts.PointsWritten, rig.Counts.Dropped(InfluxWriteObserver.Causes.Rejected), rig.Counts.PointsSpilled));
        Assert.Equal(3, await CountAsync(db));
    }

    [Fact]
    public async Task concurrent_appenders_lose_no_point()
    {
        const int appenders = 8;
        const int perAppender = 2_500;
        var db = await influx.CreateDatabaseAsync("bw");
        await using var rig = Rig(db, o => o.BatchPoints = 500, gzip: true, time: TimeProvider.System);
        await Task.WhenAll(Enumerable.Range(0, appenders).Select(w => Task.Run(() =>
        {
            var lines = new LineProtocolBuilder(1024);
            for (var i = 0; i < perAppender; i++)
            {
                lines.BeginPoint("m");
                lines.Tag("writer", w.ToString(System.Globalization.CultureInfo.InvariantCulture));
                lines.Field("v", (long)i);
                lines.EndPoint(i);
                if (lines.Points == 10)
                {
                    rig.Writer.Append(lines);
                    lines.Clear();
                }
            }
        })));
        await rig.Writer.FlushAsync();

        // A burst over the queue's limit is spilled and replayed: wait for the replay too.
        await WriterRig.Until(() => rig.Counts.PointsWritten == appenders * perAppender, "every point accepted");
        Assert.Equal(appenders * perAppender, await CountAsync(db));
        Assert.Equal(0, InfluxWriteObserver.Causes.All.Sum(rig.Counts.Dropped));
    }

    [Fact]
    public async Task appending_to_an_open_batch_allocates_nothing()
    {
        var db = await influx.CreateDatabaseAsync("bw");
        await using var rig = Rig(db, o => { o.BatchPoints = 100_000; o.BatchBytes = 4 * 1024 * 1024; });
        var line = WriterRig.Lines(0, 1, padTo: 100);
        rig.Writer.AppendLines(line, 1);
        rig.Writer.AppendLines(line, 1);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            rig.Writer.AppendLines(line, 1);
            rig.Writer.AppendLines(line, 1);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Empty(rig.Counts.QueuedBatches);
        await rig.Writer.FlushAsync();
        Assert.Equal([2_002], rig.Counts.QueuedBatches);
    }

    [Fact]
    public async Task stopping_writes_what_is_buffered_and_later_appends_are_refused_clearly()
    {
        var db = await influx.CreateDatabaseAsync("bw");
        var rig = Rig(db);
        rig.Writer.AppendLines(WriterRig.Lines(0, 3), 3);
        await rig.DisposeAsync();

        Assert.Equal(3, await CountAsync(db));
        var ex = Assert.Throws<InvalidOperationException>(() => rig.Writer.AppendLines(WriterRig.Lines(3, 1), 1));
        Assert.Contains("stopped", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task incomplete_lines_and_bad_options_are_refused_with_the_reason()
    {
        var destination = new WriteDestination("x", new NeverSink(), null!);
        var ex = Assert.Throws<ArgumentException>(() => new InfluxWriter([destination], new InfluxWriteOptions { BatchPoints = 0 }, _time, NullLogger.Instance));
        Assert.Contains("BatchPoints", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentException>(() => new InfluxWriter([destination], new InfluxWriteOptions { FlushInterval = TimeSpan.Zero, Concurrency = 0 }, _time, NullLogger.Instance));
        Assert.Contains("FlushInterval", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Concurrency", ex.Message, StringComparison.Ordinal);

        await using var rig = Rig(await influx.CreateDatabaseAsync("bw"));
        ex = Assert.Throws<ArgumentException>(() => rig.Writer.AppendLines(Encoding.UTF8.GetBytes("m v=1i 1"), 1));
        Assert.Contains("newline", ex.Message, StringComparison.Ordinal);
        await rig.Writer.FlushAsync();
        Assert.Empty(rig.Counts.QueuedBatches);
    }

    [Fact]
    public void a_body_is_split_at_the_line_boundary_nearest_its_middle()
    {
        var body = WriterRig.Lines(0, 5);
        var (first, firstPoints, second) = DestinationSender.Split(body);
        Assert.Equal(Encoding.UTF8.GetString(body), Encoding.UTF8.GetString(first.Span) + Encoding.UTF8.GetString(second.Span));
        Assert.Equal(2, firstPoints);
        Assert.Equal(3, second.Span.Count((byte)'\n'));
        var (a, aPoints, b) = DestinationSender.Split(Encoding.UTF8.GetBytes("a_long_first_line v=1i 1\nb v=1i 2\n"));
        Assert.Equal(("a_long_first_line v=1i 1\n", 1, "b v=1i 2\n"), (Encoding.UTF8.GetString(a.Span), aPoints, Encoding.UTF8.GetString(b.Span)));
    }

    /// <summary>For the option checks only: the constructor refuses before anything is sent.</summary>
    private sealed class NeverSink : IInfluxSink
    {
        public Task WriteAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken) => throw new InvalidOperationException("never called");
    }
}
