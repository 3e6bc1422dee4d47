using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Supervision.Collector.Storage;
using Supervision.Core.InventoryFiles;
using Supervision.Testing;
using Xunit.Abstractions;
using Supervision.Core.Influx.Writing;

namespace Supervision.Collector.Tests.Integration;

/// <summary>Two real InfluxDB servers and a simulator that logs every /health request (one per scrape) per target.</summary>
public sealed class TwoInfluxFixture : IAsyncLifetime
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    public InfluxServerFixture Primary { get; } = new();

    public InfluxServerFixture Replica { get; } = new();

    public WebApplication Simulator { get; private set; } = null!;

    public HttpClient SimulatorClient { get; private set; } = null!;

    public string InventoryYaml { get; private set; } = null!;

    public string[] TargetIds { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Primary.InitializeAsync(), Replica.InitializeAsync());
        var inventory = InventoryLoader.Load(new StringReader(CollectorHost.Inventory("http://unused", Interval, TimeSpan.FromSeconds(1), FleetFixture.Units)), "sim.yaml").Inventory!;
        TargetIds = inventory.Targets.Select(t => t.Id).ToArray();
        (Simulator, var url) = await FleetFixture.StartSimulatorAsync(inventory, "--request-log", "1000");
        SimulatorClient = new HttpClient { BaseAddress = url };
        InventoryYaml = CollectorHost.Inventory(url.ToString(), Interval, TimeSpan.FromSeconds(1), FleetFixture.Units);
    }

    public async Task DisposeAsync()
    {
        SimulatorClient.Dispose();
        await Simulator.StopAsync();
        await Simulator.DisposeAsync();
        await Primary.DisposeAsync();
        await Replica.DisposeAsync();
    }
}

/// <summary>
/// The relay pattern with real processes: one collector writes every batch to two influxd; one of them is killed
/// (SIGKILL) while scraping goes on and started again on the same data. Points are counted per target on each server
/// against the simulator's log of the scrapes it answered, so "nothing lost on either server" is counted, not assumed.
/// </summary>
public sealed class ReplicatedInfluxTests(TwoInfluxFixture fixture, ITestOutputHelper output) : IClassFixture<TwoInfluxFixture>
{
    private const string Spilled = "supervision_collector_points_spilled_total";

