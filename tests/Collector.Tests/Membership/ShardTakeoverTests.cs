using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using Supervision.Collector.Scheduling;
using Supervision.Collector.Tests.Integration;
using Supervision.Core.InventoryFiles;
using Supervision.Testing;
using Xunit.Abstractions;

namespace Supervision.Collector.Tests.Membership;

/// <summary>A real Redis, a real InfluxDB and a simulator that logs when each target was asked, for the agents under test.</summary>
public sealed class TakeoverFixture : IAsyncLifetime
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(4);

    public RedisServerFixture Redis { get; } = new();

    public InfluxServerFixture Influx { get; } = new();

    public WebApplication Simulator { get; private set; } = null!;

    public HttpClient SimulatorClient { get; private set; } = null!;

    /// <summary>The province 79 and 30 of its wards: about 150 targets.</summary>
    public string InventoryYaml { get; private set; } = null!;

    public string[] TargetIds { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Redis.InitializeAsync(), Influx.InitializeAsync());
        var units = new[] { "{ id: \"79\", name: \"Hồ Chí Minh\", level: province, kind: city }" }
            .Concat(Enumerable.Range(0, 30).Select(i => $"{{ id: \"{26700 + (3 * i)}\", name: \"Phường {i}\", level: commune, province: \"79\", kind: ward }}"))
            .ToArray();
        var inventory = InventoryLoader.Load(new StringReader(CollectorHost.Inventory("http://unused", Interval, TimeSpan.FromSeconds(1), units)), "sim.yaml").Inventory!;
        TargetIds = inventory.Targets.Select(t => t.Id).ToArray();
        (Simulator, var url) = await FleetFixture.StartSimulatorAsync(inventory, "--request-log", "512");
        SimulatorClient = new HttpClient { BaseAddress = url };
        InventoryYaml = CollectorHost.Inventory(url.ToString(), Interval, TimeSpan.FromSeconds(1), units);
    }

    public async Task DisposeAsync()
    {
        SimulatorClient.Dispose();
        await Simulator.StopAsync();
        await Simulator.DisposeAsync();
        await Influx.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

/// <summary>
/// Shard takeover with real processes: three collector agents heartbeat in a real Redis and split the simulator's targets;
/// one is killed with SIGKILL and started again. The simulator's request log says when each target was asked, so "scraped
/// within two intervals" and "never twice in a slot" are counted per target and slot, not assumed.
/// </summary>
public sealed class ShardTakeoverTests(TakeoverFixture fixture, ITestOutputHelper output) : IClassFixture<TakeoverFixture>
{
    private static readonly TimeSpan Interval = TakeoverFixture.Interval;

    // Expiry + hand-over delay (3 s) within one interval: a dead agent's targets miss at most one slot. Short intervals, but
    // not so short that a loaded machine's pauses read as deaths; the delay leaves a reader 1.25 s late before it stops.
    private static readonly string[] Membership =
    [
        "--Collector:Membership:HeartbeatInterval=00:00:00.250",
        "--Collector:Membership:ExpireAfter=00:00:01.500",
        "--Collector:Membership:HandoverDelay=00:00:01.500",
    ];

    private static TimeSpan OffsetOf(string id) => ScheduleMath.Offset(id, Interval);

    private sealed record Agent(ServiceProcess Process, HttpClient Client, string Dir, string[] Args) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Process.DisposeAsync();
            Client.Dispose();
        }
    }

    private async Task<Agent> StartAgentAsync(int index, string db, string? dir = null, string[]? args = null)
    {
        if (args is null)
        {
            var port = FreePort.Next();
            (dir, args) = await CollectorHost.PrepareAsync(fixture.InventoryYaml, fixture.Influx.Url, db, $"http://127.0.0.1:{port}",
                [$"--shard={index}/3", $"--Collector:Membership:Redis={fixture.Redis.Configuration}", .. Membership,
                 "--Logging:LogLevel:Supervision.Collector.Membership=Information"]);
        }

        var process = ServiceProcess.StartDotnet($"collector-{index}", ServiceProcess.BuiltAssembly("src/Collector", "Supervision.Collector"), args);
        var url = new Uri(args[Array.IndexOf(args, "--urls") + 1]);
        await process.WaitForHttpAsync(new Uri(url, "/healthz"), TimeSpan.FromSeconds(90));
        return new Agent(process, new HttpClient { BaseAddress = url }, dir!, args);
    }

    private static async Task<string[]> OwnedAsync(Agent agent) =>
        (await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<Core.Domain.TargetState[]>(agent.Client, "/api/targets"))!.Select(t => t.TargetId).ToArray();

    /// <summary>Waits until every agent sees <paramref name="live"/> agents and together they schedule each target once.</summary>
    private async Task SteadyAsync(IReadOnlyList<Agent> agents, int live)
    {
        string seen = "nothing yet";
        await CollectorHost.EventuallyAsync(async () =>
        {
            var owned = new List<string>();
            var lives = new List<double>();
            foreach (var agent in agents)
            {
                lives.Add(await CollectorHost.MetricAsync(agent.Client, "supervision_collector_membership_live_agents"));
                owned.AddRange(await OwnedAsync(agent));
            }

            seen = $"live agents seen {string.Join("/", lives)}, {owned.Count} targets scheduled ({owned.Distinct().Count()} distinct) of {fixture.TargetIds.Length}";
            return lives.All(l => l == live) && owned.Count == fixture.TargetIds.Length && owned.Distinct().Count() == fixture.TargetIds.Length;
        }, TimeSpan.FromSeconds(90), () => Task.FromResult(seen));
    }

    private async Task ScrapedSinceAsync(IEnumerable<string> ids, DateTimeOffset since, int times, string what)
    {
        var wanted = ids.ToArray();
        var missing = 0;
        await CollectorHost.EventuallyAsync(async () =>
        {
            var log = await ScrapeSlots.FetchAsync(fixture.SimulatorClient);
            missing = wanted.Count(id => (log.GetValueOrDefault(id) ?? []).Count(t => t >= since.ToUnixTimeMilliseconds()) < times);
            return missing == 0;
        }, TimeSpan.FromSeconds(90), () => Task.FromResult($"{what}: {missing} of {wanted.Length} targets not yet scraped {times} times"));
    }

    [Fact]
    public async Task a_killed_agents_targets_are_scraped_by_the_others_within_two_intervals_and_return_to_it_without_a_slot_scraped_twice()
    {
        var db = await fixture.Influx.CreateDatabaseAsync("takeover");
        var agents = new List<Agent>();
        Agent? restarted = null;
        try
        {
            for (var i = 0; i < 3; i++)
            {
                agents.Add(await StartAgentAsync(i, db));
            }

            await SteadyAsync(agents, 3);
            var steady = TimeProvider.System.GetUtcNow();
            await ScrapedSinceAsync(fixture.TargetIds, steady, 2, "every target scraped twice with three agents");

            // Kill -9 the agent of shard 1/3: its targets are the ones it scheduled.
            var victim = agents[1];
            var victimTargets = await OwnedAsync(victim);
            Assert.InRange(victimTargets.Length, fixture.TargetIds.Length / 6, fixture.TargetIds.Length / 2);
            var killedAt = TimeProvider.System.GetUtcNow();
            await victim.Process.KillAsync();
            Assert.Equal(137, victim.Process.ExitCode);
            var survivors = new[] { agents[0], agents[2] };

            await ScrapedSinceAsync(victimTargets, killedAt, 2, "the killed agent's targets scraped twice by the others");
            await SteadyAsync(survivors, 2);
            var log = await ScrapeSlots.FetchAsync(fixture.SimulatorClient);
            var takeover = ScrapeSlots.FirstAfter(log, victimTargets, OffsetOf, Interval, killedAt);
            output.WriteLine($"takeover: latest first scrape {takeover.Values.Max(v => v.After!.Value.TotalSeconds):0.000} s after the kill, most slots missed {takeover.Values.Max(v => v.Missed)}");

            // Within two intervals: at most one slot between the victim's last scrape and the others' first is missed.
            Assert.All(takeover, kv => Assert.True(kv.Value.Missed <= 1, $"{kv.Key}: {kv.Value.Missed} slots missed, first scrape {kv.Value.After} after the kill"));
            Assert.True(await CollectorHost.MetricAsync(agents[0].Client, "supervision_collector_membership_targets_gained_total")
                + await CollectorHost.MetricAsync(agents[2].Client, "supervision_collector_membership_targets_gained_total") >= victimTargets.Length);

            // The victim comes back under the same name: exactly its targets move back.
            var returnedAt = TimeProvider.System.GetUtcNow();
            restarted = await StartAgentAsync(1, db, victim.Dir, victim.Args);
            var all = new[] { agents[0], restarted, agents[2] };
            await SteadyAsync(all, 3);
            Assert.Equal(victimTargets.Order(StringComparer.Ordinal), (await OwnedAsync(restarted)).Order(StringComparer.Ordinal));
            var backAt = TimeProvider.System.GetUtcNow();
            await ScrapedSinceAsync(fixture.TargetIds, backAt, 2, "every target scraped twice after the return");

            // Never twice in one slot, from the steady start through the kill, the takeover and the return.
            log = await ScrapeSlots.FetchAsync(fixture.SimulatorClient);
            var audit = ScrapeSlots.Audit(log, OffsetOf, Interval, steady, TimeProvider.System.GetUtcNow());
            output.WriteLine($"audit: {audit.Targets} targets, {audit.Scrapes} scrapes, longest gap {audit.LongestGap.TotalSeconds:0.000} s ({audit.LongestGapTarget}), most slots missed {audit.MostSlotsMissed}, doubles {audit.Doubles.Count}");
            Assert.Equal(fixture.TargetIds.Length, audit.Targets);
            Assert.True(audit.Doubles.Count == 0, "scraped twice in one slot: " + string.Join("; ", audit.Doubles.Take(10)));

            // The hand-back: the returning agent starts on the slot after the others' last (a reader that came late on a
            // loaded machine leaves a slot out rather than scrape it twice: at most one).
            var handBack = ScrapeSlots.FirstAfter(log, victimTargets, OffsetOf, Interval, returnedAt);
            output.WriteLine($"hand-back: most slots missed {handBack.Values.Max(v => v.Missed)}, targets with a missed slot {handBack.Values.Count(v => v.Missed > 0)}");
            Assert.All(handBack, kv => Assert.True(kv.Value.Missed <= 1, $"{kv.Key}: {kv.Value.Missed} slots missed around the return"));
        }
        finally
        {
            foreach (var agent in agents)
            {
                output.WriteLine(agent.Process.Output.Length > 4000 ? agent.Process.Output[^4000..] : agent.Process.Output);
                await agent.DisposeAsync();
            }

            if (restarted is not null)
            {
                await restarted.DisposeAsync();
            }

            foreach (var dir in agents.Select(a => a.Dir).Distinct())
            {
                try
                {
                    Directory.Delete(dir, recursive: true);
                }
                catch (IOException)
                {
                    // a buffer file still open by a late writer
                }
            }
        }
    }

    [Theory]
    [InlineData("--Collector:Membership:Redis=127.0.0.1:1", "Collector:Membership:Redis: cannot reach Redis at 127.0.0.1:1")]
    [InlineData("--Collector:Membership:ExpireAfter=00:00:01", "Collector:Membership:ExpireAfter (00:00:01) must be at least two Collector:Membership:HeartbeatInterval")]
    [InlineData("--Collector:Membership:HandoverDelay=00:00:00.500", "Collector:Membership:HandoverDelay (00:00:00.5000000) must be longer than Collector:Membership:HeartbeatInterval")]
    public async Task a_bad_membership_setting_stops_start_up_naming_the_key(string setting, string expected)
    {
        var redis = setting.Contains(":Redis=", StringComparison.Ordinal) ? setting : $"--Collector:Membership:Redis={fixture.Redis.Configuration}";
        await using var app = CollectorApp.Build([
            "--urls", "http://127.0.0.1:0", "--inventory", RepoPaths.NationalInventory, redis, setting, "--Logging:LogLevel:Default=None"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
