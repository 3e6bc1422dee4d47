using System.Globalization;
using System.Text;
using Supervision.Core.Influx;
using Supervision.Dashboard.Summaries;
using Supervision.Core.Influx.Backfill;
using Supervision.Dashboard.Summaries.Backfill;
using Supervision.Testing;

namespace Supervision.Dashboard.Tests.Summaries;

/// <summary>A real InfluxDB running its own continuous-query service, for tests that compare with what the service writes.</summary>
public sealed class ContinuousQueryServiceFixture : IAsyncLifetime
{
    public InfluxServerFixture Influx { get; } = new() { ContinuousQueryService = true };

    public Task InitializeAsync() => Influx.InitializeAsync();

    public Task DisposeAsync() => Influx.DisposeAsync();
}

/// <summary>
/// The summary roll-ups as InfluxDB's continuous-query service writes them, on the real clock: the back-fill verb
/// writes the same points, and late scrapes (a collector's disk-buffer replay) are counted within the documented
/// bound. Each test uses its own databases, set up from scripts/influxdb-setup.iql; a continuous query runs as soon
/// as it is created, over its RESAMPLE FOR window, exactly as it does on every later tick.
/// </summary>
[Collection(SummaryCollection.Name)]
public sealed class SummaryRollupServiceTests(ContinuousQueryServiceFixture fixture) : IClassFixture<ContinuousQueryServiceFixture>
{
    private static readonly string[] Units = ["79", "26737", "01"];

    [Fact]
    public async Task back_filled_read_outs_equal_what_the_continuous_queries_write_and_a_second_run_changes_nothing()
    {
        var hour = LastWholeHour();
        var first = hour.AddDays(-4);
        var (byService, byBackfill) = ($"cq_{Guid.NewGuid():N}"[..20], $"bf_{Guid.NewGuid():N}"[..20]);
        foreach (var database in new[] { byService, byBackfill })
        {
            await SetUpAsync(database, continuousQueries: false);
            await Rollups(first, hour).WriteAsync(fixture.Influx.Url, database);
        }

        // The service: created now, each summary query runs once over its window (the last 2–26 hours, 12 hours of edges, 3 days).
        await SetUpAsync(byService, continuousQueries: true);
        var service = await WaitForAsync(byService, "SELECT count(scrapes) FROM \"daily\".\"summary_availability_h23\"");
        // The verb, over the four days (only whole buckets inside them are written).
        var args = new[]
        {
            "--from", first.ToString("O", CultureInfo.InvariantCulture), "--to", hour.AddHours(1).ToString("O", CultureInfo.InvariantCulture),
            "--setup", RepoPaths.Combine("scripts", "influxdb-setup.iql"),
        };
        var (exit, output, error) = await BackfillAsync(byBackfill, args);
        Assert.True(exit == 0, error);
        Assert.Contains("cq_summary_unit_day_h17", output, StringComparison.Ordinal);

        var written = await ReadOutsAsync(byService);
        var backfilled = await ReadOutsAsync(byBackfill);
        // Every read-out the service wrote: 6 edge phases write one measurement, 24 + 24 day cuts.
        Assert.Equal(49, written.Select(s => s.Key.Split('|')[0]).Distinct().Count());
        foreach (var (series, points) in written)
        {
            Assert.True(backfilled.TryGetValue(series, out var mine), $"{series}: not back-filled");
            var (from, to) = (points.Keys.Min(), points.Keys.Max());
            var overlap = mine.Where(p => p.Key >= from && p.Key <= to).ToDictionary(p => p.Key, p => p.Value);
            Assert.Equal(points, overlap);
        }

        Assert.True(service > 0);
        var again = await BackfillAsync(byBackfill, args);
        Assert.Equal(0, again.Exit);
        var twice = await ReadOutsAsync(byBackfill);
        Assert.Equal(backfilled.Count, twice.Count);
        foreach (var (series, points) in backfilled)
        {
            Assert.Equal(points, twice[series]);
        }
    }

