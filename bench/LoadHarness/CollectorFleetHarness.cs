using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Supervision.Collector.Parsing;
using Supervision.Testing;

namespace Supervision.LoadHarness;

/// <summary>
/// collector-fleet: the national inventory scraped from the simulator by the collector into a real influxd
/// and, in the same run, by Prometheus (Debian's package) with the same targets, interval and timeout.
/// Every part is a child process on 127.0.0.1 (Release builds of this repository); after a warm-up the
/// harness measures, over a bounded window, the collector's scrapes/s, schedule lag (its own histogram),
/// points/s and losses, and the CPU (/proc/{pid}/stat) and RSS (VmRSS, sampled) of collector and
/// Prometheus, so the two are compared on the same machine at the same moment.
/// </summary>
public static partial class CollectorFleetHarness
{
    private const string Usage = "usage: collector-fleet [--duration 180] [--warmup 45] [--inventory inventory/national.yaml] [--targets N] [--no-prometheus] [--replica] [--collector-env NAME=VALUE]... [--collector-arg --Key=Value]...";

    /// <summary>Runs the harness; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var root = RepoPaths.Root;
        var simulatorDll = Path.Combine(root, "src", "Simulator", "bin", "Release", "net10.0", "Supervision.Simulator.dll");
        var collectorDll = Path.Combine(root, "src", "Collector", "bin", "Release", "net10.0", "Supervision.Collector.dll");
        foreach (var dll in new[] { simulatorDll, collectorDll })
        {
            if (!File.Exists(dll))
            {
                Console.Error.WriteLine($"{dll} not found: run 'dotnet build -c Release src/Simulator src/Collector' first");
                return 2;
            }
        }

