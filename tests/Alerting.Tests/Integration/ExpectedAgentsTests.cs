using System.Globalization;
using System.Text;
using Supervision.Alerting.Data;
using Supervision.Alerting.Tests.Support;
using Supervision.Core.Domain;
using Supervision.Core.Influx;
using Supervision.Core.InventoryFiles;
using Supervision.Core.Messages;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Integration;

/// <summary>A real InfluxDB and a real Redis for collector agents started as processes.</summary>
public sealed class ExpectedAgentsFixture : IAsyncLifetime
{
    public InfluxServerFixture Influx { get; } = new();

    public RedisServerFixture Redis { get; } = new();

    public Task InitializeAsync() => Task.WhenAll(Influx.InitializeAsync(), Redis.InitializeAsync());

    public async Task DisposeAsync()
    {
        await Influx.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

/// <summary>
/// Expected agents (docs/self-monitoring.md): the rule names three shards; real collector agents 0/3 and 1/3 heartbeat
/// into a real InfluxDB (with shard takeover over Redis, and without), 1/3 is killed, 2/3 never starts. Both absent
/// shards fire, and stay firing with the same identity past the old one-hour lookback (the rules' clock moved on by a
/// FakeTimeProvider; the live agent's heartbeat carried along as it would have beaten on).
/// </summary>
public sealed class ExpectedAgentsTests(ExpectedAgentsFixture fixture) : IClassFixture<ExpectedAgentsFixture>
{
    private const string Rules = """
        groups:
          - name: g
            rules:
              - name: collector-shard-absent
                kind: absent
                parameters: { scope: shard, window: 40s, lookback: 1h, shards: 3 }
                severity: critical
        """;

    private static readonly Inventory National = InventoryLoader.LoadFile(RepoPaths.NationalInventory).Inventory!;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task an_absent_and_a_never_started_shard_fire_and_stay_firing_past_the_lookback(bool membership)
    {
        var db = await fixture.Influx.CreateDatabaseAsync(membership ? "agents_m" : "agents_s");
        var client = fixture.Influx.Client(db);
        var dir = Path.Combine(Path.GetTempPath(), "supervision-agents-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        // Targets on a closed port: the scrapes fail at once; only the agents' heartbeats matter here.
        await File.WriteAllTextAsync(Path.Combine(dir, "inventory.yaml"), """
            version: 1
            defaults:
              baseUrl: "http://127.0.0.1:9/t/{unit}/{system}"
              interval: 5000ms
              timeout: 1000ms
            units:
              - { id: "79", name: "Hồ Chí Minh", level: province, kind: city }
            """);
        await using var agent0 = await StartAgentAsync(0, db, dir, membership);
        await using var agent1 = await StartAgentAsync(1, db, dir, membership);
        await Eventually.TrueAsync(async () => (await LastBeatsAsync(client)).Count == 2, "the two agents' heartbeats did not reach InfluxDB");
        await agent1.KillAsync();

        // Rounded up to the whole second: rounded down, a beat stamped in the last fraction of a second fell after the
        // rules' "now", so the just-killed shard had no beat in range and fired (CI, stop 23).
        var now = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() + 1);
        using var h = EngineHarness.Over(new InfluxMetricSource(client), National, Rules, now);
        await h.EvaluateAsync();
        // Just killed, 1/3 beat within the window: only the one that never started fires.
        Assert.Equal(["2/3"], Firing(h).Select(a => a.Shard));

        // Two hours on (the old lookback long past 1/3's last beat): 0/3 beats on, 1/3 and 2/3 still fire as the same alerts.
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var hours in new[] { 1.25, 2.0 })
        {
            h.Time.SetUtcNow(now.AddHours(hours));
            await CarryBeatAsync(client, "0/3", h.Now.AddSeconds(-5));
            await h.EvaluateAsync();
            var firing = Firing(h);
            Assert.Equal(["1/3", "2/3"], firing.Select(a => a.Shard));
            foreach (var (shard, id) in firing)
            {
                Assert.Equal(ids.GetValueOrDefault(shard, id), id);
                ids[shard] = id;
            }
        }
    }

    private async Task<ServiceProcess> StartAgentAsync(int index, string db, string dir, bool membership)
    {
        var port = FreePort.Next();
        string[] args =
        [
            "--urls", $"http://127.0.0.1:{port}",
            "--inventory", Path.Combine(dir, "inventory.yaml"),
            "--buffer", Path.Combine(dir, $"buffer-{index}"),
            $"--shard={index}/3",
            $"--Collector:Influx:Url={fixture.Influx.Url}",
            $"--Collector:Influx:Database={db}",
            "--Collector:Write:FlushInterval=00:00:00.300",
            "--Logging:LogLevel:Default=Warning",
            .. membership ? [$"--Collector:Membership:Redis={fixture.Redis.Configuration}", $"--Collector:Membership:KeyPrefix=agents-{db}"] : Array.Empty<string>(),
        ];
        var process = ServiceProcess.StartDotnet($"collector-{index}", ServiceProcess.BuiltAssembly("src/Collector", "Supervision.Collector"), args);
        await process.WaitForHttpAsync(new Uri($"http://127.0.0.1:{port}/healthz"), TimeSpan.FromSeconds(90));
        return process;
    }

    private static (string Shard, string Id)[] Firing(EngineHarness h) =>
        [.. h.Engine.Views.Where(v => v.Rule == "collector-shard-absent" && v.State == AlertState.Firing)
            .Select(v => (v.Labels["shard"], v.Id)).OrderBy(a => a.Item1, StringComparer.Ordinal)];

    // The shards heartbeating and each one's collector name and last `targets` value.
    private static async Task<Dictionary<string, (string Collector, double Targets)>> LastBeatsAsync(InfluxClient client)
    {
        var beats = new Dictionary<string, (string, double)>(StringComparer.Ordinal);
        foreach (var series in (await client.QueryAsync("SELECT last(\"targets\") FROM \"collector\" GROUP BY \"shard\", \"collector\"")).Series)
        {
            beats[series.Tag("shard")!] = (series.Tag("collector")!, series.Double(0, "last") ?? 0);
        }

        return beats;
    }

    // What the live agent would have written had the test waited: its heartbeat, at the rules' "now".
    private static async Task CarryBeatAsync(InfluxClient client, string shard, DateTimeOffset at)
    {
        var (collector, targets) = (await LastBeatsAsync(client))[shard];
        var line = string.Create(CultureInfo.InvariantCulture, $"collector,collector={collector},shard={shard} targets={targets}i {at.ToUnixTimeMilliseconds()}\n");
        await client.WriteAsync(Encoding.UTF8.GetBytes(line));
    }
}