    [Fact]
    public async Task a_killed_influxd_gets_every_point_back_and_the_other_never_waits_for_it()
    {
        var db = await fixture.Primary.CreateDatabaseAsync("relay");
        await fixture.Replica.Client(db).ExecuteAsync($"CREATE DATABASE \"{db}\"");
        var primary = fixture.Primary.Client(db);
        var replica = fixture.Replica.Client(db);
        var primaryName = WriteDestination.ServerName(fixture.Primary.Url.ToString());
        var replicaName = WriteDestination.ServerName(fixture.Replica.Url.ToString());
        var targets = fixture.TargetIds.Length;
        await using var collector = await CollectorHost.StartAsync(fixture.InventoryYaml, fixture.Primary.Url, db,
            $"--Collector:Influx:Replicas:0={fixture.Replica.Url}", "--Collector:Influx:Timeout=00:00:10");
        const string Count = "SELECT count(up) FROM scrape";
        await CollectorHost.EventuallyAsync(
            async () => await CollectorHost.CountAsync(primary, Count) >= targets && await CollectorHost.CountAsync(replica, Count) >= targets,
            TimeSpan.FromSeconds(60), "a first round stored on both servers");
        Assert.Equal(("Healthy", "Healthy"), await StatusesAsync(collector, primaryName, replicaName));

        await fixture.Replica.StopServerAsync();
        await CollectorHost.EventuallyAsync(async () => await collector.MetricAsync(Spilled, "influx", replicaName) > 0, TimeSpan.FromSeconds(60),
            "the stopped server's points spilled to its disk buffer");
        Assert.Equal(("Healthy", "Degraded"), await StatusesAsync(collector, primaryName, replicaName));

        // The other server keeps getting every round while this one is away: two more rounds stored on it, none spilled.
        var before = await CollectorHost.CountAsync(primary, Count);
        await CollectorHost.EventuallyAsync(async () => await CollectorHost.CountAsync(primary, Count) >= before + (2 * targets), TimeSpan.FromSeconds(60),
            "two more rounds on the running server during the outage");
        Assert.Equal(("Healthy", "Degraded"), await StatusesAsync(collector, primaryName, replicaName));

        await fixture.Replica.StartServerAsync();
        await CollectorHost.EventuallyAsync(async () => await StatusesAsync(collector, primaryName, replicaName) == ("Healthy", "Healthy"), TimeSpan.FromSeconds(90),
            "the returned server's backlog replayed");

        // Stop scraping (empty inventory), then every scrape the simulator answered is a point on each server.
        await File.WriteAllTextAsync(collector.InventoryPath, CollectorHost.Inventory("http://unused", TwoInfluxFixture.Interval, TimeSpan.FromSeconds(1),
            "{ id: \"central\", name: \"C\", level: central, systems: [] }"));
        await CollectorHost.EventuallyAsync(async () => (await collector.TargetsAsync()).Count == 0, TimeSpan.FromSeconds(30), "every target unscheduled");
        string difference = "not compared yet";
        await CollectorHost.EventuallyAsync(
            async () =>
            {
                var scraped = (await ScrapeSlots.FetchAsync(fixture.SimulatorClient)).ToDictionary(t => t.Key, t => t.Value.Length, StringComparer.Ordinal);
                var onPrimary = await PerTargetAsync(primary);
                var onReplica = await PerTargetAsync(replica);
                var wrong = fixture.TargetIds
                    .Where(id => scraped.GetValueOrDefault(id) != onPrimary.GetValueOrDefault(id) || scraped.GetValueOrDefault(id) != onReplica.GetValueOrDefault(id))
                    .Select(id => $"{id}: scraped {scraped.GetValueOrDefault(id)}, primary {onPrimary.GetValueOrDefault(id)}, replica {onReplica.GetValueOrDefault(id)}")
                    .ToList();
                difference = wrong.Count == 0 ? "none" : string.Join("; ", wrong);
                if (wrong.Count == 0)
                {
                    output.WriteLine($"{targets} targets, {scraped.Values.Sum()} scrapes; stored {onPrimary.Values.Sum()} on the primary and {onReplica.Values.Sum()} on the replica");
                }

                return wrong.Count == 0;
            },
            TimeSpan.FromSeconds(90),
            () => Task.FromResult("every scrape stored once per target on both servers; differing: " + difference));
        Assert.Equal(0, await collector.MetricAsync(Spilled, "influx", primaryName));
        Assert.True(await collector.MetricAsync("supervision_collector_points_replayed_total", "influx", replicaName) > 0);
        Assert.Equal(0, await collector.MetricAsync("supervision_collector_points_dropped_total") + await collector.MetricAsync("supervision_collector_buffer_dropped_points_total"));
    }

    private static async Task<Dictionary<string, int>> PerTargetAsync(Core.Influx.InfluxClient client) =>
        (await client.QueryAsync("SELECT count(up) FROM scrape GROUP BY unit, system")).Series
            .ToDictionary(s => $"{s.Tag("unit")}/{s.Tag("system")}", s => (int)(s.Double(0, s.Columns[1]) ?? 0), StringComparer.Ordinal);

    private static async Task<(string Primary, string Replica)> StatusesAsync(CollectorHost collector, string primary, string replica)
    {
        using var health = JsonDocument.Parse(await collector.Client.GetStringAsync("/healthz"));
        var entries = health.RootElement.GetProperty("entries");
        string Status(string server) => entries.GetProperty(CollectorHealth.EntryPrefix + server).GetProperty("status").GetString()!;
        return (Status(primary), Status(replica));
    }
}
