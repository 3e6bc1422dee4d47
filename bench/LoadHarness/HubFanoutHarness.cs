using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Supervision.Core.Domain;
using Supervision.Core.Messages;

namespace Supervision.LoadHarness;

/// <summary>
/// Status-hub fan-out: the Dashboard runs as a child process over the national inventory; N SignalR .NET
/// clients on loopback join <c>national</c>; a collector-like client pushes one status change per round and
/// every subscriber records when the resulting delta arrives. Reports ingest → delta receipt p50/p99/max over
/// all clients and rounds, the Dashboard's CPU and RSS, then the national wallboard's first full render in
/// Chromium (navigation start → all 34 province tiles in the DOM).
/// Usage: hub-fanout [--clients 1000] [--rounds 30] [--gap-ms 1000] [--renders 5] [--coalesce 00:00:00.250]
/// </summary>
public static class HubFanoutHarness
{
    private const string Key = "bench-ingest-key-0123456789";
    private const string Target = "26737/edoc";

    public static async Task<int> RunAsync(string[] args)
    {
        var clients = IntArg(args, "--clients", 1000);
        var rounds = IntArg(args, "--rounds", 30);
        var gapMs = IntArg(args, "--gap-ms", 1000);
        var renders = IntArg(args, "--renders", 5);
        var coalesce = Arg(args, "--coalesce", "00:00:00.250");
        var root = FindRoot();
        var dll = Path.Combine(root, "src/Dashboard/bin/Release/net10.0/Supervision.Dashboard.dll");
        if (!File.Exists(dll))
        {
            await Console.Error.WriteLineAsync($"{dll} is missing: dotnet build -c Release bench/LoadHarness");
            return 2;
        }

        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/");
        using var dashboard = StartDashboard(dll, root, url, coalesce);
        try
        {
            using var http = new HttpClient { BaseAddress = url };
            await WaitReadyAsync(http, dashboard);
            Console.WriteLine($"hub-fanout: {clients} clients, {rounds} rounds, {gapMs} ms apart, coalesce {coalesce}, Dashboard pid {dashboard.Id}");
            var rssIdle = RssMb(dashboard.Id);

            var received = new long[clients];
            var connections = new HubConnection[clients];
            var connectClock = Stopwatch.StartNew();
            for (var start = 0; start < clients; start += 50)
            {
                await Task.WhenAll(Enumerable.Range(start, Math.Min(50, clients - start)).Select(async i =>
                {
                    var connection = new HubConnectionBuilder().WithUrl(new Uri(url, HubNames.StatusHubPath)).Build();
                    connection.On<JsonElement>(HubNames.Delta, _ => Interlocked.CompareExchange(ref received[i], Stopwatch.GetTimestamp(), 0));
                    await connection.StartAsync();
                    await connection.InvokeAsync(HubNames.Join, HubNames.NationalGroup);
                    connections[i] = connection;
                }));
            }

            Console.WriteLine($"  {clients} clients connected and joined in {connectClock.Elapsed.TotalSeconds:0.0} s");
            await using var ingest = new HubConnectionBuilder()
                .WithUrl(new Uri(url, HubNames.IngestHubPath), o => o.Headers[HubNames.ApiKeyHeader] = Key)
                .Build();
            await ingest.StartAsync();
            await Task.Delay(gapMs);

            var latencies = new List<double>(clients * rounds);
            var missed = 0;
            var cpuBefore = CpuSeconds(dashboard.Id);
            var wall = Stopwatch.StartNew();
            for (var round = 0; round < rounds; round++)
            {
                Array.Clear(received);
                var now = TimeProvider.System.GetUtcNow();
                var status = round % 2 == 0 ? TargetStatus.Down : TargetStatus.Up;
                var sent = Stopwatch.GetTimestamp();
                await ingest.InvokeAsync(HubNames.PushStatusChanges, new StatusChangeBatch("bench", [new TargetState(Target, status, status == TargetStatus.Up ? StatusReason.None : StatusReason.Refused, null, now, now)]));
                var deadline = Stopwatch.StartNew();
                while (received.Any(r => r == 0) && deadline.Elapsed < TimeSpan.FromSeconds(5))
                {
                    await Task.Delay(5);
                }

                foreach (var r in received)
                {
                    if (r == 0)
                    {
                        missed++;
                    }
                    else
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(sent, r).TotalMilliseconds);
                    }
                }

                await Task.Delay(gapMs);
            }

            var cpu = CpuSeconds(dashboard.Id) - cpuBefore;
            var seconds = wall.Elapsed.TotalSeconds;
            var rssLoaded = RssMb(dashboard.Id);
            latencies.Sort();
            Console.WriteLine($"  ingest → delta receipt ms over {latencies.Count} receipts: p50 {Percentile(latencies, 0.50):0.0}  p99 {Percentile(latencies, 0.99):0.0}  max {latencies[^1]:0.0}  missed {missed}");
            Console.WriteLine($"  Dashboard CPU {cpu:0.00} s over {seconds:0.0} s ({100 * cpu / seconds:0.0}% of one core); RSS idle {rssIdle:0} MB, with {clients} clients {rssLoaded:0} MB, peak {PeakRssMb(dashboard.Id):0} MB");

