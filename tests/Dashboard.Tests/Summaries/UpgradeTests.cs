using Supervision.Core.Influx;
using Supervision.Testing;

namespace Supervision.Dashboard.Tests.Summaries;

/// <summary>
/// A wave-1 server upgraded by the setup (what scripts/influxdb.sh runs at every start): the roll-ups that read every
/// raw series and field each hour are gone, the parts' queries are in place, and the summaries already rolled up stay
/// (docs/storage.md, "Upgrading a wave-1 server").
/// </summary>
public sealed class UpgradeTests : IAsyncLifetime
{
    private readonly InfluxServerFixture _influx = new();

    public Task InitializeAsync() => _influx.InitializeAsync();

    public Task DisposeAsync() => _influx.DisposeAsync();

    // Four of wave 1's eleven roll-ups, as its setup created them.
    private static readonly string[] Wave1 =
    [
        "CREATE CONTINUOUS QUERY \"cq_scrape_1h\" ON \"supervision\" BEGIN SELECT mean(\"up\") AS \"up_mean\", count(\"up\") AS \"scrapes\" INTO \"supervision\".\"hourly\".\"scrape\" FROM \"supervision\".\"raw\".\"scrape\" GROUP BY time(1h), * END",
        "CREATE CONTINUOUS QUERY \"cq_dossier_1h\" ON \"supervision\" BEGIN SELECT max(*), last(*) INTO \"supervision\".\"hourly\".\"dossier\" FROM \"supervision\".\"raw\".\"dossier\" GROUP BY time(1h), * END",
        "CREATE CONTINUOUS QUERY \"cq_summary_dossier_1h\" ON \"supervision\" RESAMPLE EVERY 1h FOR 2h BEGIN SELECT sum(\"max_dossier_received_total\") AS \"received\" INTO \"supervision\".\"hourly\".\"summary_unit\" FROM \"supervision\".\"hourly\".\"dossier\" WHERE \"timeliness\" = '' GROUP BY time(1h), \"unit\", \"province\", \"level\" END",
        "CREATE CONTINUOUS QUERY \"cq_summary_unit_availability_1h\" ON \"supervision\" RESAMPLE EVERY 1h FOR 26h BEGIN SELECT sum(\"up\") AS \"up_sum\", count(\"up\") AS \"scrapes\" INTO \"supervision\".\"hourly\".\"summary_unit\" FROM \"supervision\".\"raw\".\"scrape\" GROUP BY time(1h), \"unit\", \"province\", \"level\" END",
    ];

    [Fact]
    public async Task the_setup_drops_the_wildcard_roll_ups_of_wave_1_creates_the_parts_queries_and_keeps_the_rolled_up_hours()
    {
        var database = await _influx.CreateDatabaseAsync("upgrade");
        var client = _influx.Client(database);
        await ApplyAsync(client, database, ["CREATE RETENTION POLICY \"raw\" ON \"supervision\" DURATION 30d REPLICATION 1 DEFAULT", "CREATE RETENTION POLICY \"hourly\" ON \"supervision\" DURATION 104w REPLICATION 1", .. Wave1]);
        await new RollupLines().UnitAvailability("79", "79", "province", new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero), 230, 240).WriteAsync(_influx.Url, database);
        Assert.Equal(4, (await QueriesAsync(client, database)).Count);

        // What scripts/influxdb.sh does at every start: each statement of the setup, "already exists" being no error.
        await ApplyAsync(client, database, File.ReadAllLines(RepoPaths.Combine("scripts", "influxdb-setup.iql")).Where(l => l.Length > 0 && !l.StartsWith("--", StringComparison.Ordinal)));

        var queries = await QueriesAsync(client, database);
        Assert.DoesNotContain(queries, q => q.Name is "cq_scrape_1h" or "cq_dossier_1h" or "cq_summary_dossier_1h" or "cq_summary_unit_availability_1h");
        Assert.DoesNotContain(queries, q => q.Query.Contains("time(1h), *", StringComparison.Ordinal) || q.Query.Contains("FROM " + database + ".raw.scrape", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Name == "cq_summary_unit_parts_1h" && q.Query.Contains($"FROM {database}.raw.summary_unit_part", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Name == "cq_summary_unit_day_h17");
        var kept = (await client.QueryAsync("SELECT up_sum, scrapes FROM \"hourly\".\"summary_unit\" WHERE unit = '79'")).Series.Single();
        Assert.Equal((230.0, 240.0), (kept.Double(0, "up_sum"), kept.Double(0, "scrapes")));

        // A second start changes nothing.
        await ApplyAsync(client, database, File.ReadAllLines(RepoPaths.Combine("scripts", "influxdb-setup.iql")).Where(l => l.Length > 0 && !l.StartsWith("--", StringComparison.Ordinal)));
        Assert.Equal(queries.Count, (await QueriesAsync(client, database)).Count);
    }

    private static async Task ApplyAsync(InfluxClient client, string database, IEnumerable<string> statements)
    {
        foreach (var statement in statements)
        {
            try
            {
                await client.ExecuteAsync(statement.Replace("\"supervision\"", $"\"{database}\"", StringComparison.Ordinal).Replace("DATABASE supervision", $"DATABASE \"{database}\"", StringComparison.Ordinal));
            }
            catch (InfluxBadRequestException ex) when (ex.Message.Contains("already exists", StringComparison.Ordinal))
            {
                // as scripts/influxdb.sh: the setup is idempotent
            }
        }
    }

    private static async Task<List<(string Name, string Query)>> QueriesAsync(InfluxClient client, string database)
    {
        var series = (await client.QueryAsync("SHOW CONTINUOUS QUERIES")).Series.SingleOrDefault(s => s.Name == database);
        return series is null ? [] : Enumerable.Range(0, series.Values.Count).Select(i => (series.String(i, "name")!, series.String(i, "query")!)).ToList();
    }
}
