using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Supervision.Collector.Parsing;
using Supervision.Core.Influx;
using Supervision.Testing;

namespace Supervision.LoadHarness;

/// <summary>
/// soak: the whole center as a new user runs it (scripts/run.sh: InfluxDB, the simulated national fleet with the demo
/// scenario, collector, alerting, dashboard), for a given time that should cross an hour turn. Every sample period it
/// prints each process's CPU (share of one core since the last sample, /proc/{pid}/stat) and RSS (VmRSS), the
/// collector's points written, spilled and dropped, whether <c>GET /api/status</c> carries current national figures and
/// how long it took, and the rule groups' mean evaluation time. At the end it stops the collector cleanly and compares,
/// for a seeded sample of targets, the requests each received (the simulator counts them) with the scrape points
/// stored in InfluxDB; then one verdict line per goal of bench/RESULTS.md, "Soak". With <c>--with-prometheus</c> the
/// anchor (<see cref="SoakPeer"/>: Prometheus + Alertmanager doing the same job on the same fleet) runs beside it and
/// the CPU and RSS ratios are printed. With <c>--ha</c> it runs <c>scripts/run.sh --ha</c> (PostgreSQL, Redis, nginx, two
/// Alerting and two Dashboard nodes) and samples every process of it (PostgreSQL and nginx with their children), reads
/// the figures through the proxy, and adds the cluster's goals (<see cref="SoakCluster"/>).
/// </summary>
public static class SoakHarness
{
    private const string Usage = "usage: soak [--minutes 65] [--sample 30] [--targets 60] [--data DIR] [--force-day-rollups] [--with-prometheus] [--ha]";

    private static readonly string[] Peer = ["prometheus", "alertmanager"];

    // The services whose RSS at the hour turn is held to 1.25x its median (with --ha: each node of each).
    private static readonly string[] Services = ["collector", "influxd", "alerting", "dashboard"];

    // Processes of several (PostgreSQL's backends, nginx's workers): their shared pages are summed once per process.
    private static readonly string[] Shared = ["postgres", "nginx"];

    // With --ha, the processes of each node as docs/ha.md places them on two machines.
    private static readonly (string Node, string[] Members)[] ClusterNodes =
    [
        ("node 1", ["influxd", "collector", "alerting-1", "dashboard-1", "postgres", "redis-server", "nginx"]),
        ("node 2", ["influxd-replica", "alerting-2", "dashboard-2"]),
    ];

    private static readonly string[] FigureNames = ["documentsPerMinute", "dossiersResolvedToday", "overdueDossiers"];

