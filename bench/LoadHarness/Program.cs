// Load harnesses for whole paths against real servers on loopback; results and commands in bench/RESULTS.md.
using Supervision.LoadHarness;

var harnesses = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.Ordinal)
{
    ["notify"] = NotifyLatencyHarness.RunAsync,
    ["alert-eval"] = AlertEvalHarness.RunAsync,
    ["alert-latency"] = AlertLatencyHarness.RunAsync,
    ["simulator-load"] = SimulatorLoadHarness.RunAsync,
    ["influx-write"] = InfluxWriteHarness.RunAsync,
    ["collector-fleet"] = CollectorFleetHarness.RunAsync,
    ["summary-30d"] = SummaryHarness.RunAsync,
    ["hub-fanout"] = HubFanoutHarness.RunAsync,
    ["soak"] = SoakHarness.RunAsync,
    ["failover-alerting"] = AlertingFailoverHarness.RunAsync,
    ["tile-latency"] = TileLatencyHarness.RunAsync,
    ["push-intake"] = PushIntakeHarness.RunAsync,
    ["deadman"] = DeadmanHarness.RunAsync,
    ["pages"] = PagesHarness.RunAsync,
    ["failover-dashboard"] = DashboardFailoverHarness.RunAsync,
    ["status-page"] = StatusPageHarness.RunAsync,
    ["shard-takeover"] = ShardTakeoverHarness.RunAsync,
    ["push-tile"] = PushTileHarness.RunAsync,
    ["map-render"] = MapRenderHarness.RunAsync,
};

if (args.Length > 0 && harnesses.TryGetValue(args[0], out var run))
{
    return await run(args[1..]);
}

Console.Error.WriteLine($"usage: Supervision.LoadHarness {string.Join('|', harnesses.Keys)} [options]");
return 2;
