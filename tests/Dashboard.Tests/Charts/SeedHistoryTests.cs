using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Calendar;
using Supervision.Core.Influx;
using Supervision.Core.InventoryFiles;
using Supervision.Core.Schema;
using Supervision.Dashboard.Summaries;
using Supervision.Dashboard.Tests.Summaries;
using Supervision.Testing;

namespace Supervision.Dashboard.Tests.Charts;

/// <summary>
/// <c>Supervision.Simulator seed-history</c> as a process against a real influxd (set up by scripts/influxdb-setup.iql):
/// it writes a small fleet's history through the summary roll-ups, marked as simulated, which the summaries and charts
/// then read; and it refuses a database that holds collected data, naming the database and what it found.
/// </summary>
public sealed class SeedHistoryTests : IClassFixture<InfluxServerFixture>, IDisposable
{
    private const string Inventory = """
        version: 1
        defaults:
          baseUrl: "http://127.0.0.1:9100/t/{unit}/{system}"
          interval: 15s
          timeout: 10s
        units:
          - { id: "79", name: "Hồ Chí Minh", nameAscii: "Ho Chi Minh", level: province, kind: city, region: southeast }
          - { id: "26737", name: "Phường Tân Định", nameAscii: "Phuong Tan Dinh", level: commune, kind: ward, province: "79" }
          - { id: "25747", name: "Phường Thủ Dầu Một", nameAscii: "Phuong Thu Dau Mot", level: commune, kind: ward, province: "79" }
        """;

