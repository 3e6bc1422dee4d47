using System.Net.Http.Json;
using Supervision.Core.Domain;

namespace Supervision.Collector.Tests.Integration;

[CollectionDefinition("fleet")]
public sealed class FleetCollection : ICollectionFixture<FleetFixture>;

[Collection("fleet")]
public sealed class CollectorFleetTests(FleetFixture fleet)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private string Inventory(params string[] units) =>
        CollectorHost.Inventory(fleet.SimulatorUrl.ToString(), Interval, Timeout, units.Length == 0 ? FleetFixture.Units : units);

    private async Task<string> FaultAsync(object body)
    {
        using var response = await fleet.SimulatorClient.PostAsJsonAsync("/control/faults", body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["id"].ToString()!;
    }

    [Fact]
    public async Task every_target_is_scraped_and_stored_with_its_unit_province_system_and_level_tags()
    {
        var db = await fleet.Influx.CreateDatabaseAsync("all");
        await using var collector = await CollectorHost.StartAsync(Inventory(), fleet.Influx.Url, db);
        var influx = fleet.Influx.Client(db);

        // The very first scrapes of a cold process may time out; the steady state is every target Up.
        IReadOnlyList<Core.Influx.InfluxSeries> scrapes = [];
        await CollectorHost.EventuallyAsync(async () =>
        {
            scrapes = (await influx.QueryAsync("SELECT last(up), last(status) FROM scrape GROUP BY unit, system, province, level")).Series;
            return scrapes.Count == 19 && scrapes.All(s => s.String(0, "last_1") == "Up");
        }, TimeSpan.FromSeconds(30), "19 targets (7 province systems + 3 communes × 4) stored, all Up");

        Assert.All(scrapes, s => Assert.Equal("79", s.Tag("province")));
        Assert.Equal(12, scrapes.Count(s => s.Tag("level") == "commune"));
        Assert.Equal(7, scrapes.Count(s => s.Tag("level") == "province"));

        var dossier = (await influx.QueryAsync("SELECT last(dossier_received_total) FROM dossier WHERE unit = '26737' GROUP BY procedure, system, province")).Series;
        Assert.NotEmpty(dossier);
        Assert.All(dossier, s => Assert.Equal(("dossier", "79"), (s.Tag("system"), s.Tag("province"))));
        Assert.All(dossier, s => Assert.False(string.IsNullOrEmpty(s.Tag("procedure"))));
        Assert.NotEmpty((await influx.QueryAsync("SELECT count(targets) FROM collector")).Series);
    }

    [Fact]
    public async Task hanging_oversize_and_garbage_targets_get_their_reasons_and_the_others_stay_up()
    {
        var db = await fleet.Influx.CreateDatabaseAsync("faults");
        var faults = new[]
        {
            await FaultAsync(new { selector = new { unit = "26737", system = "edoc" }, kind = "hang", durationSeconds = 60 }),
            await FaultAsync(new { selector = new { unit = "26740", system = "edoc" }, kind = "oversize", durationSeconds = 60, @params = new { bytes = 3_000_000 } }),
            await FaultAsync(new { selector = new { unit = "26743", system = "edoc" }, kind = "garbage", durationSeconds = 60 }),
            await FaultAsync(new { selector = new { unit = "79", system = "edoc" }, kind = "slow", durationSeconds = 60, @params = new { delayMs = 300 } }),
        };
        try
        {
            await using var collector = await CollectorHost.StartAsync(Inventory(), fleet.Influx.Url, db, "--Collector:MaxBodyBytes=1000000");
            IReadOnlyList<TargetState> states = [];
            TargetState State(string id) => states.Single(s => s.TargetId == id);

            // A cold process's first scrape of the 3 MB body may run out of its 1 s on a busy machine: wait for the steady state.
            await CollectorHost.EventuallyAsync(async () =>
            {
                states = await collector.TargetsAsync();
                return states.Count == 19 && states.All(s => s.Status != TargetStatus.Unknown) && State("26740/edoc").Reason == StatusReason.Oversize;
            }, TimeSpan.FromSeconds(30), "every target observed, 26740/edoc cut off as oversize");

            Assert.Equal((TargetStatus.Down, StatusReason.Timeout), (State("26737/edoc").Status, State("26737/edoc").Reason));
            Assert.Equal((TargetStatus.Down, StatusReason.Oversize), (State("26740/edoc").Status, State("26740/edoc").Reason));
            Assert.Equal((TargetStatus.Down, StatusReason.ParseError), (State("26743/edoc").Status, State("26743/edoc").Reason));
            Assert.Contains("line ", State("26743/edoc").Detail, StringComparison.Ordinal);
            Assert.Equal(TargetStatus.Up, State("79/edoc").Status);
            Assert.All(states.Where(s => s.TargetId is not ("26737/edoc" or "26740/edoc" or "26743/edoc")), s => Assert.Equal(TargetStatus.Up, s.Status));

            var influx = fleet.Influx.Client(db);
            double? slowest = null;
            await CollectorHost.EventuallyAsync(async () =>
            {
                var slow = (await influx.QueryAsync("SELECT max(duration_seconds) FROM scrape WHERE unit = '79' AND system = 'edoc'")).Series;
                slowest = slow.Count == 0 ? null : slow[0].Double(0, "max");
                return slowest >= 0.3;
            }, TimeSpan.FromSeconds(20), "a 79/edoc scrape slowed by the fault's 300 ms stored");
            var reasons = new Dictionary<string, string?>();
            await CollectorHost.EventuallyAsync(async () =>
            {
                reasons = (await influx.QueryAsync("SELECT last(reason) FROM scrape WHERE system = 'edoc' GROUP BY unit")).Series
                    .ToDictionary(s => s.Tag("unit")!, s => s.String(0, "last"));
                return reasons.Count == 4;
            }, TimeSpan.FromSeconds(20), "the edoc scrapes of all four units stored");
            Assert.Equal("Timeout", reasons["26737"]);
            Assert.Equal("Oversize", reasons["26740"]);
            Assert.Equal("ParseError", reasons["26743"]);
        }
        finally
        {
            foreach (var id in faults)
            {
                await fleet.SimulatorClient.DeleteAsync($"/control/faults/{id}");
            }
        }
    }

    [Fact]
    public async Task an_influxdb_outage_during_scraping_ends_with_every_point_in_influxdb()
    {
        var db = await fleet.Influx.CreateDatabaseAsync("outage");
        var influx = fleet.Influx.Client(db);
        await using var collector = await CollectorHost.StartAsync(Inventory(), fleet.Influx.Url, db);
        await CollectorHost.EventuallyAsync(async () => await CollectorHost.CountAsync(influx, "SELECT count(up) FROM scrape") >= 19, TimeSpan.FromSeconds(30), "first round stored");

        await fleet.Influx.StopServerAsync();
        await CollectorHost.EventuallyAsync(async () => await collector.MetricAsync("supervision_collector_points_spilled_total") > 0, TimeSpan.FromSeconds(30), "points spilled to disk while InfluxDB is down");
        await Task.Delay(Interval * 2);
        await fleet.Influx.StartServerAsync();

        // Stop scraping by emptying the inventory, then every scrape made must be in InfluxDB. A scrape still in
        // flight when its target goes may finish (and count) up to its timeout later, so the scrape counter is
        // read again on every poll rather than frozen once.
        await File.WriteAllTextAsync(collector.InventoryPath, Inventory("{ id: \"central\", name: \"C\", level: central, systems: [] }"));
        await CollectorHost.EventuallyAsync(async () => (await collector.TargetsAsync()).Count == 0, TimeSpan.FromSeconds(30), "every target unscheduled");
        double scrapes = 0, stored = 0;
        await CollectorHost.EventuallyAsync(
            async () =>
            {
                scrapes = await collector.MetricAsync("supervision_collector_scrapes_total");
                stored = await CollectorHost.CountAsync(influx, "SELECT count(up) FROM scrape");
                return stored == scrapes;
            },
            TimeSpan.FromSeconds(90),
            async () => $"every scrape point replayed into InfluxDB; {scrapes} scrapes, {stored} stored, spilled {await collector.MetricAsync("supervision_collector_points_spilled_total")}, " +
                $"replayed {await collector.MetricAsync("supervision_collector_points_replayed_total")}, buffer {await collector.MetricAsync("supervision_collector_buffer_bytes")} B, " +
                $"dropped {await collector.MetricAsync("supervision_collector_points_dropped_total")}");
        Assert.True(await collector.MetricAsync("supervision_collector_points_replayed_total") > 0);
    }
}
