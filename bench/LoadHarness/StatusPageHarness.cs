using System.Diagnostics;
using System.Globalization;
using System.Net;
using Supervision.Testing;

namespace Supervision.LoadHarness;

/// <summary>
/// status-page: the citizens' page under a traffic burst. A real InfluxDB (influxd, its own statistics count every query) and
/// the Dashboard as a child process over the national inventory; once the page's refresher has built the page and read the
/// roll-ups (the positive signal, from the Dashboard's /metrics), <c>--workers</c> loopback clients request <c>--path</c> on a
/// fixed schedule of <c>--rate</c> requests a second (0: as fast as they can) for <c>--seconds</c>, a bounded loop. Prints
/// the rate achieved, p50/p99/max latency (request sent → whole body read), and the InfluxDB queries issued meanwhile:
/// influxd's <c>httpd.queryReq</c> and the page's own counter. Exit 0 when every request answered 200, the rate was met
/// (95%) and InfluxDB answered no query during the burst.
/// Usage: status-page [--seconds 20] [--rate 1000] [--workers 64] [--path /status]
/// </summary>
public static class StatusPageHarness
{
    private const string Key = "bench-ingest-key-0123456789";

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = Int(args, "--seconds", 20);
        var rate = Int(args, "--rate", 1000);
        var workers = Int(args, "--workers", 64);
        var path = Arg(args, "--path") ?? "/status";
        var root = HarnessProcesses.FindRoot();
        var dll = Path.Combine(root, "src/Dashboard/bin/Release/net10.0/Supervision.Dashboard.dll");
        if (!File.Exists(dll))
        {
            await Console.Error.WriteLineAsync($"{dll} is missing: dotnet build -c Release bench/LoadHarness");
            return 2;
        }