    private readonly InfluxServerFixture _influx;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "seed-history-" + Guid.NewGuid().ToString("N"));

    public SeedHistoryTests(InfluxServerFixture influx)
    {
        _influx = influx;
        Directory.CreateDirectory(_dir);
        File.WriteAllText(InventoryPath, Inventory);
    }

    private string InventoryPath => Path.Combine(_dir, "inventory.yaml");

    [Fact]
    public async Task seeded_history_is_marked_and_the_summaries_and_charts_read_it_through_the_roll_ups()
    {
        var (exit, output) = await SeedAsync("supervision", "--days", "10");
        Assert.True(exit == 0, output);
        Assert.Contains("done:", output, StringComparison.Ordinal);

        var client = _influx.Client();
        var markers = SeedMarkers.Read(await client.QueryAsync(SeedMarkers.Select));
        var marker = Assert.Single(markers);
        Assert.Equal(TimeSpan.FromDays(10), marker.To - marker.From);
        var collectors = await client.QueryAsync($"SHOW TAG VALUES FROM \"raw\".\"{Measurements.SummaryUnitPart}\" WITH KEY = \"collector\"");
        Assert.Equal([SeedFields.CollectorId], collectors.Series.SelectMany(s => s.Values.Select(r => r[1] as string)));

        var inventory = InventoryLoader.LoadFile(InventoryPath).Inventory!;
        var service = new SummaryService(inventory, SummaryInfluxFixture.Regions, WorkingCalendar.Load(RepoPaths.Holidays),
            Options.Create(new SummaryOptions { CacheFor = TimeSpan.Zero }), new SummaryReader(() => client),
            new FakeTimeProvider(marker.To.AddMinutes(20)), NullLogger<SummaryService>.Instance);
        var sheet = await service.GetAsync(new SummaryRequest(SummaryPeriod.Days7), null, CancellationToken.None);
        Assert.True(sheet.Simulated, "the 7-day sheet over seeded history is marked simulated");
        Assert.True(sheet.HasData);
        Assert.InRange(sheet.Current.Availability!.Value, 0.9, 1.0);
        Assert.Equal(0, sheet.Current.UnitsWithoutBaseline);

        // The dossiers received in the 7 days, straight from the seeded parts: each unit's counter in the hour before
        // the end minus in the hour before the start (the summaries read the same through the roll-ups and read-outs).
        var start = sheet.Window.Start;
        string At(DateTimeOffset t) => string.Create(CultureInfo.InvariantCulture,
            $"SELECT sum(r) AS r FROM (SELECT last(received) AS r FROM \"raw\".\"{Measurements.SummaryUnitPart}\" WHERE {InfluxQl.TimeRange(t.AddHours(-6), t)} GROUP BY unit)");
        var parts = await client.QueryAsync(At(sheet.Window.End) + "; " + At(start));
        var expected = parts.Statements[0].Series[0].Double(0, "r")!.Value - parts.Statements[1].Series[0].Double(0, "r")!.Value;
        Assert.True(expected > 0);
        Assert.Equal(expected, (double)sheet.Current.Received);

        var trends = await service.GetTrendsAsync(new SummaryRequest(SummaryPeriod.Days30), null, CancellationToken.None);
        Assert.True(trends.Availability.HasData);
        Assert.NotNull(trends.Availability.Current[^1]);
        Assert.Null(trends.Availability.Current[0]);
        Assert.NotNull(trends.OnTime.Current[^1]);
        Assert.NotNull(trends.Documents.Current[^1]);
        Assert.NotNull(trends.Overdue.Current[^1]);
        Assert.Null(trends.OnTime.Current[0]);
        Assert.Equal(8, trends.Sparks["79"].OnTimeWeekly.Count);
    }

    [Fact]
    public async Task a_database_with_collected_data_is_refused_with_its_name_and_what_was_found()
    {
        var database = await _influx.CreateDatabaseAsync("seedreal");
        var client = _influx.Client(database);
        foreach (var (name, duration) in new[] { ("raw", "30d"), ("hourly", "104w"), ("daily", "104w") })
        {
            await client.ExecuteAsync($"CREATE RETENTION POLICY \"{name}\" ON \"{database}\" DURATION {duration} REPLICATION 1{(name == "raw" ? " DEFAULT" : string.Empty)}");
        }

        // First a part from a real collector: refused, naming it.
        var now = TimeProvider.System.GetUtcNow();
        await client.WriteAsync(System.Text.Encoding.UTF8.GetBytes(
            $"{Measurements.SummaryUnitPart},collector=c1,level=province,province=79,unit=79 up_sum=240i,scrapes=240i {now.AddHours(-2).ToUnixTimeMilliseconds()}"));
        var (exit, output) = await SeedAsync(database);
        Assert.True(exit == 1, output);
        Assert.Contains($"refused: database '{database}'", output, StringComparison.Ordinal);
        Assert.Contains("collector 'c1'", output, StringComparison.Ordinal);

        // Then scrapes: refused, naming the measurement; nothing was written either time (no marker).
        await client.WriteAsync(System.Text.Encoding.UTF8.GetBytes($"scrape,unit=79,system=dossier up=1i {now.AddMinutes(-5).ToUnixTimeMilliseconds()}"));
        (exit, output) = await SeedAsync(database);
        Assert.True(exit == 1, output);
        Assert.Contains("already holds collected data: measurement(s) scrape", output, StringComparison.Ordinal);
        Assert.Empty(SeedMarkers.Read(await client.QueryAsync(SeedMarkers.Select)));

        // A database that was never set up is named too.
        (exit, output) = await SeedAsync("never_created");
        Assert.True(exit == 1, output);
        Assert.Contains("'never_created'", output, StringComparison.Ordinal);
        Assert.Contains("does not exist", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private async Task<(int Exit, string Output)> SeedAsync(string database, params string[] extra)
    {
        await using var process = ServiceProcess.StartDotnet("seed-history", ServiceProcess.BuiltAssembly("src/Simulator", "Supervision.Simulator"),
            ["seed-history", "--influx-url", _influx.Url.ToString(), "--database", database, "--inventory", InventoryPath, "--holidays", RepoPaths.Holidays, .. extra]);
        var exit = await process.RunToEndAsync(string.Empty, TimeSpan.FromMinutes(5));
        return (exit, process.Output);
    }
}
