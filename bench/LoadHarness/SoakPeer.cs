using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Supervision.Core.Domain;
using Supervision.Core.InventoryFiles;
using Supervision.Testing;

namespace Supervision.LoadHarness;

/// <summary>
/// The anchor of the soak: Debian's Prometheus and Alertmanager doing the center's job on the same fleet in the same
/// run. Prometheus scrapes every target of the inventory at its interval and timeout, with the center's tags as target
/// labels; recording rules compute the same hourly aggregates as the center's roll-ups (per unit: scrapes, scrapes up,
/// the dossier and e-document sums; per province, level and system: scrapes, scrapes up) at the cadence of the center's
/// roll-up queries (10 min); alert rules mirror the shipped rules/*.yaml at the same group intervals and <c>for</c>;
/// Alertmanager routes with the shipped route tree (group_by province and system, the critical route's 5 s / 1 m) to
/// a loopback receiver. Prometheus drops at scrape time what the collector's shipped store policy drops
/// (<c>Collector:Store</c> in src/Collector/appsettings.json, as <c>metric_relabel_configs</c>), so both store the same samples.
/// </summary>
internal sealed class SoakPeer : IAsyncDisposable
{
    private readonly ServiceProcess _prometheus;
    private readonly ServiceProcess _alertmanager;
    private readonly IAsyncDisposable _receiver;

    private SoakPeer(ServiceProcess prometheus, ServiceProcess alertmanager, IAsyncDisposable receiver)
    {
        _prometheus = prometheus;
        _alertmanager = alertmanager;
        _receiver = receiver;
    }

    /// <summary>Process ids by name, for sampling.</summary>
    public IReadOnlyDictionary<string, int> Pids => new Dictionary<string, int>(StringComparer.Ordinal) { ["prometheus"] = _prometheus.Id, ["alertmanager"] = _alertmanager.Id };

    public static async Task<SoakPeer> StartAsync(string dir, string inventoryPath)
    {
        Directory.CreateDirectory(dir);
        // The anchor does the fleet's job; the center's own parts (self-monitoring) are ours to scrape.
        var inventory = (InventoryLoader.LoadFile(inventoryPath).Inventory ?? throw new InvalidOperationException($"{inventoryPath}: not a valid inventory")).WithoutCenter();
        var (receiver, hook) = await LoopbackReceiver.StartAsync((_, _) => { });
        var amPort = FreePort.Next();
        var promPort = FreePort.Next();
        await File.WriteAllTextAsync(Path.Combine(dir, "alertmanager.yml"), $"""
            route:
              receiver: hook
              group_by: [province, system]
              group_wait: 10s
              group_interval: 2m
              repeat_interval: 4h
              routes:
                - matchers: ['severity="critical"']
                  receiver: hook
                  group_wait: 5s
                  group_interval: 1m
                  repeat_interval: 1h
                - matchers: ['severity="warning"']
                  receiver: hook
                  group_wait: 30s
                  group_interval: 5m
                  repeat_interval: 12h
            receivers:
              - name: hook
                webhook_configs:
                  - url: {hook}
            """);
        await File.WriteAllTextAsync(Path.Combine(dir, "prometheus.yml"), Config(inventory, amPort, Path.Combine(dir, "rules.yml")));
        await File.WriteAllTextAsync(Path.Combine(dir, "rules.yml"), Rules);
        var alertmanager = ServiceProcess.Start("alertmanager", "/usr/bin/prometheus-alertmanager",
            ["--config.file=" + Path.Combine(dir, "alertmanager.yml"), "--storage.path=" + Path.Combine(dir, "am"),
             $"--web.listen-address=127.0.0.1:{amPort}", "--cluster.listen-address=", "--log.level=warn"]);
        var prometheus = ServiceProcess.Start("prometheus", "/usr/bin/prometheus",
            ["--config.file=" + Path.Combine(dir, "prometheus.yml"), "--storage.tsdb.path=" + Path.Combine(dir, "prom"),
             $"--web.listen-address=127.0.0.1:{promPort}", "--log.level=warn"]);
        await alertmanager.WaitForHttpAsync(new Uri($"http://127.0.0.1:{amPort}/-/ready"), TimeSpan.FromSeconds(60));
        await prometheus.WaitForHttpAsync(new Uri($"http://127.0.0.1:{promPort}/-/ready"), TimeSpan.FromSeconds(120));
        return new SoakPeer(prometheus, alertmanager, receiver);
    }