    /// <summary>Runs the harness; returns the exit code (0 when every goal holds, 1 when one does not, 2 for bad arguments).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (SoakOptions.Parse(args) is not { } options)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var root = RepoPaths.Root;
        var data = options.Data ?? Path.Combine(Path.GetTempPath(), "soak-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        var ports = RunShCenter.FreePorts(options.Ha);
        await using var center = RunShCenter.Start(ports, data, null, options.Ha ? ["--ha"] : []);
        Uri Url(string port, string path) => new($"http://127.0.0.1:{ports[port]}{path}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            await RunShCenter.WaitUntilRunningAsync(center);
            // GET /api/status needs a session: a demo viewer of config/demo-users.json (scripts/run.sh loads it).
            // With --ha through the proxy: the session is then good on both nodes (shared data-protection keys).
            var (dashboardHttp, cookies) = await HarnessSignIn.ClientAsync(Url("DASHBOARD_PORT", "/"), "viewer", "viewer-demo");
            using var dashboard = dashboardHttp;
            await using var cluster = options.Ha ? await SoakCluster.StartAsync(ports["ALERTING_PORT"], ports["DASHBOARD_PORT"], cookies, Path.Combine(root, "rules")) : null;
            var alerting = cluster?.AlertingMetrics ?? [Url("ALERTING_PORT", "/metrics")];
            var clusterSamples = new List<ClusterSample>();
            var pids = RunShCenter.Pids(data);
            await using var peer = options.WithPrometheus ? await SoakPeer.StartAsync(Path.Combine(data, "peer"), Path.Combine(data, "inventory.yaml")) : null;
            foreach (var (name, pid) in peer?.Pids ?? new Dictionary<string, int>())
            {
                pids[name] = pid;
            }

            Console.WriteLine($"center up; data {data}; pids {string.Join(", ", pids.Select(p => p.Key + "=" + p.Value))}; {options.Minutes} min, a sample every {options.Sample} s");
            Console.WriteLine("time(UTC) " + string.Join(' ', pids.Keys.Select(k => $"{k}%cpu/MiB")) + (pids.ContainsKey("postgres") ? " center%cpu center-MiB(shared pages once)" : " center%cpu center-MiB") + " written spilled dropped figures status-ms rule-ms"
                + (cluster is null ? string.Empty : " passes(alerting-1 alerting-2) wall-deltas(dashboard-1 dashboard-2, ! = not connected)"));

            var samples = new List<SoakSample>();
            // A process and its children: PostgreSQL's backends, nginx's workers, redis's rewrite child (none for the others).
            var cpu = pids.ToDictionary(p => p.Key, p => HarnessProcesses.TreeCpuSeconds(p.Value), StringComparer.Ordinal);
            // The first reads right after start-up may meet a service still warming on a busy box: a few tries.
            var (ruleSum, ruleCount) = await WithRetriesAsync(() => RuleTotalsAsync(http, alerting));
            if (cluster is not null)
            {
                await WithRetriesAsync(() => cluster.SampleAsync(http, TimeProvider.System.GetUtcNow()));
            }

            var unanswered = new List<string>();

            var start = Stopwatch.StartNew();
            var last = start.Elapsed;
            while (start.Elapsed < TimeSpan.FromMinutes(options.Minutes))
            {
                await Task.Delay(TimeSpan.FromSeconds(options.Sample));
                if (!center.IsRunning)
                {
                    throw new InvalidOperationException("the center stopped:\n" + center.Output);
                }

                var now = start.Elapsed;
                var seconds = (now - last).TotalSeconds;
                last = now;
                var processes = new Dictionary<string, (double Cpu, double RssMiB)>(StringComparer.Ordinal);
                var sharedPages = 0.0;
                foreach (var (name, pid) in pids)
                {
                    var total = HarnessProcesses.TreeCpuSeconds(pid);
                    processes[name] = ((total - cpu[name]) / seconds, HarnessProcesses.TreeRssBytes(pid) / 1048576.0);
                    cpu[name] = total;
                    if (Shared.Contains(name))
                    {
                        // Pages shared among PostgreSQL's processes (its shared buffers) are in every backend's RSS.
                        sharedPages += processes[name].RssMiB - HarnessProcesses.TreePssBytes(pid) / 1048576.0;
                    }
                }

                List<Sample> collector;
                FigureState figures;
                double statusMs, sum, count;
                try
                {
                    collector = await MetricsAsync(http, Url("COLLECTOR_PORT", "/metrics"));
                    var status = Stopwatch.StartNew();
                    figures = await FiguresAsync(dashboard, Url("DASHBOARD_PORT", "/api/status"));
                    statusMs = status.Elapsed.TotalMilliseconds;
                    (sum, count) = await RuleTotalsAsync(http, alerting);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // A service that does not answer within the client's timeout is a finding, not the end of the run.
                    unanswered.Add($"{TimeProvider.System.GetUtcNow():HH:mm:ss} {ex.Message}");
                    Console.WriteLine($"{TimeProvider.System.GetUtcNow():HH:mm:ss} sample not read: {ex.Message}");
                    continue;
                }

                var ruleMs = count > ruleCount ? 1000 * (sum - ruleSum) / (count - ruleCount) : double.NaN;
                (ruleSum, ruleCount) = (sum, count);
                var sample = new SoakSample(
                    TimeProvider.System.GetUtcNow(), processes, Value(collector, "supervision_collector_points_written_total"),
                    Value(collector, "supervision_collector_points_spilled_total"), Value(collector, "supervision_collector_points_dropped_total") + Value(collector, "supervision_collector_buffer_dropped_points_total"),
                    figures, statusMs, ruleMs, sharedPages);
                samples.Add(sample);
                var clusterSample = cluster is null ? null : await cluster.SampleAsync(http, sample.At);
                if (clusterSample is not null)
                {
                    clusterSamples.Add(clusterSample);
                }

                Console.WriteLine(sample.Line(pids.Keys) + (clusterSample is null ? string.Empty : " " + clusterSample.Line));
            }

            var clusterVerdicts = cluster is null ? [] : cluster.Verdicts(clusterSamples, await WithRetriesAsync(() => cluster.IntervalsAsync(http)));
            clusterVerdicts.Add(("every sample read (collector, Dashboard and Alerting each answered within 30 s)", unanswered.Count == 0,
                unanswered.Count == 0 ? $"{samples.Count} samples" : $"{unanswered.Count} not read: {string.Join("; ", unanswered.Take(5))}"));
            foreach (var name in Shared.Where(pids.ContainsKey))
            {
                // The RSS sum counts pages shared by the processes (PostgreSQL's shared buffers) once per process.
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: {1 + HarnessProcesses.Children(pids[name]).Count} processes, RSS summed {HarnessProcesses.TreeRssBytes(pids[name]) / 1048576.0:0} MiB, PSS summed {HarnessProcesses.TreePssBytes(pids[name]) / 1048576.0:0} MiB"));
            }

            if (options.ForceDayRollups)
            {
                await ForceDayRollupsAsync(root, ports["INFLUX_PORT"], pids["influxd"]);
            }

            // Scraped vs stored: a clean stop of the collector writes out what it holds, then nothing changes.
            using (var term = Process.Start("kill", ["-TERM", pids["collector"].ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            await WaitForAsync(() => !File.Exists($"/proc/{pids["collector"]}/stat"), TimeSpan.FromSeconds(60), () => "the collector did not stop");
            var counted = await ScrapedVersusStoredAsync(http, Url("SIM_PORT", ""), ports["INFLUX_PORT"], options.Targets);
            return Report(samples, counted, clusterVerdicts) ? 0 : 1;
        }
        finally
        {
            await center.StopAsync(TimeSpan.FromSeconds(30));
        }
    }

    private static async Task<(long Scraped, long Stored, long Unanswered, int Targets, List<string> Differences)> ScrapedVersusStoredAsync(
        HttpClient http, Uri simulator, int influxPort, int count)
    {
        var targets = (await http.GetFromJsonAsync<TargetList>(new Uri(simulator, "/control/targets")))!.Ids;
        var random = new Random(20261207);
        var chosen = targets.OrderBy(_ => random.Next()).Take(count).ToList();
        using var client = new HttpClient();
        var influx = new InfluxClient(client, new InfluxOptions { Url = $"http://127.0.0.1:{influxPort}", Database = "supervision", Timeout = TimeSpan.FromSeconds(60) });
        long scraped = 0, stored = 0, unanswered = 0;
        var differences = new List<string>();
        foreach (var id in chosen)
        {
            // Each scrape of the collector asks /health and /metrics at once; Prometheus (the anchor) asks /metrics only,
            // so /health requests count the collector's scrapes in a run with the anchor too.
            var requests = (await http.GetFromJsonAsync<JsonElement>(new Uri(simulator, $"/control/targets/{id}/requests"))).GetProperty("health").GetInt64();
            var (unit, system) = (id[..id.IndexOf('/', StringComparison.Ordinal)], id[(id.IndexOf('/', StringComparison.Ordinal) + 1)..]);
            var series = (await influx.QueryAsync($"SELECT count(up), sum(up) FROM scrape WHERE unit = '{unit}' AND system = '{system}'")).Series;
            var points = series.Count == 0 ? 0 : (long)(series[0].Double(0, "count") ?? 0);
            var good = series.Count == 0 ? 0 : (long)(series[0].Double(0, "sum") ?? 0);
            scraped += requests;
            stored += points;
            // Every request the target answered is one scrape and one point: fewer points is a loss. A scrape that failed
            // before its request reached the target (refused or timed out while connecting) stores a Down point the target
            // never counted: more points is fine as long as the good ones are no more than the requests.
            if (points < requests || good > requests)
            {
                differences.Add($"{id}: {requests} requests, {points} points ({good} up)");
            }
            else
            {
                unanswered += points - requests;
            }
        }

        return (scraped, stored, unanswered, chosen.Count, differences);
    }

    /// <summary>The day read-outs of the last whole day, run now by the Dashboard's back-fill verb, with influxd watched.</summary>
    private static async Task ForceDayRollupsAsync(string root, int influxPort, int influxPid)
    {
        var now = TimeProvider.System.GetUtcNow();
        var to = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
        var cpu = HarnessProcesses.CpuSeconds(influxPid);
        var peak = 0L;
        await using var verb = ServiceProcess.StartDotnet("backfill", Path.Combine(root, "src", "Dashboard", "bin", "Release", "net10.0", "Supervision.Dashboard.dll"),
        [
            "backfill-summaries", "--from", to.AddDays(-2).ToString("O", CultureInfo.InvariantCulture), "--to", to.ToString("O", CultureInfo.InvariantCulture),
            "--setup", Path.Combine(root, "scripts", "influxdb-setup.iql"), $"--Dashboard:Influx:Url=http://127.0.0.1:{influxPort}",
        ]);
        var clock = Stopwatch.StartNew();
        while (verb.IsRunning && clock.Elapsed < TimeSpan.FromMinutes(10))
        {
            peak = Math.Max(peak, HarnessProcesses.RssBytes(influxPid));
            await Task.Delay(200);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"forced roll-ups (backfill-summaries over the last 2 days, every cq_summary_*): exit {verb.ExitCode}, {clock.Elapsed.TotalSeconds:0.0} s, influxd {HarnessProcesses.CpuSeconds(influxPid) - cpu:0.0} CPU s, peak RSS {peak / 1048576.0:0} MiB"));
    }

    private static bool Report(List<SoakSample> samples, (long Scraped, long Stored, long Unanswered, int Targets, List<string> Differences) counted, List<(string Goal, bool Held, string Detail)> clusterVerdicts)
    {
        if (samples.Count == 0)
        {
            Console.WriteLine("no samples");
            return false;
        }

        var names = samples[0].Processes.Keys.ToList();
        Console.WriteLine();
        Console.WriteLine("process      mean%cpu  median-MiB  peak-MiB");
        foreach (var name in names)
        {
            var rss = samples.Select(s => s.Processes[name].RssMiB).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-12} {100 * samples.Average(s => s.Processes[name].Cpu),8:0.0}  {rss[rss.Count / 2],10:0}  {rss[^1],8:0}"));
        }

        var centerMedian = samples.Select(s => s.CenterRssMiB).Order().ElementAt(samples.Count / 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"center",-12} {100 * samples.Average(s => s.CenterCpu),8:0.0}  {centerMedian,10:0}  {samples.Max(s => s.CenterRssMiB),8:0}   (every process but the simulator and the demo sinks{(names.Contains("prometheus") ? " and the anchor" : string.Empty)})"));
        var centerCpu = samples.Average(s => s.CenterCpu);
        var centerRss = samples.Max(s => s.CenterRssMiB);
        var centerMemory = samples.Max(s => s.CenterMemoryMiB);
        var verdicts = new List<(string Goal, bool Held, string Detail)> { ("center CPU <= 1.0 core on average", centerCpu <= 1.0, $"{centerCpu:0.00} cores") };
        if (names.Contains("alerting-2"))
        {
            // The budget is one machine's; the cluster's two nodes stand on this one box, so each node's share is held to
            // it (the shared PostgreSQL, Redis and nginx counted on node 1), and the box's sum is printed beside.
            foreach (var (node, members) in ClusterNodes)
            {
                var peak = samples.Max(s => s.MemoryMiB(members));
                verdicts.Add(($"{node} memory <= 4 GiB in every sample ({string.Join(" + ", members.Where(names.Contains))}; PostgreSQL and nginx by PSS)", peak <= 4096, $"peak {peak:0} MiB"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"both nodes on one box: peak {centerMemory:0} MiB (RSS summed over every process: peak {centerRss:0} MiB)"));
        }
        else
        {
            verdicts.Add(samples.Any(s => s.SharedPagesMiB > 0)
                ? ("center memory <= 4 GiB in every sample (RSS; PostgreSQL's and nginx's processes by PSS, their shared pages once)", centerMemory <= 4096,
                    $"peak {centerMemory:0} MiB (RSS summed over every process: peak {centerRss:0} MiB)")
                : ("center RSS <= 4 GiB in every sample", centerRss <= 4096, $"peak {centerRss:0} MiB"));
        }
        var turns = samples.Where(s => s.At.Minute is 0 or 1 or 2 or 59).ToList();
        if (turns.Count > 0)
        {
            foreach (var name in names.Where(n => Services.Any(s => n == s || n.StartsWith(s + "-", StringComparison.Ordinal))))
            {
                var median = samples.Select(s => s.Processes[name].RssMiB).Order().ElementAt(samples.Count / 2);
                var peak = turns.Max(s => s.Processes[name].RssMiB);
                verdicts.Add(($"{name} RSS at the hour turn <= 1.25x its median", peak <= 1.25 * median, $"{peak:0} / {median:0} MiB"));
            }

            var first = samples.IndexOf(turns[0]);
            var spilledAtTurn = turns[^1].Spilled - samples[Math.Max(0, first - 1)].Spilled;
            verdicts.Add(("no spill at the hour turn", spilledAtTurn == 0, $"{spilledAtTurn:0} points"));
        }
        else
        {
            verdicts.Add(("the run crosses an hour turn", false, "no sample within the turn's minutes"));
        }

        var present = samples.Count(s => s.FiguresCurrent);
        verdicts.Add(("figures current in every sample", present == samples.Count, $"{present}/{samples.Count}"));
        var slowest = samples.Max(s => s.StatusMs);
        verdicts.Add(("figures read in < 1 s", slowest < 1000, $"slowest /api/status {slowest:0} ms"));
        verdicts.Add(("nothing lost: a stored point for every scrape the sampled targets answered", counted.Differences.Count == 0 && counted.Scraped > 0,
            $"{counted.Targets} targets, {counted.Scraped} requests, {counted.Stored} points ({counted.Unanswered} Down points of scrapes that never reached the target){(counted.Differences.Count > 0 ? "; " + string.Join("; ", counted.Differences.Take(5)) : string.Empty)}"));
        verdicts.Add(("no point dropped", samples[^1].Dropped == 0, $"{samples[^1].Dropped:0}"));
        verdicts.AddRange(clusterVerdicts);
        if (names.Contains("prometheus"))
        {
            var peerCpu = samples.Average(s => Peer.Sum(p => s.Processes[p].Cpu));
            var peerRss = samples.Select(s => Peer.Sum(p => s.Processes[p].RssMiB)).Order().ElementAt(samples.Count / 2);
            var centerMedianRss = samples.Select(s => s.CenterRssMiB).Order().ElementAt(samples.Count / 2);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"anchor: prometheus + alertmanager {peerCpu:0.00} cores, median {peerRss:0} MiB; center {centerCpu:0.00} cores, median {centerMedianRss:0} MiB"));
            verdicts.Add(("CPU ratio center / anchor <= 1.0", centerCpu <= peerCpu, $"{centerCpu / peerCpu:0.00}"));
            verdicts.Add(("RSS ratio center / anchor <= 1.0", centerMedianRss <= peerRss, $"{centerMedianRss / peerRss:0.00}"));
        }

        Console.WriteLine();
        foreach (var (goal, held, detail) in verdicts)
        {
            Console.WriteLine($"{(held ? "PASS" : "FAIL")}  {goal}: {detail}");
        }

        return verdicts.All(v => v.Held);
    }

