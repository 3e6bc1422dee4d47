using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Alerting;
using Supervision.Alerting.Engine;
using Supervision.Alerting.Window;
using Supervision.Core.Domain;
using Supervision.Core.Influx;
using Supervision.Core.InventoryFiles;
using Supervision.Core.Messages;
using Supervision.Testing;

namespace Supervision.LoadHarness;

/// <summary>
/// Evaluation cycle of the shipped default rules (rules/*.yaml) over the national fleet against a real InfluxDB:
/// an hour of scrape history for every target (30 s), collector heartbeats, network/portal/edoc series and four
/// hours of dossier counters (3 procedures), with some targets down and one province cut off so rules, inhibition
/// and the notification pipeline all have work. The real service is built (scheduler off) and every group is
/// evaluated once per cycle, all groups at once as <c>AlertEngine.EvaluateAllAsync</c> and the Quartz jobs do, or
/// one group after another with <c>--sequential</c>.
/// Each cycle evaluates at the instant the history ends, so every cycle sees the same data however long the load took.
/// Usage: alert-eval [--cycles 20] [--warmup 3] [--sequential] [--now UNIX_SECONDS (history already loaded in the server of
/// SUPERVISION_TEST_INFLUX_URL)] [--history-end UNIX_SECONDS (load a history ending then, e.g. in working hours, so the
/// procedures group runs; within the raw retention minus the 4 baseline weeks)] [--influx-pid PID (of that server, for its CPU)]
/// [--no-live (rules read InfluxDB only; by default the service's live window is fed by its InfluxDB subscription while
/// the history is written, as in a service that has been running)]
/// </summary>
public static class AlertEvalHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var cycles = HarnessArgs.Int(args, "--cycles", 20);
        var warmup = HarnessArgs.Int(args, "--warmup", 3);
        var sequential = args.Contains("--sequential");
        var inventory = InventoryLoader.LoadFile(RepoPaths.NationalInventory).Inventory!;
        var influx = new InfluxServerFixture();
        await influx.InitializeAsync();
        var folder = Path.Combine(Path.GetTempPath(), "alert-eval-" + Guid.NewGuid().ToString("N"));
        try
        {
            var given = HarnessArgs.Int(args, "--now", 0);
            var historyEnd = HarnessArgs.Int(args, "--history-end", 0);
            var now = DateTimeOffset.FromUnixTimeSeconds(given > 0 ? given : historyEnd > 0 ? historyEnd : TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
            var live = !args.Contains("--no-live");
            if (live && given > 0)
            {
                Console.Error.WriteLine("alert-eval: --now reuses a loaded history, which the live window never saw; add --no-live or load anew");
                return 2;
            }

            // The live window keeps points relative to its clock: frozen at the evaluation instant, as if the service had
            // been running while the history was written.
            var liveClock = new FrozenClock(now.AddSeconds(1));
            await using var app = AlertingApp.Build(
            [
                "--urls=http://127.0.0.1:0",
                "--Logging:LogLevel:Default=Warning",
                "--Logging:LogLevel:Supervision.Alerting.Notify=Error",
                $"--Alerting:Influx:Url={influx.Url}",
                "--Alerting:Influx:Database=supervision",
                $"--Alerting:RulesFolder={RepoPaths.Combine("rules")}",
                $"--Alerting:StatePath={Path.Combine(folder, "alerting.db")}",
                $"--Alerting:InventoryPath={RepoPaths.NationalInventory}",
                $"--Alerting:HolidaysPath={RepoPaths.Holidays}",
                "--Alerting:EnableScheduler=false",
                $"--Alerting:Live:Enabled={live}",
                $"--Notifications:ConfigFile={RepoPaths.Combine("config", "notifications.yaml")}",
            ], s => s.AddSingleton(_ => new LiveWindow(liveClock, LiveWindowOptions.DefaultKeep, TimeSpan.FromMinutes(1))));
            await app.StartAsync();
            var window = app.Services.GetRequiredService<LiveWindow>();
            if (live)
            {
                await LiveStream.WaitUntilFlowingAsync(influx.Client(), window);
            }

            // With an external server (SUPERVISION_TEST_INFLUX_URL) its pid is given; else the fixture's influxd is our child.
            var givenPid = HarnessArgs.Int(args, "--influx-pid", 0);
            var influxPid = givenPid > 0 ? givenPid : ChildPid("influxd");
            if (given == 0)
            {
                var load = Stopwatch.StartNew();
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var influxCpuBefore = CpuSeconds(influxPid);
                var points = await FleetHistory.WriteAsync(influx.Client(), inventory, now);
                Console.WriteLine($"targets {inventory.Targets.Count}, points written {points:N0} in {load.Elapsed.TotalSeconds:F1} s, history ends at {now.ToUnixTimeSeconds()}");
                if (live)
                {
                    await LiveStream.WaitUntilDrainedAsync(window);
                }

                Console.WriteLine($"influxd CPU while taking the history{(live ? " and posting it to the subscription" : string.Empty)}: {CpuSeconds(influxPid) - influxCpuBefore:F1} s");
                if (live)
                {
                    window.AssumeCompleteSince(now - TimeSpan.FromDays(35));
                    GC.Collect();
                    Console.WriteLine($"live window: {window.SeriesCount:N0} series, {window.PointCount:N0} points held; harness CPU while loading and receiving {(Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds:F1} s; managed heap {GC.GetTotalMemory(false) / (1 << 20):N0} MiB, RSS {Process.GetCurrentProcess().WorkingSet64 / (1 << 20):N0} MiB");
                }
            }

            var engine = app.Services.GetRequiredService<AlertEngine>();
            while (!engine.RuleStatuses().Any())
            {
                await Task.Delay(20);
            }

            var durations = new List<double>(cycles);
            var perRule = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            var (selfBefore, influxBefore) = (0.0, 0.0);
            for (var i = 0; i < warmup + cycles; i++)
            {
                if (i == warmup)
                {
                    selfBefore = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
                    influxBefore = CpuSeconds(influxPid);
                }

                var start = Stopwatch.GetTimestamp();
                if (sequential)
                {
                    foreach (var group in engine.RuleStatuses().Select(r => r.Group).Distinct())
                    {
                        await engine.EvaluateGroupAsync(group, now.AddSeconds(1), CancellationToken.None);
                    }
                }
                else
                {
                    await engine.EvaluateAllAsync(now.AddSeconds(1), CancellationToken.None);
                }
                if (i < warmup)
                {
                    continue;
                }

                durations.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                foreach (var s in engine.RuleStatuses())
                {
                    if (!perRule.TryGetValue(s.Name, out var list))
                    {
                        perRule[s.Name] = list = [];
                    }

                    list.Add(s.DurationSeconds * 1000);
                }
            }

            var self = (Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - selfBefore) / cycles;
            var db = (CpuSeconds(influxPid) - influxBefore) / cycles;
            durations.Sort();
            Console.WriteLine($"{(sequential ? "groups one after another" : "groups at once")}, cycles {cycles}: p50 {Statistics.Percentile(durations, 0.5):F0} ms, p99 {Statistics.Percentile(durations, 0.99):F0} ms, max {durations[^1]:F0} ms");
            Console.WriteLine($"CPU per cycle: alerting {self * 1000:F0} ms, influxd {db * 1000:F0} ms");
            var liveMetrics = app.Services.GetRequiredService<LiveMetrics>();
            Console.WriteLine($"queries answered by the live window {liveMetrics.AnsweredFromWindow.Value:N0}, by InfluxDB {liveMetrics.SentToInflux.Value:N0} (warm-up included)");
            var views = engine.Views;
            Console.WriteLine($"alerts: {views.Count} ({views.Count(v => v.State == AlertState.Firing)} firing, {views.Count(v => v.State == AlertState.Pending)} pending, {views.Count(v => v.InhibitedBy is not null)} inhibited)");
            foreach (var s in engine.RuleStatuses())
            {
                var list = perRule[s.Name];
                list.Sort();
                Console.WriteLine($"  {s.Group,-13} {s.Name,-26} median {Statistics.Percentile(list, 0.5),7:F1} ms  samples {s.ActiveSamples,5}  {(s.SkippedOutsideWorkingHours ? "skipped (outside working time)" : s.Error ?? string.Empty)}");
            }

            await app.StopAsync();
            return 0;
        }
        finally
        {
            await influx.DisposeAsync();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // temp folder
            }
        }
    }

    /// <summary>The pid of a direct child process with this name (the fixture starts influxd as our child).</summary>
    internal static int ChildPid(string name)
    {
        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var stat = Path.Combine(dir, "stat");
            try
            {
                var text = File.ReadAllText(stat);
                var close = text.LastIndexOf(')');
                var comm = text[(text.IndexOf('(', StringComparison.Ordinal) + 1)..close];
                var fields = text[(close + 2)..].Split(' ');
                if (comm == name && fields[1] == self)
                {
                    return int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
                // the process ended while we looked
            }
            catch (UnauthorizedAccessException)
            {
                // not ours
            }
        }

        return -1;
    }

    /// <summary>User + system CPU seconds of a process from /proc/{pid}/stat (clock ticks of 100 Hz).</summary>
    internal static double CpuSeconds(int pid)
    {
        if (pid <= 0)
        {
            return 0;
        }

        var text = File.ReadAllText($"/proc/{pid}/stat");
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}