    [Fact]
    public async Task parts_of_two_collectors_add_up_and_parts_replayed_up_to_a_day_late_are_counted_but_not_beyond_the_bound()
    {
        var hour = LastWholeHour();
        var database = $"late_{Guid.NewGuid():N}"[..20];
        await SetUpAsync(database, continuousQueries: false);
        // On time: the last hour, one part from each of two collectors (a unit's targets split between shards). Late:
        // the part of 20 h ago arriving now (a collector's disk buffer replaying after an outage, within its 24-hour
        // limit). Too late for the bound: 30 h ago.
        var (onTime, late, tooLate) = (hour.AddHours(-1), hour.AddHours(-20), hour.AddHours(-30));
        var raw = new StringBuilder();
        foreach (var (at, collector, up, scrapes) in new[] { (onTime, "c1", 1, 1), (onTime, "c2", 0, 1), (late, "c1", 2, 3), (tooLate, "c1", 1, 1) })
        {
            raw.Append(CultureInfo.InvariantCulture, $"summary_unit_part,collector={collector},level=province,province=79,unit=79 up_sum={up}i,scrapes={scrapes}i {at.ToUnixTimeSeconds()}\n");
            raw.Append(CultureInfo.InvariantCulture, $"summary_availability_part,collector={collector},level=province,province=79,system=dossier up_sum={up}i,scrapes={scrapes}i {at.ToUnixTimeSeconds()}\n");
        }

        using var http = new HttpClient();
        await new InfluxClient(http, new InfluxOptions { Url = fixture.Influx.Url.ToString(), Database = database, RetentionPolicy = "raw", Gzip = false })
            .WriteAsync(Encoding.UTF8.GetBytes(raw.ToString()), InfluxPrecision.Seconds);

        // A day read-out whose day holds the late hour and has ended ([late − 5 h, late + 19 h), before the on-time hour)
        // counts it too. Waited for by that cut, which has data at any hour of the clock (a fixed cut such as h23 has
        // none when the test runs in the hours after 19:00 UTC: its last whole day then holds no part).
        var dayStart = late.AddHours(-5);
        var cut = SummaryStatements.DayRollup("summary_unit", dayStart);
        await SetUpAsync(database, continuousQueries: true);
        await WaitForAsync(database, $"SELECT count(scrapes) FROM \"daily\".\"{cut}\"");
        var client = Client(database);
        var hours = (await client.QueryAsync($"SELECT up_sum, scrapes FROM \"hourly\".\"summary_unit\" WHERE unit = '79'")).Series.Single();
        var byHour = hours.Values.ToDictionary(r => DateTimeOffset.FromUnixTimeMilliseconds((long)r[0]!), r => ((long)r[1]!, (long)r[2]!));
        Assert.Equal((1L, 2L), byHour[onTime]);
        Assert.Equal((2L, 3L), byHour[late]);
        Assert.False(byHour.ContainsKey(tooLate), "a part 30 h late is beyond the documented bound (RESAMPLE FOR 26h)");

        var day = (await client.QueryAsync($"SELECT up_sum, scrapes FROM \"daily\".\"{cut}\" WHERE unit = '79' AND time = {InfluxQl.Time(dayStart)}")).Series.Single();
        Assert.Equal(2.0, day.Double(0, "up_sum"));
        Assert.Equal(3.0, day.Double(0, "scrapes"));
        var system = (await client.QueryAsync($"SELECT up_sum, scrapes FROM \"hourly\".\"summary_availability\" WHERE time = {InfluxQl.Time(onTime)}")).Series.Single();
        Assert.Equal((1.0, 2.0), (system.Double(0, "up_sum"), system.Double(0, "scrapes")));
    }

    private static DateTimeOffset LastWholeHour() => Hour(TimeProvider.System.GetUtcNow());

    private static DateTimeOffset Hour(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero);

