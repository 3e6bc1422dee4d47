using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Influx;
using Supervision.Testing;

namespace Supervision.Core.Tests.Influx;

public sealed class InfluxBatchWriterTests(InfluxServerFixture influx) : IClassFixture<InfluxServerFixture>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new();
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    /// <summary>The one builder of writers under test: long flush interval and no retries unless a test says otherwise.</summary>
    private InfluxBatchWriter Writer(string database, Action<InfluxBatchOptions>? configure = null, bool gzip = false, string? url = null)
    {
        var options = new InfluxBatchOptions { FlushInterval = TimeSpan.FromHours(1), MaxRetries = 0 };
        configure?.Invoke(options);
        var client = new InfluxClient(_http, new InfluxOptions { Url = url ?? influx.Url.ToString(), Database = database, Gzip = gzip, Timeout = Patience });
        return new InfluxBatchWriter(client, options, _time);
    }

    private static byte[] Lines(int from, int count, string measurement = "m", int padTo = 0)
    {
        var builder = new StringBuilder();
        for (var i = from; i < from + count; i++)
        {
            var head = $"{measurement} v={i}i";
            var tail = $" {i}\n";
            builder.Append(head);
            if (padTo > 0)
            {
                builder.Append(",pad=\"").Append('x', padTo - head.Length - tail.Length - 7).Append('"');
            }

            builder.Append(tail);
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
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
        await using var writer = Writer(db, o => o.MaxBatchPoints = 10);
        for (var i = 0; i < 25; i++)
        {
            Assert.True(writer.TryAppend(Lines(i, 1), 1));
        }

        Assert.Equal(2, writer.Statistics.BatchesSealed);
        Assert.Equal(5, writer.Statistics.PointsFilling);
        await writer.FlushAsync();
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), await ValuesAsync(db));
        Assert.Equal(3, writer.Statistics.BatchesWritten);
        Assert.Equal(25, writer.Statistics.PointsWritten);
    }

    [Fact]
    public async Task a_batch_goes_when_it_reaches_its_byte_limit()
    {
        var db = await influx.CreateDatabaseAsync("bw");
        await using var writer = Writer(db, o => o.MaxBatchBytes = 1024, gzip: true);
        for (var i = 0; i < 10; i++)
        {
            await writer.AppendAsync(Lines(i, 1, padTo: 256), 1);
        }

        // 256-byte points: four fill a 1 KiB batch exactly.
        Assert.Equal(2, writer.Statistics.BatchesSealed);
        Assert.Equal(2, writer.Statistics.PointsFilling);
        await writer.FlushAsync();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), await ValuesAsync(db));
    }

    [Fact]
    public async Task a_partly_filled_batch_goes_when_its_first_point_has_waited_the_flush_interval()
    {
        var db = await influx.CreateDatabaseAsync("bw");
        await using var writer = Writer(db, o => o.FlushInterval = TimeSpan.FromSeconds(5));
        Assert.True(writer.TryAppend(Lines(0, 2), 2));
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.True(writer.TryAppend(Lines(2, 1), 1));
        _time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Equal(0, writer.Statistics.BatchesSealed);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, writer.Statistics.BatchesSealed);
        Assert.Equal(0, writer.Statistics.PointsFilling);
        await writer.FlushAsync();
        Assert.Equal(3, await CountAsync(db));
        Assert.Equal(1, writer.Statistics.BatchesWritten);
    }

    [Fact]
    public async Task at_the_memory_cap_try_append_refuses_and_append_waits_until_a_batch_is_done()
    {
        // A listener that never answers holds both batches in flight; closing it fails them.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        await using var writer = Writer("any", o => { o.MaxBatchBytes = 1024; o.MaxBufferedBytes = 2048; }, url: url);
        var twoPoints = Lines(0, 2, padTo: 512);
        Assert.True(writer.TryAppend(twoPoints, 2));
        Assert.True(writer.TryAppend(twoPoints, 2));

        Assert.False(writer.TryAppend(Lines(0, 1), 1));
        Assert.Equal(1, writer.Statistics.PointsRefused);
        var waiting = writer.AppendAsync(Lines(0, 1), 1).AsTask();
        Assert.False(waiting.IsCompleted);

        silent.Stop();
        await waiting.WaitAsync(Patience);
        var error = await Assert.ThrowsAsync<InfluxBatchWriteException>(() => writer.FlushAsync().WaitAsync(Patience));
        Assert.Equal(3, error.FailedBatches);
        Assert.All(error.Failures, f => Assert.True(f.IsTransient));
        Assert.Contains("127.0.0.1", error.Message, StringComparison.Ordinal);
        var stats = writer.Statistics;
        Assert.Equal((5, 0, 5, 1), (stats.PointsAppended, stats.PointsWritten, stats.PointsFailed, stats.PointsRefused));
    }

    [Fact]
    public async Task a_missing_database_fails_the_batch_with_influxdbs_message_after_the_retries()
    {
        await using var writer = Writer("no_such_db", o => { o.MaxRetries = 2; o.RetryDelay = TimeSpan.Zero; });
        var failed = new List<(InfluxException Error, int Points, string Body)>();
        writer.BatchFailed += (_, e) => failed.Add((e.Error, e.Points, Encoding.UTF8.GetString(e.Body.Span)));
        Assert.True(writer.TryAppend(Lines(0, 3), 3));

        var error = await Assert.ThrowsAsync<InfluxBatchWriteException>(() => writer.FlushAsync());
        var notFound = Assert.IsType<InfluxDatabaseNotFoundException>(Assert.Single(error.Failures));
        Assert.Contains("database not found", notFound.Message, StringComparison.Ordinal);
        Assert.Contains("database not found", error.Message, StringComparison.Ordinal);
        var (e, points, body) = Assert.Single(failed);
        Assert.Same(notFound, e);
        Assert.Equal(3, points);
        Assert.Equal(Encoding.UTF8.GetString(Lines(0, 3)), body);
        Assert.Equal((2L, 3L), (writer.Statistics.Retries, writer.Statistics.PointsFailed));

        await writer.FlushAsync(); // failures are reported once
    }

    [Fact]
    public async Task a_partial_write_counts_the_points_influxdb_dropped_and_keeps_the_rest()
    {
        var db = await influx.CreateDatabaseAsync("bw");
        await influx.Client(db).WriteAsync(Encoding.UTF8.GetBytes("m v=1i 1\n"));
        await using var writer = Writer(db);
        Assert.True(writer.TryAppend(Encoding.UTF8.GetBytes("m v=2i 2\nm v=\"text\" 3\nm v=4i 4\n"), 3));

        var error = await Assert.ThrowsAsync<InfluxBatchWriteException>(() => writer.FlushAsync());
        var partial = Assert.IsType<InfluxPartialWriteException>(Assert.Single(error.Failures));
        Assert.Contains("field type conflict", partial.Message, StringComparison.Ordinal);
        Assert.Equal(1, partial.DroppedPoints);
        Assert.Equal((2L, 1L), (writer.Statistics.PointsWritten, writer.Statistics.PointsFailed));
        Assert.Equal(3, await CountAsync(db));
    }

    [Fact]
    public async Task concurrent_writers_lose_no_point()
    {
        const int writers = 8;
        const int perWriter = 2_500;
        var db = await influx.CreateDatabaseAsync("bw");
        await using var writer = Writer(db, o => { o.MaxBatchPoints = 500; o.MaxBatchBytes = 16 * 1024; o.MaxBufferedBytes = 64 * 1024; }, gzip: true);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var lines = new LineProtocolBuilder(1024);
            for (var i = 0; i < perWriter; i++)
            {
                lines.BeginPoint("m");
                lines.Tag("writer", w.ToString(System.Globalization.CultureInfo.InvariantCulture));
                lines.Field("v", (long)i);
                lines.EndPoint(i);
                if (lines.Points == 10)
                {
                    await writer.AppendAsync(lines);
                    lines.Clear();
                }
            }
        })));
        await writer.FlushAsync();

        Assert.Equal(writers * perWriter, await CountAsync(db));
        var stats = writer.Statistics;
        Assert.Equal((writers * perWriter, writers * perWriter, 0L), (stats.PointsAppended, stats.PointsWritten, stats.PointsFailed));
    }

    [Fact]
    public async Task appending_to_an_open_batch_allocates_nothing()
    {
        var db = await influx.CreateDatabaseAsync("bw");
        await using var writer = Writer(db, o => { o.MaxBatchPoints = 100_000; o.MaxBatchBytes = 4 * 1024 * 1024; o.MaxBufferedBytes = 8 * 1024 * 1024; });
        var line = Lines(0, 1, padTo: 100);
        Assert.True(writer.TryAppend(line, 1));
        await writer.AppendAsync(line, 1);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            writer.TryAppend(line, 1);
            var pending = writer.AppendAsync(line, 1);
            Assert.True(pending.IsCompletedSuccessfully);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(2_002, writer.Statistics.PointsFilling);
    }

    [Fact]
    public async Task disposing_writes_what_is_buffered_and_later_appends_are_refused_clearly()
    {
        var db = await influx.CreateDatabaseAsync("bw");
        var writer = Writer(db);
        Assert.True(writer.TryAppend(Lines(0, 3), 3));
        await writer.DisposeAsync();

        Assert.Equal(3, await CountAsync(db));
        Assert.Throws<ObjectDisposedException>(() => writer.TryAppend(Lines(3, 1), 1));
    }

    [Fact]
    public async Task incomplete_lines_and_bad_options_are_refused_with_the_reason()
    {
        var client = influx.Client();
        var ex = Assert.Throws<ArgumentException>(() => new InfluxBatchWriter(client, new InfluxBatchOptions { MaxBatchPoints = 0 }));
        Assert.Contains("MaxBatchPoints", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentException>(() => new InfluxBatchWriter(client, new InfluxBatchOptions { MaxBatchBytes = 1 << 20, MaxBufferedBytes = 1 << 20 }));
        Assert.Contains("MaxBufferedBytes", ex.Message, StringComparison.Ordinal);

        await using var writer = new InfluxBatchWriter(client, new InfluxBatchOptions(), _time);
        ex = Assert.Throws<ArgumentException>(() => writer.TryAppend(Encoding.UTF8.GetBytes("m v=1i 1"), 1));
        Assert.Contains("newline", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, writer.Statistics.PointsAppended);
    }

    [Fact]
    public void a_body_is_split_at_the_line_boundary_nearest_its_middle()
    {
        var body = Lines(0, 5);
        var (first, firstPoints, second) = InfluxBatchSender.Split(body);
        Assert.Equal(Encoding.UTF8.GetString(body), Encoding.UTF8.GetString(first.Span) + Encoding.UTF8.GetString(second.Span));
        Assert.Equal(2, firstPoints);
        Assert.Equal(3, second.Span.Count((byte)'\n'));
        var (a, aPoints, b) = InfluxBatchSender.Split(Encoding.UTF8.GetBytes("a_long_first_line v=1i 1\nb v=1i 2\n"));
        Assert.Equal(("a_long_first_line v=1i 1\n", 1, "b v=1i 2\n"), (Encoding.UTF8.GetString(a.Span), aPoints, Encoding.UTF8.GetString(b.Span)));
    }
}