        var work = Path.Combine(Path.GetTempPath(), "collector-fleet-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        var influx = new InfluxServerFixture();

        // --replica: a second influxd the collector writes every batch to as well (Collector:Influx:Replicas), for the
        // cost of the second destination against a run without it.
        var replica = options.Replica ? new InfluxServerFixture() : null;
        var processes = new List<ServiceProcess>();
        try
        {
            await Task.WhenAll(influx.InitializeAsync(), replica?.InitializeAsync() ?? Task.CompletedTask);
            var source = Path.Combine(root, options.Inventory);
            if (options.Targets > 0)
            {
                source = WriteStretchInventory(source, Path.Combine(work, "stretch.yaml"), options.Targets);
            }

            var simulatorPort = FreePort.Next();
            var simulator = ServiceProcess.StartDotnet("simulator", simulatorDll,
                ["--port", simulatorPort.ToString(CultureInfo.InvariantCulture), "--inventory", source],
                new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" });
            processes.Add(simulator);
            await simulator.WaitForHttpAsync(new Uri($"http://127.0.0.1:{simulatorPort}/healthz"), TimeSpan.FromSeconds(60));

            var inventory = Path.Combine(work, "fleet.yaml");
            var targets = WriteInventory(source, inventory, simulatorPort, out var interval, out var timeout);
            var collectorPort = FreePort.Next();
            var collector = ServiceProcess.StartDotnet("collector", collectorDll,
            [
                "--urls", $"http://127.0.0.1:{collectorPort}", "--inventory", inventory, "--buffer", Path.Combine(work, "buffer"),
                $"--Collector:Influx:Url={influx.Url}", "--Collector:Influx:Database=supervision", "--Logging:LogLevel:Default=Warning",
                .. (replica is null ? Array.Empty<string>() : [$"--Collector:Influx:Replicas:0={replica.Url}"]),
                .. options.CollectorArgs,
            ], options.CollectorEnv);
            processes.Add(collector);
            var collectorUrl = new Uri($"http://127.0.0.1:{collectorPort}");
            await collector.WaitForHttpAsync(new Uri(collectorUrl, "/healthz"), TimeSpan.FromSeconds(60));

            ServiceProcess? prometheus = null;
            Uri? prometheusUrl = null;
            if (options.Prometheus)
            {
                var port = FreePort.Next();
                prometheusUrl = new Uri($"http://127.0.0.1:{port}");
                var config = Path.Combine(work, "prometheus.yml");
                WritePrometheusConfig(config, targets, simulatorPort, interval, timeout);
                prometheus = ServiceProcess.Start("prometheus", "/usr/bin/prometheus",
                [
                    "--config.file=" + config, "--storage.tsdb.path=" + Path.Combine(work, "prometheus"),
                    $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
                ]);
                processes.Add(prometheus);
                await prometheus.WaitForHttpAsync(new Uri(prometheusUrl, "/-/ready"), TimeSpan.FromSeconds(60));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{targets.Count} targets every {interval.TotalSeconds} s (timeout {timeout.TotalSeconds} s); collector pid {collector.Id}, prometheus pid {prometheus?.Id}, simulator pid {simulator.Id}; warm-up {options.Warmup} s, window {options.Duration} s"));
            await Task.Delay(TimeSpan.FromSeconds(options.Warmup));

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var watched = new List<(string Name, Func<int?> Pid)> { ("collector", () => collector.Id), ("simulator", () => simulator.Id), ("influxd", () => influx.ProcessId) };
            if (replica is not null)
            {
                watched.Add(("influxd-replica", () => replica.ProcessId));
            }

            if (prometheus is not null)
            {
                watched.Add(("prometheus", () => prometheus.Id));
            }

            double Cpu(string name) => HarnessProcesses.CpuSeconds(watched.Single(w => w.Name == name).Pid() ?? throw new InvalidOperationException(name + " is not running"));
            var cpu0 = watched.ToDictionary(w => w.Name, w => Cpu(w.Name));
            var before = await MetricsAsync(http, new Uri(collectorUrl, "/metrics"));
            var promBefore = prometheusUrl is null ? [] : await MetricsAsync(http, new Uri(prometheusUrl, "/metrics"));
            var rss = watched.ToDictionary(w => w.Name, _ => new List<long>());
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < options.Duration)
            {
                foreach (var process in processes)
                {
                    if (!process.IsRunning)
                    {
                        throw new InvalidOperationException($"{process.Name} exited with {process.ExitCode} during the run:\n{process.Output}");
                    }
                }

                foreach (var (name, pid) in watched)
                {
                    rss[name].Add(HarnessProcesses.RssBytes(pid() ?? 0));
                }

                if ((int)clock.Elapsed.TotalSeconds % 30 < 5)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"t+{clock.Elapsed.TotalSeconds:F0}s: collector RSS {rss["collector"][^1] / 1048576.0:F0} MiB, CPU {Cpu("collector") - cpu0["collector"]:F1} s"));
                }

                await Task.Delay(TimeSpan.FromSeconds(5));
            }

