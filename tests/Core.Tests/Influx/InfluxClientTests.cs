using System.Text;
using Supervision.Core.Influx;
using Supervision.Testing;

namespace Supervision.Core.Tests.Influx;

public sealed class InfluxClientTests(InfluxServerFixture influx) : IClassFixture<InfluxServerFixture>
{
    private static byte[] Body(Action<LineProtocolBuilder> write)
    {
        var builder = new LineProtocolBuilder();
        write(builder);
        return builder.WrittenMemory.ToArray();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task names_tags_and_strings_with_every_special_character_read_back_identical(bool gzip)
    {
        var db = await influx.CreateDatabaseAsync("rt");
        var client = new InfluxClient(new HttpClient(), new InfluxOptions { Url = influx.Url.ToString(), Database = db, Gzip = gzip });
        const string measurement = "đo lường, \"x\"=1";
        const string tagKey = "khoá, =\"k\"";
        const string tagValue = "Phường Tân Định, Q.1 = \"HCM\" C:\\dir";
        const string fieldKey = "ghi chú, =\"f\"";
        const string text = "say \"xin chào\"\\ over\nlines, = done";
        await client.WriteAsync(Body(b =>
        {
            b.BeginPoint(measurement);
            b.Tag(tagKey, tagValue);
            b.Field(fieldKey, text);
            b.Field("n", 42L);
            b.Field("x", 0.1 + 0.2);
            b.EndPoint(1_700_000_000_123);
        }));

        var series = Assert.Single((await client.QueryAsync($"SELECT * FROM \"{measurement.Replace("\"", "\\\"", StringComparison.Ordinal)}\"")).Series);
        Assert.Equal(measurement, series.Name);
        Assert.Equal(tagValue, series.String(0, tagKey));
        Assert.Equal(text, series.String(0, fieldKey));
        Assert.Equal(42, series.Double(0, "n"));
        Assert.Equal(0.1 + 0.2, series.Double(0, "x"));
        Assert.Equal(1_700_000_000_123, series.Double(0, "time"));
    }

    [Theory]
    [InlineData(InfluxPrecision.Seconds, 1_700_000_000L, 1_700_000_000_000L)]
    [InlineData(InfluxPrecision.Milliseconds, 1_700_000_000_123L, 1_700_000_000_123L)]
    [InlineData(InfluxPrecision.Nanoseconds, 1_700_000_000_123_456_789L, 1_700_000_000_123L)]
    public async Task timestamps_are_read_in_the_precision_they_are_written_in(InfluxPrecision precision, long written, long expectedMs)
    {
        var db = await influx.CreateDatabaseAsync("pr");
        var client = influx.Client(db);
        await client.WriteAsync(Body(b =>
        {
            b.Precision = precision;
            b.BeginPoint("m");
            b.Field("v", 1L);
            b.EndPoint(written);
        }), precision);

        var series = Assert.Single((await client.QueryAsync("SELECT v FROM m")).Series);
        Assert.Equal(expectedMs, series.Double(0, "time"));
        // The stored nanoseconds match exactly: nothing was rounded on the way.
        var storedNs = precision switch { InfluxPrecision.Seconds => written * 1_000_000_000, InfluxPrecision.Milliseconds => written * 1_000_000, _ => written };
        var exact = Assert.Single((await client.QueryAsync($"SELECT v FROM m WHERE time = {storedNs}")).Series);
        Assert.Single(exact.Values);
    }

    [Fact]
    public async Task several_statements_come_back_as_several_results_with_group_by_tags()
    {
        var db = await influx.CreateDatabaseAsync("ms");
        var client = influx.Client(db);
        await client.WriteAsync(Encoding.UTF8.GetBytes("scrape,unit=26737 up=1i 1000\nscrape,unit=26740 up=0i 1000\n"));
        var result = await client.QueryAsync("SELECT last(up) FROM scrape GROUP BY unit; SELECT count(up) FROM scrape");
        Assert.Equal(2, result.Statements.Count);
        Assert.Equal(["26737", "26740"], result.Statements[0].Series.Select(s => s.Tag("unit")));
        Assert.Equal(2, result.Statements[1].Series[0].Double(0, "count"));
    }

    [Fact]
    public async Task a_partial_write_surfaces_with_influxdbs_message()
    {
        var db = await influx.CreateDatabaseAsync("pw");
        var client = influx.Client(db);
        await client.WriteAsync(Encoding.UTF8.GetBytes("m v=1i 1000\n"));
        var ex = await Assert.ThrowsAsync<InfluxPartialWriteException>(() =>
            client.WriteAsync(Encoding.UTF8.GetBytes("m v=2i 2000\nm v=\"text\" 3000\n")));
        Assert.Contains("field type conflict", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
        Assert.Equal(2, (await client.QueryAsync("SELECT count(v) FROM m")).Series[0].Double(0, "count"));
    }

    [Fact]
    public async Task a_missing_database_surfaces_with_influxdbs_message_as_transient()
    {
        var client = influx.Client("no_such_db");
        var ex = await Assert.ThrowsAsync<InfluxDatabaseNotFoundException>(() => client.WriteAsync(Encoding.UTF8.GetBytes("m v=1i 1\n")));
        Assert.Contains("database not found", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.IsTransient);
        await Assert.ThrowsAsync<InfluxDatabaseNotFoundException>(() => client.QueryAsync("SELECT * FROM m"));
    }

    [Fact]
    public async Task bad_line_protocol_and_bad_influxql_are_bad_requests_naming_the_problem()
    {
        var client = influx.Client();
        var write = await Assert.ThrowsAsync<InfluxBadRequestException>(() => client.WriteAsync(Encoding.UTF8.GetBytes("m v= 1\n")));
        Assert.Contains("unable to parse", write.Message, StringComparison.Ordinal);
        var query = await Assert.ThrowsAsync<InfluxBadRequestException>(() => client.QueryAsync("SELEKT 1"));
        Assert.Contains("error parsing query", query.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_unreachable_server_is_a_transient_error()
    {
        var client = new InfluxClient(new HttpClient(), new InfluxOptions { Url = $"http://127.0.0.1:{FreePort.Next()}", Timeout = TimeSpan.FromSeconds(2) });
        var ex = await Assert.ThrowsAsync<InfluxException>(() => client.PingAsync());
        Assert.True(ex.IsTransient);
        Assert.Equal(0, ex.StatusCode);
    }

    [Fact]
    public async Task the_setup_creates_the_retention_policies_and_the_roll_up_continuous_queries()
    {
        var client = influx.Client();
        Assert.NotNull(await client.PingAsync());
        var policies = (await client.QueryAsync("SHOW RETENTION POLICIES ON supervision")).Series[0];
        var raw = Enumerable.Range(0, policies.Values.Count).Single(i => policies.String(i, "name") == "raw");
        Assert.Equal("720h0m0s", policies.String(raw, "duration"));
        Assert.Equal(true, policies.Values[raw][policies.ColumnIndex("default")]);
        Assert.Contains(Enumerable.Range(0, policies.Values.Count), i => policies.String(i, "name") == "hourly" && policies.String(i, "duration") == "17472h0m0s");
        var queries = (await client.QueryAsync("SHOW CONTINUOUS QUERIES")).Series.Single(s => s.Name == "supervision");
        var units = Enumerable.Range(0, queries.Values.Count).Single(i => queries.String(i, "name") == "cq_summary_unit_parts_1h");
        Assert.Contains("INTO supervision.hourly.summary_unit FROM supervision.raw.summary_unit_part", queries.String(units, "query"), StringComparison.Ordinal);
        Assert.Contains("GROUP BY time(1h)", queries.String(units, "query"), StringComparison.Ordinal);
        // No roll-up reads every raw series and field: the wave-1 wildcard queries are gone.
        Assert.DoesNotContain(Enumerable.Range(0, queries.Values.Count), i => queries.String(i, "query")!.Contains("GROUP BY time(1h), *", StringComparison.Ordinal));
        Assert.DoesNotContain(Enumerable.Range(0, queries.Values.Count), i => queries.String(i, "name") == "cq_scrape_1h");
    }

    /// <summary>
    /// What the builder refuses is what the real server refuses: each line, written by hand, is answered 400.
    /// (Invalid UTF-8 is not here: InfluxDB 1.6 stores it; the builder refuses it because a string with a lone
    /// surrogate has no UTF-8 form at all.)
    /// </summary>
    [Theory]
    [InlineData(",k=v f=1 1\n")]
    [InlineData("m,=v f=1 1\n")]
    [InlineData("m,time=v f=1 1\n")]
    [InlineData("m,k=v =1 1\n")]
    [InlineData("m,k=v time=1 1\n")]
    [InlineData("m,k=v f=1 9223372036855\n")]
    public async Task influxdb_answers_400_to_each_point_the_builder_refuses(string line)
    {
        var db = await influx.CreateDatabaseAsync("refused");
        var client = new InfluxClient(new HttpClient(), new InfluxOptions { Url = influx.Url.ToString(), Database = db, Gzip = false });
        var error = await Assert.ThrowsAnyAsync<InfluxException>(() => client.WriteAsync(Encoding.UTF8.GetBytes(line), InfluxPrecision.Milliseconds));
        Assert.Equal(400, error.StatusCode);

        // The key limit counts series key + "#!~#" + field key: 4 + 65,526 + 4 + 1 = 65,535 bytes is the largest.
        var longKey = "m,k=" + new string('x', 65_527) + " f=1 1\n";
        Assert.Equal(400, (await Assert.ThrowsAnyAsync<InfluxException>(() => client.WriteAsync(Encoding.UTF8.GetBytes(longKey)))).StatusCode);
        await client.WriteAsync(Encoding.UTF8.GetBytes("m,k=" + new string('x', 65_526) + " f=1 9223372036854\n"));
    }
}