    /// <summary>Hourly summary roll-ups of a few units and systems with values that change every hour, so any misplaced bucket shows.</summary>
    private static RollupLines Rollups(DateTimeOffset first, DateTimeOffset end)
    {
        var lines = new RollupLines();
        for (var hour = first; hour < end; hour = hour.AddHours(1))
        {
            var i = (int)(hour - first).TotalHours;
            for (var u = 0; u < Units.Length; u++)
            {
                var province = Units[u] == "26737" ? "79" : Units[u];
                var level = Units[u].Length == 5 ? "commune" : "province";
                lines.Unit(Units[u], province, level, hour, string.Create(CultureInfo.InvariantCulture,
                    $"up_sum={240 - ((i * (u + 3)) % 7)}i,scrapes=240i,received={(100 * u) + (i * 3)},on_time={(80 * u) + (i * 2)},late={i / 5},overdue={(i + u) % 4},in_progress={i % 9},docs_sent={i * (u + 1)},docs_received={i * 2}"));
            }

            lines.SystemAvailability("79", "province", "dossier", hour, 230 - (i % 5), 240).SystemAvailability("79", "commune", "edoc", hour, 110 + (i % 11), 120);
        }

        return lines;
    }

    private InfluxClient Client(string database) => fixture.Influx.Client(database);

    /// <summary>Applies scripts/influxdb-setup.iql to <paramref name="database"/>: its retention policies, or its summary continuous queries.</summary>
    private async Task SetUpAsync(string database, bool continuousQueries)
    {
        var client = Client(database);
        foreach (var line in await File.ReadAllLinesAsync(RepoPaths.Combine("scripts", "influxdb-setup.iql")))
        {
            var isQuery = line.StartsWith("CREATE CONTINUOUS QUERY \"" + SummaryBackfill.Prefix, StringComparison.Ordinal);
            var isSchema = line.StartsWith("CREATE DATABASE", StringComparison.Ordinal) || line.StartsWith("CREATE RETENTION POLICY", StringComparison.Ordinal);
            if (continuousQueries ? isQuery : isSchema)
            {
                await client.ExecuteAsync(line.Replace("\"supervision\"", $"\"{database}\"", StringComparison.Ordinal).Replace("DATABASE supervision", $"DATABASE \"{database}\"", StringComparison.Ordinal));
            }
        }
    }

    /// <summary>Waits (bounded) for the service's first round: the last query created has written something.</summary>
    private async Task<long> WaitForAsync(string database, string count)
    {
        for (var i = 0; i < 150; i++)
        {
            if ((await Client(database).QueryAsync(count)).Series is [var s, ..] && s.Double(0, "count") is > 0 and var n)
            {
                return (long)n;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{database}: the continuous-query service wrote nothing within 15 s");
    }

    private async Task<(int Exit, string Output, string Error)> BackfillAsync(string database, string[] args)
    {
        using var http = new HttpClient();
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await BackfillSummariesCommand.RunAsync(args, new InfluxOptions { Url = fixture.Influx.Url.ToString(), Database = database, Gzip = false, Timeout = TimeSpan.FromMinutes(1) },
            http, TimeProvider.System, output, error, default);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Every read-out point of <paramref name="database"/>: series key (measurement|tags) → time → field values.</summary>
    private async Task<Dictionary<string, Dictionary<long, string>>> ReadOutsAsync(string database)
    {
        var result = new Dictionary<string, Dictionary<long, string>>(StringComparer.Ordinal);
        var answer = await Client(database).QueryAsync("SELECT * FROM \"hourly\".\"summary_unit_edge\" GROUP BY *; SELECT * FROM \"daily\"./^summary_/ GROUP BY *");
        foreach (var series in answer.Statements.SelectMany(s => s.Series))
        {
            var key = series.Name + "|" + string.Join(',', series.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Key + "=" + t.Value));
            var points = result.TryGetValue(key, out var existing) ? existing : result[key] = [];
            foreach (var row in series.Values)
            {
                points[(long)row[0]!] = string.Join(',', row.Skip(1).Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));
            }
        }

        return result;
    }
}
