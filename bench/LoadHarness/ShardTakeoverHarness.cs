using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Supervision.Collector.Parsing;
using Supervision.Collector.Scheduling;
using Supervision.Testing;

namespace Supervision.LoadHarness;

/// <summary>
/// <c>shard-takeover</c>: the national fleet (the simulator as <c>scripts/run.sh</c> starts it, with its request log on),
/// three collector agents splitting it over a real Redis (shard takeover), a real influxd. After a warm-up, kill -9 of one
/// agent; the others take its targets; after a while it is started again and takes them back. From the simulator's log of
/// when each target was asked: the takeover time (kill → the dead agent's last target scraped by another), the targets'
/// longest gap between scrapes, slots missed, and slots scraped twice (bench/RESULTS.md, "Shard takeover").
/// With <c>--influx-stop S</c> the agents write to two influxd (Collector:Influx:Replicas) and, after the agent's return,
/// one influxd is stopped for S seconds (<see cref="InfluxOutagePhase"/>): points stored on each server vs scraped.
/// </summary>
public static class ShardTakeoverHarness
{
    private const string Usage = "usage: shard-takeover [--warmup 60] [--down 90] [--after 60] [--influx-stop 0] [--inventory inventory/national.yaml] [--collector-arg --Key=Value]...";

    public static async Task<int> RunAsync(string[] args)
    {
        var warmup = TimeSpan.FromSeconds(HarnessArgs.Int(args, "--warmup", 60));
        var down = TimeSpan.FromSeconds(HarnessArgs.Int(args, "--down", 90));
        var after = TimeSpan.FromSeconds(HarnessArgs.Int(args, "--after", 60));
        var influxStop = TimeSpan.FromSeconds(HarnessArgs.Int(args, "--influx-stop", 0));
        var extra = args.Select((a, i) => (a, i)).Where(x => x.a == "--collector-arg" && x.i + 1 < args.Length).Select(x => args[x.i + 1]).ToArray();
        var root = HarnessProcesses.FindRoot();
        var simulatorDll = Path.Combine(root, "src/Simulator/bin/Release/net10.0/Supervision.Simulator.dll");
        var collectorDll = Path.Combine(root, "src/Collector/bin/Release/net10.0/Supervision.Collector.dll");
        if (!File.Exists(simulatorDll) || !File.Exists(collectorDll))
        {
            await Console.Error.WriteLineAsync($"needs {simulatorDll} and {collectorDll} (dotnet build -c Release src/Simulator src/Collector)\n{Usage}");
            return 2;
        }

        var work = Path.Combine(Path.GetTempPath(), "shard-takeover-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        var redis = new RedisServerFixture();
        var influx = new InfluxServerFixture();
        var replica = influxStop > TimeSpan.Zero ? new InfluxServerFixture() : null;
        var processes = new List<ServiceProcess>();
        try
        {
            await Task.WhenAll(redis.InitializeAsync(), influx.InitializeAsync(), replica?.InitializeAsync() ?? Task.CompletedTask);
            var simulatorPort = FreePort.Next();

            // The request log covers the whole run (one entry per scrape of a target), so the outage's count starts inside it.
            var requestLog = Math.Max(64, (int)((warmup + down + after + (2 * influxStop)).TotalSeconds / 15) + 60);
            var simulator = ServiceProcess.StartDotnet("simulator", simulatorDll,
                ["--port", simulatorPort.ToString(CultureInfo.InvariantCulture), "--inventory", Path.Combine(root, HarnessArgs.Text(args, "--inventory", "inventory/national.yaml")), "--request-log", requestLog.ToString(CultureInfo.InvariantCulture)],
                new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" });
            processes.Add(simulator);
            await simulator.WaitForHttpAsync(new Uri($"http://127.0.0.1:{simulatorPort}/healthz"), TimeSpan.FromSeconds(120));
            var inventory = Path.Combine(work, "fleet.yaml");
            var targets = CollectorFleetHarness.WriteInventory(Path.Combine(root, HarnessArgs.Text(args, "--inventory", "inventory/national.yaml")), inventory, simulatorPort, out var interval, out _);

            var agentArgs = new string[3][];
            var agents = new ServiceProcess[3];
            var urls = new Uri[3];
            for (var i = 0; i < 3; i++)
            {
                var port = FreePort.Next();
                urls[i] = new Uri($"http://127.0.0.1:{port}");
                agentArgs[i] =
                [
                    "--urls", urls[i].ToString(), "--inventory", inventory, "--shard", $"{i}/3", "--buffer", Path.Combine(work, $"buffer-{i}"),
                    $"--Collector:Membership:Redis={redis.Configuration}", $"--Collector:Influx:Url={influx.Url}", "--Collector:Influx:Database=supervision",
                    .. (replica is null ? Array.Empty<string>() : [$"--Collector:Influx:Replicas:0={replica.Url}"]),
                    "--Logging:LogLevel:Default=Warning", .. extra,
                ];
                agents[i] = await StartAsync(i, collectorDll, agentArgs[i], urls[i]);
                processes.Add(agents[i]);
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            using var sim = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{simulatorPort}"), Timeout = TimeSpan.FromSeconds(120) };
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"shard-takeover: {targets.Count} targets every {interval.TotalSeconds} s, 3 agents on Redis :{redis.Port}, influxd {influx.Url}{(replica is null ? string.Empty : $" and {replica.Url} (stopped {influxStop.TotalSeconds} s)")}; warm-up {warmup.TotalSeconds} s, down {down.TotalSeconds} s, after {after.TotalSeconds} s; {string.Join(' ', extra)}"));
            var steadyFor = await SteadyAsync(http, urls, 3, targets.Count);
            Console.WriteLine($"  three agents share the fleet {steadyFor.TotalSeconds:0.0} s after the last started");
            await Task.Delay(warmup);
            var from = TimeProvider.System.GetUtcNow();

            // Kill -9 agent 1/3.
            var victimTargets = await OwnedAsync(http, urls[1]);
            var cpu0 = agents.Select(a => HarnessProcesses.CpuSeconds(a.Id)).ToArray();
            var killedAt = TimeProvider.System.GetUtcNow();
            await agents[1].KillAsync();
            var applied = await SteadyAsync(http, [urls[0], urls[2]], 2, targets.Count);
            Console.WriteLine($"  kill -9 of collector-1of3 ({victimTargets.Count} targets) at {killedAt:HH:mm:ss.fff}; the two others schedule all targets {applied.TotalSeconds:0.0} s later");
            await Task.Delay(down - applied > TimeSpan.Zero ? down - applied : TimeSpan.Zero);
            var log = await ScrapeSlots.FetchAsync(sim);
            TimeSpan OffsetOf(string id) => ScheduleMath.Offset(id, interval);
            var takeover = ScrapeSlots.FirstAfter(log, victimTargets, OffsetOf, interval, killedAt);
            var unscraped = takeover.Count(kv => kv.Value.After is null);
            var firsts = takeover.Values.Where(v => v.After is not null).Select(v => v.After!.Value.TotalSeconds).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  takeover: the dead agent's targets first scraped by another {Pct(firsts, 0.5):0.00} s (p50) / {Pct(firsts, 0.99):0.00} s (p99) / {firsts.LastOrDefault():0.00} s (max) after the kill ({firsts.LastOrDefault() / interval.TotalSeconds:0.00} intervals); not scraped since: {unscraped}; most slots missed: {takeover.Values.Max(v => v.Missed)}"));

            // Back again, under the same name.
            var returnedAt = TimeProvider.System.GetUtcNow();
            agents[1] = await StartAsync(1, collectorDll, agentArgs[1], urls[1]);
            processes.Add(agents[1]);
            var back = await SteadyAsync(http, urls, 3, targets.Count);
            var owned = await OwnedAsync(http, urls[1]);
            Console.WriteLine($"  collector-1of3 back: the three share the fleet {back.TotalSeconds:0.0} s after its start ({(returnedAt - killedAt).TotalSeconds:0} s after the kill); it has {owned.Count} targets, {owned.Intersect(victimTargets).Count()} of them its own before the kill");
            await Task.Delay(after);
            var to = TimeProvider.System.GetUtcNow();
            log = await ScrapeSlots.FetchAsync(sim);
            var audit = ScrapeSlots.Audit(log, OffsetOf, interval, from, to);
            var handBack = ScrapeSlots.FirstAfter(log, victimTargets, OffsetOf, interval, returnedAt);
            var metrics = await MetricsAsync(http, urls);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {from:HH:mm:ss}–{to:HH:mm:ss}: {audit.Targets} targets, {audit.Scrapes} scrapes; longest gap between two scrapes of a target {audit.LongestGap.TotalSeconds:0.00} s ({audit.LongestGap.TotalSeconds / interval.TotalSeconds:0.00} intervals, {audit.LongestGapTarget}); most slots missed in a row {audit.MostSlotsMissed}; slots scraped twice {audit.Doubles.Count}"));
            Console.WriteLine($"  hand-back: slots missed around the return: max {handBack.Values.Max(v => v.Missed)}, targets with one missed {handBack.Values.Count(v => v.Missed > 0)}");
            Console.WriteLine($"  agents' counters: gained by takeover {metrics["takeover"]}, by hand-over {metrics["handover"]}, lost {metrics["lost"]}, fenced slots {metrics["fenced"]}, heartbeat failures {metrics["failures"]}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  CPU of the surviving agents from the kill: {HarnessProcesses.CpuSeconds(agents[0].Id) - cpu0[0]:0.0} s, {HarnessProcesses.CpuSeconds(agents[2].Id) - cpu0[2]:0.0} s over {(TimeProvider.System.GetUtcNow() - killedAt).TotalSeconds:0} s"));
            foreach (var d in audit.Doubles.Take(10))
            {
                Console.WriteLine("    twice: " + d);
            }

            var stored = replica is null || await InfluxOutagePhase.RunAsync(http, sim, [urls[0], urls[1], urls[2]], influx, replica, influxStop, interval, OffsetOf);
            if (replica is not null)
            {
                var whole = ScrapeSlots.Audit(await ScrapeSlots.FetchAsync(sim), OffsetOf, interval, from, TimeProvider.System.GetUtcNow());
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  whole run from the kill: longest gap between two scrapes of a target {whole.LongestGap.TotalSeconds:0.00} s ({whole.LongestGap.TotalSeconds / interval.TotalSeconds:0.00} intervals, {whole.LongestGapTarget}); slots scraped twice {whole.Doubles.Count}"));
            }

            return stored && audit.Doubles.Count == 0 && unscraped == 0 && takeover.Values.Max(v => v.Missed) <= 1 ? 0 : 1;
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }

            await influx.DisposeAsync();
            if (replica is not null)
            {
                await replica.DisposeAsync();
            }

            await redis.DisposeAsync();
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // a buffer file still open
            }
        }
    }

    private static async Task<ServiceProcess> StartAsync(int index, string dll, string[] args, Uri url)
    {
        var process = ServiceProcess.StartDotnet($"collector-{index}", dll, args);
        await process.WaitForHttpAsync(new Uri(url, "/healthz"), TimeSpan.FromSeconds(120));
        return process;
    }

    private static double Pct(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(q * sorted.Length))];

    private static async Task<List<string>> OwnedAsync(HttpClient http, Uri agent)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(agent, "/api/targets")));
        return doc.RootElement.EnumerateArray().Select(t => t.GetProperty("targetId").GetString()!).ToList();
    }

    private static async Task<double> MetricAsync(HttpClient http, Uri agent, string name, string? label = null)
    {
        var (samples, _) = ExpositionParser.ParseToList(await http.GetStringAsync(new Uri(agent, "/metrics")));
        return samples.Where(s => s.Name == name && (label is null || s.Labels.Any(l => l.Value == label))).Sum(s => s.Value);
    }

    private static async Task<Dictionary<string, double>> MetricsAsync(HttpClient http, Uri[] agents)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var agent in agents)
        {
            void Add(string key, double value) => result[key] = result.GetValueOrDefault(key) + value;
            Add("takeover", await MetricAsync(http, agent, "supervision_collector_membership_targets_gained_total", "takeover"));
            Add("handover", await MetricAsync(http, agent, "supervision_collector_membership_targets_gained_total", "handover"));
            Add("lost", await MetricAsync(http, agent, "supervision_collector_membership_targets_lost_total"));
            Add("fenced", await MetricAsync(http, agent, "supervision_collector_membership_slots_fenced_total"));
            Add("failures", await MetricAsync(http, agent, "supervision_collector_membership_heartbeat_failures_total"));
        }

        return result;
    }

    /// <summary>Waits until every agent sees <paramref name="live"/> live agents and they schedule each target once; returns how long that took.</summary>
    private static async Task<TimeSpan> SteadyAsync(HttpClient http, Uri[] agents, int live, int targets)
    {
        var clock = Stopwatch.StartNew();
        var seen = string.Empty;
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            var lives = new List<double>();
            var owned = new List<string>();
            foreach (var agent in agents)
            {
                lives.Add(await MetricAsync(http, agent, "supervision_collector_membership_live_agents"));
                owned.AddRange(await OwnedAsync(http, agent));
            }

            var distinct = owned.Distinct().Count();
            if (lives.All(l => l == live) && owned.Count == targets && distinct == targets)
            {
                return clock.Elapsed;
            }

            seen = $"live agents {string.Join('/', lives)}, {owned.Count} scheduled ({distinct} distinct) of {targets}";
            await Task.Delay(250);
        }

        throw new TimeoutException("the agents did not settle within 3 minutes: " + seen);
    }
}
