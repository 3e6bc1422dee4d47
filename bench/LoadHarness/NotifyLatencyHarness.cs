using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Supervision.Alerting.Api;
using Supervision.Alerting.Notify;
using Supervision.Alerting.Notify.Config;
using Supervision.Core.Messages;

namespace Supervision.LoadHarness;

/// <summary>
/// Fault → notification latency: a burst of firing alerts (one province's communes) is handed to the pipeline
/// and the time until its grouped webhook arrives at a Kestrel receiver on loopback is measured, with the real
/// clock, the real worker, SQLite outbox and HTTP. Also times one pipeline pass over a national-scale alert set.
/// Usage: notify [--rounds 20] [--alerts 200] [--group-wait 0s] [--tick 100ms]
/// </summary>
public static class NotifyLatencyHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = IntArg(args, "--rounds", 20);
        var perBurst = IntArg(args, "--alerts", 200);
        var groupWait = Arg(args, "--group-wait", "0s");
        var tick = Arg(args, "--tick", "100ms");
        if (!Core.Common.DurationText.TryParse(tick, out var tickSpan, out var tickError))
        {
            Console.Error.WriteLine("--tick: " + tickError);
            return 2;
        }

        var arrivals = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var (receiver, hook) = await LoopbackReceiver.StartAsync((body, now) =>
        {
            var status = body.Contains("\"status\":\"resolved\"", StringComparison.Ordinal) ? "resolved" : "firing";
            var province = Between(body, "\"groupLabels\":{\"province\":\"", "\"");
            arrivals.TryAdd(status + ":" + province, now);
        });
        await using var _ = receiver;

        var folder = Path.Combine(Path.GetTempPath(), "supervision-notify-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var yaml = $"""
            route:
              receiver: ops
              group_by: [province]
              group_wait: {groupWait}
              group_interval: 1s
              repeat_interval: 4h
            receivers:
              - name: ops
                webhook: {"{"} url: {hook}, timeout: 5s {"}"}
            """;
        var hostBuilder = Host.CreateApplicationBuilder();
        hostBuilder.Logging.ClearProviders();
        hostBuilder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Notifications:DatabasePath"] = Path.Combine(folder, "notify.db"),
            ["Notifications:TickInterval"] = tickSpan.ToString("c", CultureInfo.InvariantCulture),
        });
        hostBuilder.Services.AddNotifications(hostBuilder.Configuration, NotificationsConfigLoader.Parse(yaml, "bench.yaml"));
        using var host = hostBuilder.Build();
        await host.StartAsync();
        var pipeline = host.Services.GetRequiredService<INotificationPipeline>();
        var time = host.Services.GetRequiredService<TimeProvider>();

        var firingLatency = new List<double>();
        var resolvedLatency = new List<double>();
        var processMs = new List<double>();
        var live = new List<AlertView>();
        for (var r = 0; r < rounds; r++)
        {
            var province = (10 + r).ToString(CultureInfo.InvariantCulture);
            var at = time.GetUtcNow();
            var burst = Enumerable.Range(0, perBurst).Select(i => Alert(province, i, at)).ToArray();
            live.AddRange(burst);
            var start = Stopwatch.GetTimestamp();
            await pipeline.ProcessAsync(live, at, CancellationToken.None);
            processMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            firingLatency.Add(await WaitAsync(arrivals, "firing:" + province, start));

            var resolvedAt = time.GetUtcNow();
            live.RemoveAll(a => a.Labels["province"] == province);
            var resolved = burst.Select(a => a with { State = AlertState.Resolved, ResolvedAt = resolvedAt, StateSince = resolvedAt }).ToArray();
            var start2 = Stopwatch.GetTimestamp();
            await pipeline.ProcessAsync([.. live, .. resolved], resolvedAt, CancellationToken.None);
            resolvedLatency.Add(await WaitAsync(arrivals, "resolved:" + province, start2));
            await pipeline.ProcessAsync(live, time.GetUtcNow(), CancellationToken.None);
        }

        // One pass over a national-scale set: 34 provinces × 100 communes × 4 systems, all firing.
        var national = new List<AlertView>();
        var now = time.GetUtcNow();
        for (var p = 0; p < 34; p++)
        {
            for (var i = 0; i < 400; i++)
            {
                national.Add(Alert((50 + p).ToString(CultureInfo.InvariantCulture), i, now));
            }
        }

        var nationalMs = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var s = Stopwatch.GetTimestamp();
            await pipeline.TickAsync(time.GetUtcNow(), CancellationToken.None);
            await pipeline.ProcessAsync(national, time.GetUtcNow(), CancellationToken.None);
            nationalMs.Add(Stopwatch.GetElapsedTime(s).TotalMilliseconds);
        }

        await host.StopAsync();
        await receiver.StopAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);

        Console.WriteLine($"notify: rounds={rounds} alerts/burst={perBurst} group_wait={groupWait} tick={tick}");
        Console.WriteLine($"  fault→firing notification  ms: median {Statistics.Median(firingLatency):0.0}  p95 {Statistics.Percentile(firingLatency, 0.95):0.0}  max {firingLatency.Max():0.0}");
        Console.WriteLine($"  resolve→resolved notice    ms: median {Statistics.Median(resolvedLatency):0.0}  p95 {Statistics.Percentile(resolvedLatency, 0.95):0.0}  max {resolvedLatency.Max():0.0}");
        Console.WriteLine($"  ProcessAsync(burst)        ms: median {Statistics.Median(processMs):0.00}");
        Console.WriteLine($"  ProcessAsync({national.Count} firing, 34 groups) ms: median {Statistics.Median(nationalMs):0.0}");
        Console.WriteLine($"  webhook messages received: {arrivals.Count} (expected {(2 * rounds) + 34} at most)");
        return 0;
    }

    private static AlertView Alert(string province, int i, DateTimeOffset at)
    {
        var unit = province + (100 + i).ToString("000", CultureInfo.InvariantCulture);
        var system = (i % 4) switch { 0 => "edoc", 1 => "dossier", 2 => "opsmgmt", _ => "network" };
        var labels = new Dictionary<string, string> { ["alertname"] = "TargetDown", ["unit"] = unit, ["province"] = province, ["system"] = system, ["severity"] = "critical" };
        var annotations = new Dictionary<string, string> { ["summary"] = $"{system} of {unit} is down", ["runbook_url"] = "https://runbooks.local/target-down" };
        return new AlertView($"TargetDown-{unit}-{system}", "TargetDown", AlertState.Firing, "critical", labels, annotations, at, at, null, at);
    }

    private static async Task<double> WaitAsync(ConcurrentDictionary<string, long> arrivals, string key, long start)
    {
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 60);
        while (!arrivals.ContainsKey(key))
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"no notification for {key} within 60 s");
            }

            await Task.Delay(2);
        }

        return Stopwatch.GetElapsedTime(start, arrivals[key]).TotalMilliseconds;
    }

    private static string Between(string s, string open, string close)
    {
        var i = s.IndexOf(open, StringComparison.Ordinal);
        if (i < 0)
        {
            return string.Empty;
        }

        i += open.Length;
        var j = s.IndexOf(close, i, StringComparison.Ordinal);
        return j < 0 ? string.Empty : s[i..j];
    }

    private static string Arg(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private static int IntArg(string[] args, string name, int fallback) =>
        int.TryParse(Arg(args, name, fallback.ToString(CultureInfo.InvariantCulture)), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;
}