/// <summary>Writes a national history shaped like the collector's (docs/storage.md) to InfluxDB.</summary>
internal static class FleetHistory
{
    private static readonly string[] Procedures = ["birth-registration", "land-use", "business-license"];

    public static async Task<long> WriteAsync(InfluxClient client, Inventory inventory, DateTimeOffset now)
    {
        var sb = new StringBuilder(4 * 1024 * 1024);
        long points = 0;
        async Task FlushAsync(bool force)
        {
            if (sb.Length > 0 && (force || sb.Length > 3 * 1024 * 1024))
            {
                await client.WriteAsync(Encoding.UTF8.GetBytes(sb.ToString()));
                sb.Clear();
            }
        }

        // A province cut off (its network and every commune system down for 5 min) and 20 single communes down.
        var downCommunes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in inventory.Targets)
        {
            if (t.Level == UnitLevel.Commune && t.System == "edoc" && downCommunes.Count < 20 && t.ProvinceCode != "04" && t.UnitId.EndsWith('7'))
            {
                downCommunes.Add(t.Id);
            }
        }

        var end = now.ToUnixTimeMilliseconds();
        foreach (var t in inventory.Targets)
        {
            var tags = Tags(t);
            for (var ms = end - 3_600_000; ms <= end; ms += 30_000)
            {
                var recent = end - ms < 300_000;
                var down = recent && (downCommunes.Contains(t.Id) || t.ProvinceCode == "04" && (t.Level == UnitLevel.Commune || t.System == "network"));
                sb.Append("scrape,collector=c0").Append(tags).Append(" up=").Append(down ? 0 : 1).Append("i,status_code=").Append(down ? 3 : 0)
                    .Append("i,duration_seconds=0.012 ").Append(ms).Append('\n');
                points++;
            }

            for (var ms = end - 600_000; ms <= end; ms += 30_000)
            {
                var field = t.System switch
                {
                    "network" => "network_rtt_seconds=0.04",
                    "portal" => "portal_sync_lag_seconds=120",
                    "edoc" => "edoc_queue_length=12",
                    _ => null,
                };
                if (field is not null)
                {
                    sb.Append(t.System).Append(tags).Append(' ').Append(field).Append(' ').Append(ms).Append('\n');
                    points++;
                }
            }

            if (t.System == "dossier")
            {
                foreach (var p in Procedures)
                {
                    for (var ms = end - 4 * 3_600_000 - 900_000; ms <= end; ms += 300_000)
                    {
                        var resolved = 1000 + (end - ms) / 60_000;
                        sb.Append("dossier,procedure=").Append(p).Append(tags).Append(" dossier_overdue=2,dossier_in_progress=25,dossier_resolved_total=").Append(-resolved + 5000)
                            .Append(",dossier_received_total=").Append(-resolved + 9000).Append(' ').Append(ms).Append('\n');
                        points++;
                    }

                    if (t.Level == UnitLevel.Province)
                    {
                        for (var week = 1; week <= 4; week++)
                        {
                            var weekEnd = end - week * 7 * 86_400_000L;
                            for (var ms = weekEnd - 3_600_000; ms <= weekEnd; ms += 300_000)
                            {
                                sb.Append("dossier,procedure=").Append(p).Append(tags).Append(" dossier_received_total=").Append(ms / 60_000 % 100_000).Append(' ').Append(ms).Append('\n');
                                points++;
                            }
                        }
                    }
                }
            }

            await FlushAsync(false);
        }