            var elapsed = clock.Elapsed.TotalSeconds;
            var cpu = watched.ToDictionary(w => w.Name, w => Cpu(w.Name) - cpu0[w.Name]);
            var after = await MetricsAsync(http, new Uri(collectorUrl, "/metrics"));
            var promAfter = prometheusUrl is null ? [] : await MetricsAsync(http, new Uri(prometheusUrl, "/metrics"));
            Report(options, targets.Count, elapsed, cpu, rss, before, after, promBefore, promAfter);
            return 0;
        }
        finally
        {
            // Scraping stops before storage: the collector and Prometheus first, InfluxDB last.
            for (var i = processes.Count - 1; i >= 0; i--)
            {
                await processes[i].StopAsync(TimeSpan.FromSeconds(15));
                await processes[i].DisposeAsync();
            }

            await influx.DisposeAsync();
            if (replica is not null)
            {
                await replica.DisposeAsync();
            }

            Directory.Delete(work, recursive: true);
        }
    }

    private static void Report(
        Options options, int targets, double elapsed, Dictionary<string, double> cpu, Dictionary<string, List<long>> rss,
        List<Sample> before, List<Sample> after, List<Sample> promBefore, List<Sample> promAfter)
    {
        double Delta(string name, Func<Sample, bool>? filter = null) =>
            Sum(after, name, filter) - Sum(before, name, filter);

        var scrapes = Delta("supervision_collector_scrapes_total");
        var failed = Delta("supervision_collector_scrapes_total", s => s.Label("outcome") != "None");
        var lag = HistogramDelta(before, after, "supervision_collector_schedule_lag_seconds_bucket");
        var duration = HistogramDelta(before, after, "supervision_collector_scrape_duration_seconds_bucket");
        var mib = 1048576.0;
        string Mb(string name) => rss[name].Count == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{Median(rss[name]) / mib:F0} (max {rss[name].Max() / mib:F0})");

        var lines = new StringBuilder();
        lines.AppendLine(CultureInfo.InvariantCulture, $"window {elapsed:F0} s, {targets} targets, expected {targets / 15.0:F0} scrapes/s at 15 s");
        lines.AppendLine(CultureInfo.InvariantCulture, $"collector: {scrapes / elapsed:F1} scrapes/s ({failed} not Up), schedule lag p50 {Quantile(lag, 0.5) * 1000:F1} ms, p99 {Quantile(lag, 0.99) * 1000:F1} ms, max bucket {MaxBucket(lag)}");
        lines.AppendLine(CultureInfo.InvariantCulture, $"collector: scrape duration p50 {Quantile(duration, 0.5) * 1000:F1} ms, p99 {Quantile(duration, 0.99) * 1000:F1} ms");
        lines.AppendLine(CultureInfo.InvariantCulture,
            $"collector: {Delta("supervision_collector_points_written_total") / elapsed:F0} points/s written, {Delta("supervision_collector_samples_total") / elapsed:F0} samples/s parsed, spilled {Delta("supervision_collector_points_spilled_total")}, dropped {Delta("supervision_collector_points_dropped_total") + Delta("supervision_collector_buffer_dropped_points_total")}, skipped slots {Delta("supervision_collector_scrapes_skipped_total")}");
        lines.AppendLine(CultureInfo.InvariantCulture, $"collector: CPU {cpu["collector"]:F1} s = {cpu["collector"] / elapsed * 100:F1} % of one core, {cpu["collector"] * 1000 / scrapes:F3} ms per scrape; RSS MiB median {Mb("collector")}");
        foreach (var server in after.Where(s => s.Name == "supervision_collector_points_written_total").Select(s => s.Label("influx")).Distinct())
        {
            lines.AppendLine(CultureInfo.InvariantCulture,
                $"collector → {server}: {Delta("supervision_collector_points_written_total", s => s.Label("influx") == server) / elapsed:F0} points/s written, spilled {Delta("supervision_collector_points_spilled_total", s => s.Label("influx") == server)}, failed requests {Delta("supervision_collector_write_failures_total", s => s.Label("influx") == server)}");
        }

        if (cpu.TryGetValue("prometheus", out var promCpu))
        {
            var promScrapes = Sum(promAfter, "prometheus_target_interval_length_seconds_count") - Sum(promBefore, "prometheus_target_interval_length_seconds_count");
            var promP99 = promAfter.FirstOrDefault(s => s.Name == "prometheus_target_interval_length_seconds" && s.Label("quantile") == "0.99")?.Value;
            lines.AppendLine(CultureInfo.InvariantCulture,
                $"prometheus: {promScrapes / elapsed:F1} scrapes/s, interval p99 {promP99:F3} s (15 s planned), CPU {promCpu:F1} s = {promCpu / elapsed * 100:F1} % of one core; RSS MiB median {Mb("prometheus")}");
            lines.AppendLine(CultureInfo.InvariantCulture,
                $"ratio collector/prometheus: CPU {cpu["collector"] / promCpu:F2}, RSS (median) {Median(rss["collector"]) / (double)Median(rss["prometheus"]):F2}");
        }

        lines.AppendLine(CultureInfo.InvariantCulture, $"context: simulator CPU {cpu["simulator"] / elapsed * 100:F1} %, influxd CPU {cpu["influxd"] / elapsed * 100:F1} %, influxd RSS MiB {Mb("influxd")}{(cpu.TryGetValue("influxd-replica", out var replicaCpu) ? string.Create(CultureInfo.InvariantCulture, $", replica influxd CPU {replicaCpu / elapsed * 100:F1} %, RSS MiB {Mb("influxd-replica")}") : string.Empty)}, load average {File.ReadAllText("/proc/loadavg").Trim()}");
        lines.AppendLine(CultureInfo.InvariantCulture, $"collector env: {string.Join(' ', options.CollectorEnv.Select(e => e.Key + "=" + e.Value))} args: {string.Join(' ', options.CollectorArgs)}");
        Console.Write(lines.ToString());
    }

    private static double Sum(List<Sample> samples, string name, Func<Sample, bool>? filter = null)
    {
        var total = 0.0;
        foreach (var sample in samples)
        {
            if (sample.Name == name && (filter is null || filter(sample)))
            {
                total += sample.Value;
            }
        }

        return total;
    }

    private static List<(double Le, double Count)> HistogramDelta(List<Sample> before, List<Sample> after, string bucketName)
    {
        static double Le(Sample s) => s.Label("le") is "+Inf" ? double.PositiveInfinity : double.Parse(s.Label("le")!, CultureInfo.InvariantCulture);
        var start = before.Where(s => s.Name == bucketName).ToDictionary(Le, s => s.Value);
        return after.Where(s => s.Name == bucketName).Select(s => (Le(s), s.Value - start.GetValueOrDefault(Le(s)))).OrderBy(b => b.Item1).ToList();
    }

    /// <summary>The q-quantile of a cumulative histogram, linear within the bucket (as histogram_quantile does).</summary>
    private static double Quantile(List<(double Le, double Count)> buckets, double q)
    {
        if (buckets.Count == 0 || buckets[^1].Count <= 0)
        {
            return double.NaN;
        }

        var rank = q * buckets[^1].Count;
        var lower = 0.0;
        var below = 0.0;
        foreach (var (le, count) in buckets)
        {
            if (count >= rank)
            {
                return double.IsPositiveInfinity(le) ? lower : lower + ((le - lower) * (rank - below) / Math.Max(count - below, 1e-9));
            }

            (lower, below) = (le, count);
        }

        return lower;
    }

    private static string MaxBucket(List<(double Le, double Count)> buckets)
    {
        for (var i = 0; i < buckets.Count; i++)
        {
            if (buckets[i].Count >= buckets[^1].Count)
            {
                return "le=" + buckets[i].Le.ToString(CultureInfo.InvariantCulture);
            }
        }

        return "-";
    }

    private static long Median(List<long> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static async Task<List<Sample>> MetricsAsync(HttpClient http, Uri url)
    {
        var (samples, error) = ExpositionParser.ParseToList(await http.GetStringAsync(url), ExpositionFormat.PrometheusText);
        return error is null ? samples : throw new InvalidOperationException($"{url}: {error}");
    }

    /// <summary>Copies the inventory with its default base URL pointed at the simulator; returns the target ids.</summary>
    internal static List<string> WriteInventory(string source, string destination, int simulatorPort, out TimeSpan interval, out TimeSpan timeout)
    {
        var text = HarnessProcesses.WithoutCenterUnit(File.ReadAllText(source));
        var replaced = BaseUrlLine().Replace(text, $"  baseUrl: \"http://127.0.0.1:{simulatorPort}/t/{{unit}}/{{system}}\"", 1);
        if (replaced == text)
        {
            throw new InvalidOperationException($"{source}: no 'defaults: baseUrl:' line to point at the simulator");
        }

        File.WriteAllText(destination, replaced);
        var result = Core.InventoryFiles.InventoryLoader.LoadFile(destination);
        var inventory = result.Inventory ?? throw new InvalidOperationException("invalid inventory: " + string.Join("; ", result.Errors));
        var targets = inventory.Targets;
        if (targets.Select(t => (t.Interval, t.Timeout)).Distinct().Count() != 1)
        {
            throw new InvalidOperationException("the harness compares with one Prometheus job: every target must share interval and timeout");
        }

        interval = targets[0].Interval;
        timeout = targets[0].Timeout;
        return targets.Select(t => t.Id).ToList();
    }

    /// <summary>
    /// The inventory plus fictional communes (ids from 50000, four default systems each, spread over the file's
    /// provinces) until it has at least <paramref name="targets"/> targets: the stretch fleet. Returns its path.
    /// </summary>
    private static string WriteStretchInventory(string source, string destination, int targets)
    {
        var text = File.ReadAllText(source);
        var loaded = Core.InventoryFiles.InventoryLoader.LoadFile(source);
        var inventory = loaded.Inventory ?? throw new InvalidOperationException("invalid inventory: " + string.Join("; ", loaded.Errors));
        var provinces = inventory.Provinces.Select(p => p.Id).ToList();
        var communes = Math.Max(0, (targets - inventory.Targets.Count + 3) / 4);
        var yaml = new StringBuilder(text.TrimEnd('\n')).Append('\n');
        for (var i = 0; i < communes; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture,
                $"  - {{ id: \"{50000 + i}\", name: \"Xã Thử {i}\", nameAscii: \"Xa Thu {i}\", level: commune, province: \"{provinces[i % provinces.Count]}\", kind: commune }}\n");
        }

        File.WriteAllText(destination, yaml.ToString());
        return destination;
    }

    private static void WritePrometheusConfig(string path, List<string> targets, int simulatorPort, TimeSpan interval, TimeSpan timeout)
    {
        // One static target per fleet target: same host, its own metrics path, an instance label to keep them apart.
        var yaml = new StringBuilder();
        yaml.AppendLine("global:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  scrape_interval: {interval.TotalSeconds}s");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  scrape_timeout: {timeout.TotalSeconds}s");
        yaml.AppendLine("scrape_configs:");
        yaml.AppendLine("  - job_name: fleet");
        yaml.AppendLine("    static_configs:");
        foreach (var id in targets)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      - targets: ['127.0.0.1:{simulatorPort}']");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"        labels: {{ __metrics_path__: '/t/{id}/metrics', instance: '{id}' }}");
        }

        File.WriteAllText(path, yaml.ToString());
    }

    private static Options? Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--duration" when int.TryParse(value, CultureInfo.InvariantCulture, out var d) && d > 0:
                    options.Duration = d;
                    i++;
                    break;
                case "--warmup" when int.TryParse(value, CultureInfo.InvariantCulture, out var w) && w >= 0:
                    options.Warmup = w;
                    i++;
                    break;
                case "--inventory" when value is not null:
                    options.Inventory = value;
                    i++;
                    break;
                case "--targets" when int.TryParse(value, CultureInfo.InvariantCulture, out var t) && t > 0:
                    options.Targets = t;
                    i++;
                    break;
                case "--no-prometheus":
                    options.Prometheus = false;
                    break;
                case "--replica":
                    options.Replica = true;
                    break;
                case "--collector-env" when value?.IndexOf('=', StringComparison.Ordinal) > 0:
                    options.CollectorEnv[value[..value.IndexOf('=', StringComparison.Ordinal)]] = value[(value.IndexOf('=', StringComparison.Ordinal) + 1)..];
                    i++;
                    break;
                case "--collector-arg" when value is not null:
                    options.CollectorArgs.Add(value);
                    i++;
                    break;
                default:
                    Console.Error.WriteLine($"collector-fleet: unknown or incomplete option '{args[i]}'");
                    return null;
            }
        }

        return options;
    }

    [GeneratedRegex("^  baseUrl: \".*\"$", RegexOptions.Multiline)]
    private static partial Regex BaseUrlLine();

    private sealed class Options
    {
        public int Duration { get; set; } = 180;

        public int Warmup { get; set; } = 45;

        public string Inventory { get; set; } = "inventory/national.yaml";

        /// <summary>0: the inventory as it is; else fictional communes are added until there are about this many targets.</summary>
        public int Targets { get; set; }

        public bool Prometheus { get; set; } = true;

        public bool Replica { get; set; }

        public Dictionary<string, string> CollectorEnv { get; } = new(StringComparer.Ordinal) { ["Logging__LogLevel__Default"] = "Warning" };

        public List<string> CollectorArgs { get; } = [];
    }
}
