using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Influx;
using Supervision.Core.Calendar;
using Supervision.Core.Domain;
using Supervision.Core.InventoryFiles;
using Supervision.Dashboard.Summaries;
using Supervision.Testing;

namespace Supervision.Dashboard.Tests.Summaries;

/// <summary>
/// Data the real way: the simulator serves Cao Bằng (04) and its communes, a collector scrapes them into InfluxDB for
/// a few seconds (its stream roll-ups writing their parts), and the setup's own continuous queries add the parts up
/// and cut the read-outs as InfluxDB would at the top of the hour.
/// </summary>
public sealed class CollectedSummaryFixture : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "supervision-collected-" + Guid.NewGuid().ToString("N"));

    public InfluxServerFixture Influx { get; } = new();

    public Inventory Inventory { get; private set; } = null!;

    /// <summary>The end of the summary window: the hour after the last scrape, as if the summary were read just after it.</summary>
    public DateTimeOffset End { get; private set; }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        var simulatorUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        var inventoryPath = Path.Combine(_dir, "inventory.yaml");
        await File.WriteAllTextAsync(inventoryPath, CaoBang(simulatorUrl));
        Inventory = InventoryLoader.LoadFile(inventoryPath).Inventory!;
        await Influx.InitializeAsync();

        await using (var simulator = ServiceProcess.StartDotnet("simulator", ServiceProcess.BuiltAssembly("src/Simulator", "Supervision.Simulator"),
            ["--inventory", inventoryPath, "--port", simulatorUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--holidays", RepoPaths.Holidays]))
        {
            await simulator.WaitForHttpAsync(new Uri(simulatorUrl, "healthz"), TimeSpan.FromSeconds(60));
            var collectorUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
            await using var collector = ServiceProcess.StartDotnet("collector", ServiceProcess.BuiltAssembly("src/Collector", "Supervision.Collector"),
                ["--urls", collectorUrl.ToString().TrimEnd('/'), "--inventory", inventoryPath, "--influx", Influx.Url.ToString(), "--buffer", Path.Combine(_dir, "buffer")]);
            await collector.WaitForHttpAsync(new Uri(collectorUrl, "healthz"), TimeSpan.FromSeconds(60));
            await WaitForScrapesAsync(perTarget: 3, TimeSpan.FromSeconds(60));

            // A clean stop: the collector writes its stream roll-ups' last parts after its last scrape.
            await collector.StopAsync(TimeSpan.FromSeconds(20));
        }

        // Both processes are gone: the data no longer changes. Roll it up over every hour it spans.
        var client = Influx.Client();
        var times = await client.QueryAsync("SELECT last(up) FROM scrape; SELECT first(up) FROM scrape");
        var lastAt = DateTimeOffset.FromUnixTimeMilliseconds((long)times.Statements[0].Series[0].Double(0, "time")!.Value);
        var firstAt = DateTimeOffset.FromUnixTimeMilliseconds((long)times.Statements[1].Series[0].Double(0, "time")!.Value);
        End = Hour(lastAt).AddHours(1);
        await ContinuousQueries.RunAsync(client, "cq_", Hour(firstAt).AddHours(-1), End.AddHours(1));
    }

    public async Task DisposeAsync()
    {
        await Influx.DisposeAsync();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    public SummaryService Service(SummarySource source) => new(
        Inventory, SummaryInfluxFixture.Regions, WorkingCalendar.Load(RepoPaths.Holidays),
        Options.Create(new SummaryOptions { CacheFor = TimeSpan.Zero, Source = source }),
        new SummaryReader(() => Influx.Client(), source), new FakeTimeProvider(End.AddMinutes(30)), NullLogger<SummaryService>.Instance);

    private static DateTimeOffset Hour(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero);

    private async Task WaitForScrapesAsync(int perTarget, TimeSpan limit)
    {
        var client = Influx.Client();
        var wanted = Inventory.Targets.Count * perTarget;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double seen = 0, dossiers = 0;
        while (clock.Elapsed < limit)
        {
            var result = await client.QueryAsync("SELECT count(up) FROM scrape; SELECT count(dossier_overdue) FROM dossier");
            seen = result.Statements[0].Series.Count > 0 ? result.Statements[0].Series[0].Double(0, "count") ?? 0 : 0;
            dossiers = result.Statements[1].Series.Count > 0 ? result.Statements[1].Series[0].Double(0, "count") ?? 0 : 0;
            if (seen >= wanted && dossiers > 0)
            {
                return;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"the collector wrote {seen} scrapes and {dossiers} dossier samples in {limit.TotalSeconds} s; wanted {wanted} scrapes");
    }

    private static string CaoBang(Uri simulator)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("version: 1").AppendLine("defaults:");
        yaml.AppendLine($"  baseUrl: \"{simulator.ToString().TrimEnd('/')}/t/{{unit}}/{{system}}\"");
        yaml.AppendLine("  interval: 1s").AppendLine("  timeout: 800ms").AppendLine("units:");
        foreach (var line in File.ReadLines(RepoPaths.NationalInventory))
        {
            if (line.StartsWith("  - { id: \"04\"", StringComparison.Ordinal) || line.Contains("province: \"04\"", StringComparison.Ordinal))
            {
                yaml.AppendLine(line);
            }
        }

        return yaml.ToString();
    }
}

/// <summary>
/// The 7-day summary over collected data equals InfluxDB's raw data queried directly: availability (national and
/// per system), overdue dossiers at the end, units without a baseline; and the read-outs equal the 1-hour roll-ups.
/// </summary>
[Collection(SummaryCollection.Name)]
public sealed class CollectedSummaryTests(CollectedSummaryFixture fixture) : IClassFixture<CollectedSummaryFixture>
{
    private static readonly SummaryRequest Request = new(SummaryPeriod.Days7);

    private string Window(DateTimeOffset end) =>
        $"time >= {InfluxQl.Time(end.AddDays(-7))} AND time < {InfluxQl.Time(end)}";

    [Fact]
    public async Task summary_figures_equal_the_raw_data_queried_directly()
    {
        var sheet = await fixture.Service(SummarySource.Rollups).GetAsync(Request, null, default);
        var client = fixture.Influx.Client();
        var direct = await client.QueryAsync(string.Join("; ",
            $"SELECT sum(up) AS up, count(up) AS n FROM scrape WHERE {Window(fixture.End)}",
            $"SELECT sum(up) AS up, count(up) AS n FROM scrape WHERE {Window(fixture.End)} GROUP BY system",
            $"SELECT sum(o) AS o FROM (SELECT last(dossier_overdue) AS o FROM dossier WHERE time >= {InfluxQl.Time(fixture.End.AddHours(-6))} AND time < {InfluxQl.Time(fixture.End)} GROUP BY unit, procedure)",
            $"SELECT last(dossier_received_total) FROM dossier WHERE {Window(fixture.End)} GROUP BY unit",
            $"SELECT last(edoc_documents_sent_total) FROM edoc WHERE {Window(fixture.End)} GROUP BY unit"));

        var all = direct.Statements[0].Series[0];
        Assert.Equal(all.Double(0, "up")!.Value / all.Double(0, "n")!.Value, sheet.Current.Availability!.Value, 12);
        foreach (var system in direct.Statements[1].Series)
        {
            var row = Assert.Single(sheet.Systems, s => s.System == system.Tag("system"));
            Assert.Equal(system.Double(0, "up")!.Value / system.Double(0, "n")!.Value, row.Availability!.Value, 12);
        }

        Assert.Equal(direct.Statements[1].Series.Count, sheet.Systems.Count);
        Assert.True(direct.Statements[2].Series[0].Double(0, "o") > 0, "the simulator reports overdue dossiers");
        Assert.Equal((long)direct.Statements[2].Series[0].Double(0, "o")!.Value, sheet.Current.Overdue);
        // Everything was collected inside the window: no unit has a value before it, so none has a baseline.
        var counted = direct.Statements[3].Series.Concat(direct.Statements[4].Series).Select(u => u.Tag("unit")).Distinct().Count();
        Assert.True(counted > 1);
        Assert.Equal(counted, sheet.Current.UnitsWithoutBaseline);
        Assert.Equal(0, sheet.Current.Received);
    }

    [Fact]
    public async Task the_read_outs_made_from_collected_data_equal_the_hourly_roll_ups()
    {
        var fast = await fixture.Service(SummarySource.Rollups).GetAsync(Request, null, default);
        var direct = await fixture.Service(SummarySource.Hourly).GetAsync(Request, null, default);

        Assert.NotNull(fast.Current.Availability);
        Assert.Equal(JsonSerializer.Serialize(direct), JsonSerializer.Serialize(fast));
    }
}
