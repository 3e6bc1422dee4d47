using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Alerting;
using Supervision.Alerting.Engine;
using Supervision.Core.Messages;
using Supervision.Testing;

namespace Supervision.LoadHarness;

/// <summary>
/// Fault → firing → page, end to end with real parts: InfluxDB, the simulator and a collector as child processes
/// (every province plus the communes of Hồ Chí Minh city), the alerting service in this process with its Quartz
/// scheduler, and a webhook receiver on loopback. Each round injects a <c>down</c> fault on one more commune's edoc
/// in the simulator and times (1) until the engine shows the alert firing and (2) until the webhook arrives.
/// With <c>--with-prometheus</c>, Debian's Prometheus scrapes the same edoc targets at the same interval with the same
/// rule (<c>up == 0</c> for the same <c>for</c>, evaluated at the same interval) and sends to Alertmanager with its
/// default settings, which pages a second receiver: both pairs see the same fault in the same run.
/// Usage: alert-latency [--rounds 5] [--scrape 5] [--interval 10] [--for 20] (seconds) [--with-prometheus]
/// [--no-live (rules read InfluxDB only, without the service's live window)]
/// [--tuned (both sides with the center's shipped critical route: group_wait 5s, group_interval 1m, repeat 1h, grouped
/// by alert name and unit; without it the center waits 0 s and Alertmanager keeps its defaults)]
/// </summary>
public static class AlertLatencyHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = HarnessArgs.Int(args, "--rounds", 5);
        var scrape = HarnessArgs.Int(args, "--scrape", 5);
        var interval = HarnessArgs.Int(args, "--interval", 10);
        var forSeconds = HarnessArgs.Int(args, "--for", 20);
        var withPrometheus = args.Contains("--with-prometheus");
        var tuned = args.Contains("--tuned");
        var dir = Path.Combine(Path.GetTempPath(), "alert-latency-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var influx = new InfluxServerFixture();
        await influx.InitializeAsync();
        var simulatorUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        var collectorUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        var inventoryPath = Path.Combine(dir, "inventory.yaml");
        var communes = await WriteInventoryAsync(inventoryPath, simulatorUrl, scrape);
        await using var simulator = ServiceProcess.StartDotnet("simulator", ServiceProcess.BuiltAssembly("src/Simulator", "Supervision.Simulator"),
            ["--inventory", inventoryPath, "--port", simulatorUrl.Port.ToString(CultureInfo.InvariantCulture), "--holidays", RepoPaths.Holidays]);
        await simulator.WaitForHttpAsync(new Uri(simulatorUrl, "healthz"), TimeSpan.FromSeconds(120));
        await using var collector = ServiceProcess.StartDotnet("collector", ServiceProcess.BuiltAssembly("src/Collector", "Supervision.Collector"),
            ["--urls", collectorUrl.ToString().TrimEnd('/'), "--inventory", inventoryPath, "--influx", influx.Url.ToString(), "--buffer", Path.Combine(dir, "buffer")]);
        await collector.WaitForHttpAsync(new Uri(collectorUrl, "healthz"), TimeSpan.FromSeconds(120));

        var pages = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var (receiver, hook) = await LoopbackReceiver.StartAsync((body, at) =>
        {
            foreach (var unit in communes)
            {
                if (body.Contains("\"unit\":\"" + unit + "\"", StringComparison.Ordinal))
                {
                    pages.TryAdd(unit, at);
                }
            }
        });
        await using var _ = receiver;
        var amPages = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var (amReceiver, amHook) = await LoopbackReceiver.StartAsync((body, at) =>
        {
            foreach (var unit in communes)
            {
                if (body.Contains("\"unit\":\"" + unit + "\"", StringComparison.Ordinal) && body.Contains("\"status\":\"firing\"", StringComparison.Ordinal))
                {
                    amPages.TryAdd(unit, at);
                }
            }
        });
        await using var __ = amReceiver;
        await using var prometheus = withPrometheus ? await PrometheusPair.StartAsync(dir, simulatorUrl, communes, scrape, interval, forSeconds, amHook, tuned) : null;

        Directory.CreateDirectory(Path.Combine(dir, "rules"));
        await File.WriteAllTextAsync(Path.Combine(dir, "rules", "latency.yaml"), $$$"""
            groups:
              - name: latency
                interval: {{{interval}}}s
                rules:
                  - name: target-down
                    kind: down
                    selector: { levels: [commune], systems: [edoc] }
                    parameters: { lookback: 1m, statuses: [Down] }
                    for: {{{forSeconds}}}s
                    severity: critical
                    annotations: { summary: "edoc of {{ $labels.unit }} is down" }
            """);
        await File.WriteAllTextAsync(Path.Combine(dir, "notifications.yaml"), $"""
            route:
              receiver: hook
              group_by: [alertname, unit]
              group_wait: {(tuned ? "5s" : "0s")}
              group_interval: 1m
              repeat_interval: {(tuned ? "1h" : "4h")}
            receivers:
              - name: hook
                webhook:
                  url: {hook}
                  timeout: 2s
            """);
        await using var alerting = AlertingApp.Build(
        [
            "--urls=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            $"--Alerting:Influx:Url={influx.Url}",
            $"--Alerting:RulesFolder={Path.Combine(dir, "rules")}",
            $"--Alerting:Live:Enabled={!args.Contains("--no-live")}",
            $"--Alerting:StatePath={Path.Combine(dir, "alerting.db")}",
            $"--Alerting:InventoryPath={inventoryPath}",
            $"--Alerting:HolidaysPath={RepoPaths.Holidays}",
            $"--Notifications:ConfigFile={Path.Combine(dir, "notifications.yaml")}",
        ]);
        await alerting.StartAsync();
        var engine = alerting.Services.GetRequiredService<AlertEngine>();
        using var http = new HttpClient { BaseAddress = simulatorUrl };
        Console.WriteLine($"targets scraped every {scrape}s, group interval {interval}s, for {forSeconds}s; warming up {3 * scrape}s");
        await Task.Delay(TimeSpan.FromSeconds(3 * scrape));

        var toFiring = new List<double>();
        var toPage = new List<double>();
        var toAmPage = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            var unit = communes[r * 7 % communes.Count];
            using var fault = await http.PostAsJsonAsync("control/faults", new { selector = new { unit, system = "edoc" }, kind = "down" });
            fault.EnsureSuccessStatusCode();
            var t0 = Stopwatch.GetTimestamp();
            double? fired = null;
            while (Stopwatch.GetElapsedTime(t0) < TimeSpan.FromSeconds(interval + forSeconds + scrape + 90))
            {
                if (fired is null && engine.Views.Any(v => v.State == AlertState.Firing && v.Labels.GetValueOrDefault("unit") == unit))
                {
                    fired = Stopwatch.GetElapsedTime(t0).TotalSeconds;
                }

                if (fired is not null && pages.TryGetValue(unit, out var paged) && (prometheus is null || amPages.ContainsKey(unit)))
                {
                    var page = Stopwatch.GetElapsedTime(t0, paged).TotalSeconds;
                    toFiring.Add(fired.Value);
                    toPage.Add(page);
                    var am = prometheus is null ? string.Empty : $", Prometheus + Alertmanager paged after {Stopwatch.GetElapsedTime(t0, amPages[unit]).TotalSeconds:F2} s";
                    if (prometheus is not null)
                    {
                        toAmPage.Add(Stopwatch.GetElapsedTime(t0, amPages[unit]).TotalSeconds);
                    }

                    Console.WriteLine($"round {r + 1}: unit {unit} firing after {fired:F2} s, paged after {page:F2} s{am}");
                    break;
                }

                await Task.Delay(50);
            }

            if (fired is null || !pages.TryGetValue(unit, out var ours))
            {
                Console.WriteLine($"round {r + 1}: unit {unit} not {(fired is null ? "firing" : "paged")} in time");
            }
            else if (prometheus is not null && !amPages.ContainsKey(unit))
            {
                // Alertmanager's default route puts every alert in one group: later alerts wait for group_interval (5 min).
                // Our own times of the round still count.
                toFiring.Add(fired.Value);
                toPage.Add(Stopwatch.GetElapsedTime(t0, ours).TotalSeconds);
                Console.WriteLine($"round {r + 1}: unit {unit} firing after {fired:F2} s, paged after {Stopwatch.GetElapsedTime(t0, ours).TotalSeconds:F2} s, Prometheus + Alertmanager not paged in time");
            }
        }

        toFiring.Sort();
        toPage.Sort();
        if (toFiring.Count > 0)
        {
            Console.WriteLine($"fault → firing: p50 {Statistics.Percentile(toFiring, 0.5):F2} s, p99 {Statistics.Percentile(toFiring, 0.99):F2} s; fault → page: p50 {Statistics.Percentile(toPage, 0.5):F2} s, p99 {Statistics.Percentile(toPage, 0.99):F2} s (goal interval + for + 2 s = {interval + forSeconds + 2} s; + 5 s for the page)");
        }

        if (toAmPage.Count > 0)
        {
            toAmPage.Sort();
            Console.WriteLine($"Prometheus + Alertmanager fault → page: p50 {Statistics.Percentile(toAmPage, 0.5):F2} s, p99 {Statistics.Percentile(toAmPage, 0.99):F2} s");
        }

        await alerting.StopAsync();
        await influx.DisposeAsync();
        return toFiring.Count == rounds ? 0 : 1;
    }

    /// <summary>Every non-commune unit of the national inventory plus the communes of Hồ Chí Minh city, scraped every <paramref name="scrape"/> s.</summary>
    private static async Task<List<string>> WriteInventoryAsync(string path, Uri simulator, int scrape)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("version: 1").AppendLine("defaults:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  baseUrl: \"{simulator.ToString().TrimEnd('/')}/t/{{unit}}/{{system}}\"");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  interval: {scrape}s").AppendLine("  timeout: 1500ms").AppendLine("units:");
        var communes = new List<string>();
        foreach (var line in await File.ReadAllLinesAsync(RepoPaths.NationalInventory))
        {
            if (!line.StartsWith("  - {", StringComparison.Ordinal))
            {
                continue;
            }

            var commune = line.Contains("level: commune", StringComparison.Ordinal);
            if (!commune || line.Contains("province: \"79\"", StringComparison.Ordinal))
            {
                yaml.AppendLine(line);
                if (commune)
                {
                    var id = line.IndexOf("id: \"", StringComparison.Ordinal) + 5;
                    communes.Add(line[id..line.IndexOf('"', id)]);
                }
            }
        }

        await File.WriteAllTextAsync(path, yaml.ToString());
        return communes;
    }
}