            var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            Console.WriteLine($"  Dashboard's own view: change→delta handed over mean {MeanMs(metrics, "supervision_dashboard_change_to_delta_seconds"):0.0} ms, one fan-out round mean {MeanMs(metrics, "supervision_dashboard_fanout_seconds"):0.0} ms");
            await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
            if (renders > 0)
            {
                await RenderAsync(url, renders);
            }

            return 0;
        }
        finally
        {
            dashboard.Kill(entireProcessTree: true);
            await dashboard.WaitForExitAsync();
        }
    }

    // First full render: navigation start → the 34 province tiles in the DOM, in a fresh browser context each
    // time (no cache), then → the interactive circuit's first update of the clock.
    private static async Task RenderAsync(Uri url, int renders)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var tiles = new List<double>();
        var live = new List<double>();
        for (var i = 0; i < renders + 1; i++)
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
            var page = await context.NewPageAsync();
            // The wallboard needs a session (docs/security.md): sign in as the demo viewer first, then time the wallboard alone.
            await page.GotoAsync(new Uri(url, "signin").ToString());
            await page.FillAsync("input[name=username]", "viewer");
            await page.FillAsync("input[name=password]", "viewer-demo");
            await page.ClickAsync("[data-testid=signin-submit]");
            await page.WaitForURLAsync(u => !u.Contains("/signin", StringComparison.Ordinal));
            var clock = Stopwatch.StartNew();
            await page.GotoAsync(url.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid^=province-]').length === 34", null, new PageWaitForFunctionOptions { PollingInterval = 5 });
            var tilesMs = clock.Elapsed.TotalMilliseconds;
            var first = await page.TextContentAsync("[data-testid=clock]");
            await page.WaitForFunctionAsync("c => document.querySelector('[data-testid=clock]').textContent !== c", first, new PageWaitForFunctionOptions { PollingInterval = 20, Timeout = 10_000 });
            if (i > 0)
            {
                // The first load warms the server's Razor and static-file paths; it is reported separately.
                tiles.Add(tilesMs);
                live.Add(clock.Elapsed.TotalMilliseconds);
            }
            else
            {
                Console.WriteLine($"  cold first render (after start): all 34 tiles {tilesMs:0} ms");
            }
        }

        tiles.Sort();
        live.Sort();
        Console.WriteLine($"  national wallboard at 1920×1080 over {renders} fresh contexts: all 34 tiles median {Percentile(tiles, 0.5):0} ms (max {tiles[^1]:0}); live (first clock tick over the circuit) median {Percentile(live, 0.5):0} ms");
    }

    private static Process StartDashboard(string dll, string root, Uri url, string coalesce)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        foreach (var a in new[] { dll, "--urls", url.ToString().TrimEnd('/'), "--inventory", Path.Combine(root, "inventory/national.yaml"), "--ingest-key", Key, $"--Dashboard:CoalescePeriod={coalesce}", "--Logging:LogLevel:Default=Warning",
                     "--users", Path.Combine(root, "config/demo-users.json"), "--Dashboard:Security:AuditPath=",
                     // Measures the fan-out, not sign-in: its thousand .NET clients connect without a session.
                     "--Dashboard:Security:AnonymousStatusApi=true" })
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the Dashboard");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("dashboard: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitReadyAsync(HttpClient http, Process dashboard)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (dashboard.HasExited)
            {
                throw new InvalidOperationException($"the Dashboard exited with {dashboard.ExitCode}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the Dashboard was not ready within 60 s");
    }

    private static double MeanMs(string metrics, string histogram)
    {
        double Value(string name) => metrics.Split('\n').Where(l => l.StartsWith(name + " ", StringComparison.Ordinal))
            .Select(l => double.Parse(l[(name.Length + 1)..], CultureInfo.InvariantCulture)).FirstOrDefault();
        var count = Value(histogram + "_count");
        return count == 0 ? double.NaN : 1000 * Value(histogram + "_sum") / count;
    }

    private static double RssMb(int pid) => StatusKb(pid, "VmRSS:") / 1024.0;

    private static double PeakRssMb(int pid) => StatusKb(pid, "VmHWM:") / 1024.0;

    private static long StatusKb(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    private static double CpuSeconds(int pid)
    {
        // utime and stime (fields 14, 15) in clock ticks of 1/100 s; the name field may hold spaces, so split after ')'.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static double Percentile(List<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Supervision.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the repository (Supervision.sln not found)");
    }

    private static string Arg(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private static int IntArg(string[] args, string name, int fallback) =>
        int.Parse(Arg(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
}