    public async ValueTask DisposeAsync()
    {
        await _prometheus.DisposeAsync();
        await _alertmanager.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private static string Config(Inventory inventory, int amPort, string rules)
    {
        var first = inventory.Targets[0];
        var yaml = new StringBuilder();
        yaml.AppendLine(CultureInfo.InvariantCulture, $"global:\n  scrape_interval: {first.Interval.TotalSeconds}s\n  scrape_timeout: {first.Timeout.TotalSeconds}s\n  evaluation_interval: 30s");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"rule_files: [\"{rules}\"]");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: [\"127.0.0.1:{amPort}\"]");
        yaml.AppendLine("scrape_configs:\n  - job_name: fleet");
        yaml.Append(StorePolicyAsRelabelling());
        yaml.AppendLine("    static_configs:");
        foreach (var target in inventory.Targets)
        {
            var level = target.Level switch { UnitLevel.Central => "central", UnitLevel.Province => "province", _ => "commune" };
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      - targets: ['{target.BaseUrl.Authority}']");
            yaml.AppendLine(CultureInfo.InvariantCulture,
                $"        labels: {{ __metrics_path__: '{target.MetricsUrl.AbsolutePath}', instance: '{target.Id}', unit: '{target.UnitId}', province: '{target.ProvinceCode ?? string.Empty}', system: '{target.System}', level: '{level}' }}");
        }

        return yaml.ToString();
    }

    /// <summary>
    /// The collector's shipped <c>Collector:Store</c> drop lists as Prometheus <c>metric_relabel_configs</c>: a pattern's
    /// <c>*</c> is any run of characters in both, and a system's list adds to the <c>*</c> list as in <c>StorePolicy</c>.
    /// </summary>
    private static string StorePolicyAsRelabelling()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "Collector", "appsettings.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!settings.RootElement.GetProperty("Collector").TryGetProperty("Store", out var store))
        {
            return string.Empty;
        }

        var yaml = new StringBuilder("    metric_relabel_configs:\n");
        foreach (var system in store.EnumerateObject())
        {
            if (!system.Value.TryGetProperty("Drop", out var drop) || drop.GetArrayLength() == 0)
            {
                continue;
            }

            var names = string.Join('|', drop.EnumerateArray().Select(p => Regex.Escape(p.GetString()!).Replace("\\*", ".*", StringComparison.Ordinal)));
            var systems = system.Name == "*" ? ".*" : Regex.Escape(system.Name);
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      - {{ source_labels: [system, __name__], regex: '{systems};(?:{names})', action: drop }}");
        }

        return yaml.ToString();
    }

    // The shipped rules' intent in PromQL (rules/*.yaml), and the roll-ups as recording rules.
    private const string Rules = """
        groups:
          - name: rollups
            interval: 10m
            rules:
              - record: unit:up:sum_1h
                expr: sum by (unit, province, level) (sum_over_time(up[1h]))
              - record: unit:scrapes:count_1h
                expr: sum by (unit, province, level) (count_over_time(up[1h]))
              - record: system:up:sum_1h
                expr: sum by (province, level, system) (sum_over_time(up[1h]))
              - record: system:scrapes:count_1h
                expr: sum by (province, level, system) (count_over_time(up[1h]))
              - record: unit:dossier_received:max_1h
                expr: sum by (unit, province, level) (max_over_time(dossier_received_total[1h]))
              - record: unit:dossier_resolved:max_1h
                expr: sum by (unit, province, level, timeliness) (max_over_time(dossier_resolved_total[1h]))
              - record: unit:dossier_overdue:last
                expr: sum by (unit, province, level) (dossier_overdue)
              - record: unit:dossier_in_progress:last
                expr: sum by (unit, province, level) (dossier_in_progress)
              - record: unit:edoc_sent:max_1h
                expr: sum by (unit, province, level) (max_over_time(edoc_documents_sent_total[1h]))
              - record: unit:edoc_received:max_1h
                expr: sum by (unit, province, level) (max_over_time(edoc_documents_received_total[1h]))
          - name: availability
            interval: 30s
            rules:
              - alert: province-network-down
                expr: up{level="province", system="network"} == 0
                for: 1m
                labels: { severity: critical }
              - alert: province-unreachable
                expr: avg by (province) (avg_over_time(up[5m])) < 0.2
                for: 2m
                labels: { severity: critical }
              - alert: target-down
                expr: up == 0
                for: 2m
                labels: { severity: critical }
          - name: availability-hourly
            interval: 5m
            rules:
              - alert: unit-availability-low
                expr: avg by (unit, province) (avg_over_time(up[1h])) < 0.9
                for: 10m
                labels: { severity: warning }
          - name: performance
            interval: 1m
            rules:
              - alert: network-rtt-high
                expr: avg_over_time(network_rtt_seconds[5m]) > 0.5
                for: 5m
                labels: { severity: warning }
              - alert: portal-sync-lag
                expr: portal_sync_lag_seconds > 900
                for: 10m
                labels: { severity: warning }
              - alert: edoc-queue-long
                expr: edoc_queue_length > 500
                for: 15m
                labels: { severity: warning }
          - name: procedures
            interval: 5m
            rules:
              - alert: dossiers-overdue
                expr: sum by (unit, province) (dossier_overdue) > 20
                for: 15m
                labels: { severity: warning }
              - alert: dossier-backlog-stalled
                expr: sum by (unit, province) (dossier_in_progress) > 30 and sum by (unit, province) (increase(dossier_resolved_total[4h])) == 0
                for: 15m
                labels: { severity: warning }
        """;
}