        for (var shard = 0; shard < 2; shard++)
        {
            for (var ms = end - 3_600_000; ms <= end; ms += 10_000)
            {
                sb.Append("collector,collector=c").Append(shard).Append(",shard=").Append(shard).Append("/2 targets=6760i ").Append(ms).Append('\n');
                points++;
            }
        }

        await FlushAsync(true);
        return points;
    }

    private static string Tags(Target t)
    {
        var level = t.Level switch { UnitLevel.Central => "central", UnitLevel.Province => "province", _ => "commune" };
        return t.ProvinceCode is null
            ? $",level={level},system={t.System},unit={t.UnitId}"
            : $",level={level},province={t.ProvinceCode},system={t.System},unit={t.UnitId}";
    }
}

/// <summary>Command-line helpers shared by the alerting harnesses.</summary>
internal static class HarnessArgs
{
    public static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    public static string Text(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}

/// <summary>A clock that stands still (the live window's, at the instant the harness evaluates).</summary>
internal sealed class FrozenClock(DateTimeOffset at) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => at;
}

/// <summary>Waits on the InfluxDB subscription stream into the service's live window.</summary>
internal static class LiveStream
{
    /// <summary>Writes a probe point until InfluxDB's subscriber posts to the window (it picks new subscriptions up within seconds).</summary>
    public static async Task WaitUntilFlowingAsync(InfluxClient client, LiveWindow window)
    {
        for (var i = 0; i < 300 && window.CoveredSince is null; i++)
        {
            await client.WriteAsync("harness_probe value=1i"u8.ToArray());
            await Task.Delay(100);
        }

        if (window.CoveredSince is null)
        {
            throw new InvalidOperationException("the InfluxDB subscription never posted to the alerting service within 30 s");
        }
    }

    /// <summary>Waits until the window stops growing (InfluxDB forwards writes asynchronously, several at once).</summary>
    public static async Task WaitUntilDrainedAsync(LiveWindow window)
    {
        var last = -1L;
        for (var still = 0; still < 4;)
        {
            await Task.Delay(500);
            var now = window.PointCount;
            still = now == last ? still + 1 : 0;
            last = now;
        }
    }
}