    private static async Task<FigureState> FiguresAsync(HttpClient http, Uri status)
    {
        try
        {
            var body = await http.GetFromJsonAsync<JsonElement>(status);
            if (!body.TryGetProperty("figures", out var figures) || figures.ValueKind != JsonValueKind.Object)
            {
                return FigureState.Missing;
            }

            var stale = figures.TryGetProperty("stale", out var s) && s.ValueKind == JsonValueKind.Object;
            var values = FigureNames.All(n => figures.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.Number);
            return !values ? FigureState.Missing : stale ? FigureState.Stale : FigureState.Current;
        }
        catch (HttpRequestException)
        {
            return FigureState.Missing;
        }
    }

    // Summed over the Alerting nodes: the mean pass time of the cluster.
    private static async Task<T> WithRetriesAsync<T>(Func<Task<T>> read)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await read();
            }
            catch (Exception ex) when (attempt < 4 && ex is HttpRequestException or TaskCanceledException)
            {
                Console.WriteLine($"read failed (attempt {attempt}, trying again in 10 s): {ex.Message}");
                await Task.Delay(TimeSpan.FromSeconds(10));
            }
        }
    }

    private static async Task<(double Sum, double Count)> RuleTotalsAsync(HttpClient http, IReadOnlyList<Uri> alerting)
    {
        double sum = 0, count = 0;
        foreach (var url in alerting)
        {
            var samples = await MetricsAsync(http, url);
            sum += Value(samples, "alerting_group_evaluation_duration_seconds_sum");
            count += Value(samples, "alerting_group_evaluation_duration_seconds_count");
        }

        return (sum, count);
    }

    private static double Value(List<Sample> samples, string name) => samples.Where(s => s.Name == name).Sum(s => s.Value);

    private static async Task<List<Sample>> MetricsAsync(HttpClient http, Uri url)
    {
        var (samples, error) = ExpositionParser.ParseToList(await http.GetStringAsync(url), ExpositionFormat.PrometheusText);
        return error is null ? samples : throw new InvalidOperationException($"{url}: {error}");
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan limit, Func<string> failure)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException(failure());
            }

            await Task.Delay(500);
        }
    }

    private sealed record TargetList(int Count, IReadOnlyList<string> Ids);
}