        var influx = new InfluxServerFixture();
        await influx.InitializeAsync();
        var url = new Uri($"http://127.0.0.1:{HarnessProcesses.FreePort()}/");
        await using var dashboard = ServiceProcess.StartDotnet("dashboard", dll,
        [
            "--urls", url.ToString().TrimEnd('/'), "--inventory", Path.Combine(root, "inventory/national.yaml"), "--ingest-key", Key,
            $"--Dashboard:Influx:Url={influx.Url}", "--Dashboard:Security:AuditPath=", "--Logging:LogLevel:Default=Warning",
        ]);
        try
        {
            await dashboard.WaitForHttpAsync(new Uri(url, "healthz"), TimeSpan.FromSeconds(90));
            using var probe = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
            var (builds, pageQueries) = (0.0, 0.0);
            for (var i = 0; i < 120 && (builds < 1 || pageQueries < 1); i++)
            {
                (builds, pageQueries) = await PageMetricsAsync(probe);
                await Task.Delay(i == 0 ? 0 : 500);
            }

            if (builds < 1 || pageQueries < 1)
            {
                await Console.Error.WriteLineAsync($"the refresher did not build the page within a minute (builds {builds}, InfluxDB statements {pageQueries})");
                return 1;
            }

            var page = await probe.GetByteArrayAsync(new Uri(path, UriKind.Relative));
            Console.WriteLine($"status-page: {path} ({page.Length:N0} bytes), {(rate > 0 ? rate.ToString(CultureInfo.InvariantCulture) + " requests/s" : "as fast as possible")} for {seconds} s from {workers} loopback clients; Dashboard pid {dashboard.Id}, influxd {influx.Url}");
            Console.WriteLine($"  before: page builds {builds}, page InfluxDB statements {pageQueries}");

            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = workers, AutomaticDecompression = DecompressionMethods.None })
            {
                BaseAddress = url,
                Timeout = TimeSpan.FromSeconds(30),
            };
            await Burst(client, path, Math.Min(rate > 0 ? rate : 1000, 2000), 1, workers); // warm-up: connections open, JIT done

            var influxBefore = await influx.QueryRequestsAsync();
            var cpuBefore = HarnessProcesses.CpuSeconds(dashboard.Id);
            var result = await Burst(client, path, rate, seconds, workers);
            var cpu = HarnessProcesses.CpuSeconds(dashboard.Id) - cpuBefore;
            var influxQueries = await influx.QueryRequestsAsync() - influxBefore;
            var (buildsAfter, pageQueriesAfter) = await PageMetricsAsync(probe);

            var achieved = result.Ok / result.Elapsed.TotalSeconds;
            Console.WriteLine($"  {result.Sent:N0} requests in {result.Elapsed.TotalSeconds:F1} s: {result.Ok:N0} × 200, {result.Failed:N0} other or failed; achieved {achieved:F0} requests/s");
            Console.WriteLine($"  latency (sent → body read): p50 {Statistics.Percentile(result.Latencies, 0.5):F2} ms, p99 {Statistics.Percentile(result.Latencies, 0.99):F2} ms, max {result.Latencies.DefaultIfEmpty().Max():F1} ms; behind schedule at the end: {result.LateMs:F0} ms");
            Console.WriteLine($"  Dashboard CPU during the burst: {cpu:F1} s ({100 * cpu / result.Elapsed.TotalSeconds:F0}% of one core); RSS {HarnessProcesses.RssBytes(dashboard.Id) / (1024 * 1024)} MB");
            Console.WriteLine($"  InfluxDB queries during the burst: {influxQueries} (influxd httpd.queryReq); the page's own: {pageQueriesAfter - pageQueries}; page builds meanwhile: {buildsAfter - builds}");
            var met = rate == 0 || achieved >= 0.95 * rate;
            Console.WriteLine($"{(result.Failed == 0 && met && influxQueries == 0 ? "PASS" : "FAIL")}  {(rate > 0 ? rate : achieved):F0} requests/s served from memory with InfluxDB untouched");
            return result.Failed == 0 && met && influxQueries == 0 ? 0 : 1;
        }
        finally
        {
            await dashboard.StopAsync(TimeSpan.FromSeconds(10));
            await influx.DisposeAsync();
        }
    }

    private sealed record BurstResult(long Sent, long Ok, long Failed, TimeSpan Elapsed, List<double> Latencies, double LateMs);

    /// <summary>
    /// Request i is due at start + i / rate (0: as soon as a worker is free); the loop ends after <paramref name="seconds"/>
    /// or rate × seconds requests, whichever first. Latency runs from sending to the whole body read.
    /// </summary>
    private static async Task<BurstResult> Burst(HttpClient client, string path, int rate, int seconds, int workers)
    {
        var target = new Uri(path, UriKind.Relative);
        var cap = rate > 0 ? (long)rate * seconds : long.MaxValue;
        var deadline = TimeSpan.FromSeconds(seconds);
        long next = -1, ok = 0, failed = 0;
        var late = 0.0;
        var clock = Stopwatch.StartNew();
        var perWorker = await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            var latencies = new List<double>(rate > 0 ? (int)Math.Min(cap / workers + 16, 1_000_000) : 100_000);
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= cap || clock.Elapsed >= deadline + TimeSpan.FromSeconds(rate > 0 ? 5 : 0))
                {
                    break;
                }

                if (rate > 0)
                {
                    var wait = TimeSpan.FromSeconds((double)i / rate) - clock.Elapsed;
                    if (wait > TimeSpan.FromMilliseconds(1))
                    {
                        await Task.Delay(wait);
                    }
                    else if (i == cap - 1)
                    {
                        late = -wait.TotalMilliseconds;
                    }
                }

                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.GetAsync(target);
                    await response.Content.ReadAsByteArrayAsync();
                    Interlocked.Increment(ref response.StatusCode == HttpStatusCode.OK ? ref ok : ref failed);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failed);
                }
                catch (TaskCanceledException)
                {
                    Interlocked.Increment(ref failed);
                }

                latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }

            return latencies;
        }));
        var elapsed = clock.Elapsed;
        var all = perWorker.SelectMany(l => l).ToList();
        return new BurstResult(all.Count, ok, failed, elapsed, all, Math.Max(0, late));
    }

    /// <summary>The page's builds and InfluxDB statements so far, from the Dashboard's /metrics.</summary>
    private static async Task<(double Builds, double Queries)> PageMetricsAsync(HttpClient http)
    {
        double builds = 0, queries = 0;
        foreach (var line in (await http.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Split('\n'))
        {
            if (line.StartsWith("supervision_dashboard_status_page_builds_total{result=\"ok\"} ", StringComparison.Ordinal))
            {
                builds = double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("supervision_dashboard_status_page_influx_queries_total ", StringComparison.Ordinal))
            {
                queries = double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return (builds, queries);
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Int(string[] args, string name, int fallback) =>
        Arg(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