/// <summary>Debian's Prometheus and Alertmanager as child processes on loopback, scraping the simulator's edoc targets.</summary>
internal sealed class PrometheusPair : IAsyncDisposable
{
    private readonly ServiceProcess _prometheus;
    private readonly ServiceProcess _alertmanager;

    private PrometheusPair(ServiceProcess prometheus, ServiceProcess alertmanager)
    {
        _prometheus = prometheus;
        _alertmanager = alertmanager;
    }

    public static async Task<PrometheusPair> StartAsync(string dir, Uri simulator, IReadOnlyList<string> communes, int scrape, int interval, int forSeconds, Uri hook, bool tuned)
    {
        var amPort = FreePort.Next();
        var promPort = FreePort.Next();
        // Alertmanager with its defaults (group_wait 30s, group_interval 5m, repeat 4h), or tuned as the center's
        // shipped critical route (config/notifications.yaml).
        var route = tuned ? "\n  group_by: [alertname, unit]\n  group_wait: 5s\n  group_interval: 1m\n  repeat_interval: 1h" : string.Empty;
        await File.WriteAllTextAsync(Path.Combine(dir, "alertmanager.yml"), $"""
            route:
              receiver: hook{route}
            receivers:
              - name: hook
                webhook_configs:
                  - url: {hook}
            """);
        var targets = new StringBuilder();
        foreach (var unit in communes)
        {
            targets.Append(CultureInfo.InvariantCulture, $"""
                      - targets: ["{simulator.Host}:{simulator.Port}"]
                        labels: {"{"} __metrics_path__: "/t/{unit}/edoc/metrics", unit: "{unit}" {"}"}

                """);
        }

        await File.WriteAllTextAsync(Path.Combine(dir, "prometheus.yml"), $"""
            global:
              scrape_interval: {scrape}s
              evaluation_interval: {interval}s
            rule_files: [ "{Path.Combine(dir, "prometheus-rules.yml")}" ]
            alerting:
              alertmanagers:
                - static_configs:
                    - targets: ["127.0.0.1:{amPort}"]
            scrape_configs:
              - job_name: edoc
                static_configs:
            {targets}
            """);
        await File.WriteAllTextAsync(Path.Combine(dir, "prometheus-rules.yml"), $"""
            groups:
              - name: latency
                rules:
                  - alert: TargetDown
                    expr: up{"{"}job="edoc"{"}"} == 0
                    for: {forSeconds}s
            """);
        var alertmanager = ServiceProcess.Start("alertmanager", "/usr/bin/prometheus-alertmanager",
            ["--config.file=" + Path.Combine(dir, "alertmanager.yml"), "--storage.path=" + Path.Combine(dir, "am"),
             $"--web.listen-address=127.0.0.1:{amPort}", "--cluster.listen-address="]);
        var prometheus = ServiceProcess.Start("prometheus", "/usr/bin/prometheus",
            ["--config.file=" + Path.Combine(dir, "prometheus.yml"), "--storage.tsdb.path=" + Path.Combine(dir, "prom"),
             $"--web.listen-address=127.0.0.1:{promPort}"]);
        await alertmanager.WaitForHttpAsync(new Uri($"http://127.0.0.1:{amPort}/-/ready"), TimeSpan.FromSeconds(60));
        await prometheus.WaitForHttpAsync(new Uri($"http://127.0.0.1:{promPort}/-/ready"), TimeSpan.FromSeconds(60));
        return new PrometheusPair(prometheus, alertmanager);
    }

    public async ValueTask DisposeAsync()
    {
        await _prometheus.DisposeAsync();
        await _alertmanager.DisposeAsync();
    }
}
