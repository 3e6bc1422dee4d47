using System.Diagnostics;
using System.Globalization;

namespace Supervision.LoadHarness;

/// <summary>
/// deadman: the dead-man's switch and the log volume of the whole center as a new user runs it (scripts/run.sh on the
/// national fleet). The shipped <c>deadman</c> receiver (config/notifications.yaml) is pointed at a loopback heartbeat
/// monitor (<c>SUPERVISION_DEADMAN_URL</c>) that behaves like a healthchecks-style check: it pages when no beat came for
/// <c>--monitor-period</c> seconds. After <c>--minutes</c> of steady running (beats counted, every service's log file
/// measured and projected to a day), the harness stops one part with SIGKILL (<c>--stop alerting|influxdb</c>) and reports
/// the time from the stop to the page; verdicts for the issue's goals: page within 2 minutes, each service's log at most
/// 50 MB a day with the defaults.
/// </summary>
public static class DeadmanHarness
{
    private const string Usage = "usage: deadman [--minutes 10] [--stop alerting|influxdb] [--monitor-period 60] [--data DIR]";
    private const double MaxLogMbPerDay = 50;
    private static readonly TimeSpan PageGoal = TimeSpan.FromMinutes(2);

    /// <summary>Runs the harness; 0 when both goals hold, 1 when one does not, 2 for bad arguments.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var minutes = 10.0;
        var stop = "alerting";
        var period = 60.0;
        string? data = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--minutes" when double.TryParse(value, CultureInfo.InvariantCulture, out minutes) && minutes > 0: i++; break;
                case "--stop" when value is "alerting" or "influxdb": stop = value; i++; break;
                case "--monitor-period" when double.TryParse(value, CultureInfo.InvariantCulture, out period) && period > 0: i++; break;
                case "--data" when value is not null: data = value; i++; break;
                default: Console.Error.WriteLine(Usage); return 2;
            }
        }

        var beats = new List<long>();
        var (receiver, hook) = await LoopbackReceiver.StartAsync((_, at) => { lock (beats) { beats.Add(at); } });
        await using var receiverScope = receiver;
        data ??= Path.Combine(Path.GetTempPath(), "deadman-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        await using var center = RunShCenter.Start(RunShCenter.FreePorts(), data, new Dictionary<string, string> { ["SUPERVISION_DEADMAN_URL"] = hook.ToString() });
        try
        {
            await RunShCenter.WaitUntilRunningAsync(center);

            var pids = RunShCenter.Pids(data);
            var logs = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["collector"] = Path.Combine(data, "logs", "collector.log"), ["alerting"] = Path.Combine(data, "logs", "alerting.log"),
                ["dashboard"] = Path.Combine(data, "logs", "dashboard.log"), ["influxd"] = Path.Combine(data, "influxdb", "influxd.log"),
            };

            // Start-up lines are not the steady rate: measure from a minute in.
            await Task.Delay(TimeSpan.FromMinutes(1));
            var before = logs.ToDictionary(l => l.Key, l => Size(l.Value), StringComparer.Ordinal);
            var window = Stopwatch.StartNew();
            int beatsBefore;
            lock (beats) { beatsBefore = beats.Count; }
            await Task.Delay(TimeSpan.FromMinutes(minutes));
            var elapsedDays = window.Elapsed.TotalDays;
            int beatCount;
            lock (beats) { beatCount = beats.Count - beatsBefore; }
            Console.WriteLine($"steady {window.Elapsed.TotalMinutes:0.0} min: {beatCount} watchdog beats ({window.Elapsed.TotalSeconds / Math.Max(1, beatCount):0.0} s apart)");
            var logsOk = true;
            foreach (var (name, path) in logs)
            {
                var mbPerDay = (Size(path) - before[name]) / 1e6 / elapsedDays;
                var ok = name == "influxd" || mbPerDay <= MaxLogMbPerDay;
                logsOk &= ok;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"log {name}: {mbPerDay:0.00} MB/day ({path}){(name == "influxd" ? "" : ok ? " PASS" : " FAIL (> 50 MB/day)")}"));
            }

            // Stop one part for good; the monitor pages once `period` has passed since the last beat it got.
            var stopped = Stopwatch.GetTimestamp();
            using (var kill = Process.Start("kill", ["-KILL", pids[stop == "alerting" ? "alerting" : "influxd"].ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            Console.WriteLine($"{TimeProvider.System.GetUtcNow():HH:mm:ss} {stop} killed");
            var deadline = TimeSpan.FromSeconds(period) + TimeSpan.FromMinutes(3);
            while (true)
            {
                long last;
                lock (beats) { last = beats.Count > 0 ? beats[^1] : stopped; }
                var since = Stopwatch.GetElapsedTime(Math.Max(last, 0));
                if (since.TotalSeconds >= period)
                {
                    var page = Stopwatch.GetElapsedTime(stopped);
                    var lastAfterStop = last > stopped ? Stopwatch.GetElapsedTime(stopped, last).TotalSeconds : 0;
                    var ok = page <= PageGoal;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"dead-man page {page.TotalSeconds:0.0} s after the stop (last beat {lastAfterStop:0.0} s after it, monitor period {period:0} s): {(ok ? "PASS" : "FAIL")} (goal ≤ {PageGoal.TotalSeconds:0} s)"));
                    return ok && logsOk ? 0 : 1;
                }

                if (Stopwatch.GetElapsedTime(stopped) > deadline)
                {
                    Console.WriteLine("beats went on after the stop: the watchdog does not notice it (FAIL)");
                    return 1;
                }

                await Task.Delay(250);
            }
        }
        finally
        {
            await center.StopAsync(TimeSpan.FromSeconds(30));
        }
    }

    private static long Size(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