/// <summary>What <c>/api/status</c> said of the national figures.</summary>
public enum FigureState
{
    /// <summary>Values present and current.</summary>
    Current,

    /// <summary>Values present, marked stale.</summary>
    Stale,

    /// <summary>No values (or no answer).</summary>
    Missing,
}

/// <summary>One sample of the soak.</summary>
public sealed record SoakSample(
    DateTimeOffset At, IReadOnlyDictionary<string, (double Cpu, double RssMiB)> Processes, double Written, double Spilled, double Dropped,
    FigureState Figures, double StatusMs, double RuleMs, double SharedPagesMiB = 0)
{
    // Not the center: the fleet it watches, the demo's stand-ins for the receivers, and the anchor beside it.
    private static readonly string[] Outside = ["simulator", "demo-sinks", "prometheus", "alertmanager"];

    /// <summary>Cores used by the center (every process but the simulator, the demo sinks and the anchor).</summary>
    public double CenterCpu => Processes.Where(p => !Outside.Contains(p.Key)).Sum(p => p.Value.Cpu);

    /// <summary>RSS of the center (every process but the simulator, the demo sinks and the anchor).</summary>
    public double CenterRssMiB => Processes.Where(p => !Outside.Contains(p.Key)).Sum(p => p.Value.RssMiB);

    /// <summary>
    /// Memory of the center: its RSS less the pages of multi-process servers (PostgreSQL) counted in more than one of
    /// their processes' RSS (<see cref="SharedPagesMiB"/>: RSS summed less PSS summed).
    /// </summary>
    public double CenterMemoryMiB => CenterRssMiB - SharedPagesMiB;

    /// <summary>
    /// Memory of some of the processes, RSS summed less the shared pages when PostgreSQL is among them (it and nginx, the
    /// only processes with shared pages counted, always stand on the same node).
    /// </summary>
    public double MemoryMiB(IEnumerable<string> names)
    {
        var present = names.Where(Processes.ContainsKey).ToList();
        return present.Sum(n => Processes[n].RssMiB) - (present.Contains("postgres") ? SharedPagesMiB : 0);
    }

    /// <summary>Figures present and current.</summary>
    public bool FiguresCurrent => Figures == FigureState.Current;

    /// <summary>The printed line.</summary>
    public string Line(IEnumerable<string> names) => string.Create(CultureInfo.InvariantCulture,
        $"{At:HH:mm:ss} {string.Join(' ', names.Select(n => $"{100 * Processes[n].Cpu:0}/{Processes[n].RssMiB:0}"))} {100 * CenterCpu:0} {CenterRssMiB:0}{(SharedPagesMiB > 0 ? $"({CenterMemoryMiB:0})" : string.Empty)} {Written:0} {Spilled:0} {Dropped:0} {Figures} {StatusMs:0} {RuleMs:0}");
}

/// <summary>The soak's options.</summary>
internal sealed record SoakOptions(double Minutes, int Sample, int Targets, string? Data, bool ForceDayRollups, bool WithPrometheus = false, bool Ha = false)
{
    public static SoakOptions? Parse(string[] args)
    {
        var options = new SoakOptions(65, 30, 60, null, false);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--minutes" when double.TryParse(value, CultureInfo.InvariantCulture, out var m) && m > 0:
                    options = options with { Minutes = m };
                    i++;
                    break;
                case "--sample" when int.TryParse(value, CultureInfo.InvariantCulture, out var s) && s > 0:
                    options = options with { Sample = s };
                    i++;
                    break;
                case "--targets" when int.TryParse(value, CultureInfo.InvariantCulture, out var t) && t > 0:
                    options = options with { Targets = t };
                    i++;
                    break;
                case "--data" when value is not null:
                    options = options with { Data = Path.GetFullPath(value) };
                    i++;
                    break;
                case "--force-day-rollups":
                    options = options with { ForceDayRollups = true };
                    break;
                case "--with-prometheus":
                    options = options with { WithPrometheus = true };
                    break;
                case "--ha":
                    options = options with { Ha = true };
                    break;
                default:
                    return null;
            }
        }

        return options;
    }
}
