using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Supervision.LoadHarness;

/// <summary>
/// simulator-load: scrapes/s the simulator serves for a typical target, and its CPU per 1,000 scrapes.
/// The simulator runs as its own process (the Release build), pinned with taskset to one core and told
/// it has one processor; this process drives it from the other core with a fixed number of keep-alive
/// connections for a bounded time. CPU comes from /proc/{pid}/stat (user + system) over the measured
/// window, so the CPU cost per scrape is independent of the load generator and of other work on the box.
/// </summary>
public static class SimulatorLoadHarness
{
    /// <summary>Runs the harness; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: simulator-load [--duration 10] [--warmup 3] [--runs 3] [--connections 16] [--targets 26737/dossier,... | --all-targets] [--with-health] [--gzip] [--openmetrics] [--core 0] [--simulator path/to/Supervision.Simulator.dll] [--inventory inventory/national.yaml]");
            return 2;
        }

        var root = FindRoot();
        var dll = options.Simulator ?? Path.Combine(root, "src", "Simulator", "bin", "Release", "net10.0", "Supervision.Simulator.dll");
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine($"simulator build not found at {dll}: run 'dotnet build -c Release src/Simulator' first");
            return 2;
        }

        var port = FreePort();
        using var simulator = StartSimulator(dll, root, options, port);
        try
        {
            var baseUri = new Uri($"http://127.0.0.1:{port}");
            using var handler = new SocketsHttpHandler
            {
                MaxConnectionsPerServer = options.Connections,
                AutomaticDecompression = DecompressionMethods.None,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            };
            using var client = new HttpClient(handler) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(10) };
            await WaitReadyAsync(client, simulator);
            if (options.AllTargets)
            {
                using var doc = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/control/targets"));
                options.Targets = doc.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetString()!).ToArray();
            }

            var bodyBytes = await SampleSizeAsync(client, options);
            Console.WriteLine($"simulator pid {simulator.Id} on core {options.Core}, {options.Connections} connections, targets {(options.Targets.Length > 3 ? options.Targets.Length + " (all, in turn)" : string.Join(",", options.Targets))}, health too {options.WithHealth}, gzip {options.Gzip}, openmetrics {options.OpenMetrics}, body {bodyBytes} bytes");

            await DriveAsync(client, options, TimeSpan.FromSeconds(options.Warmup), simulator.Id);
            var results = new List<(double Rate, double CpuPer1000, double Utilisation)>();
            for (var run = 1; run <= options.Runs; run++)
            {
                var r = await DriveAsync(client, options, TimeSpan.FromSeconds(options.Duration), simulator.Id);
                results.Add(r);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}: {r.Rate:F0} scrapes/s, {r.CpuPer1000 * 1000:F1} ms CPU per 1,000 scrapes, simulator CPU {r.Utilisation:P0} of one core"));
            }

            var rate = Median(results.Select(r => r.Rate));
            var cpu = Median(results.Select(r => r.CpuPer1000));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"median: {rate:F0} scrapes/s; {cpu * 1000:F1} ms CPU per 1,000 scrapes => {1000 / (cpu * 1000) * 1000:F0} scrapes/s per fully used core"));
            return 0;
        }
        finally
        {
            if (!simulator.HasExited)
            {
                simulator.Kill(entireProcessTree: true);
                await simulator.WaitForExitAsync();
            }
        }
    }

    private static async Task<(double Rate, double CpuPer1000, double Utilisation)> DriveAsync(HttpClient client, Options options, TimeSpan duration, int pid)
    {
        long done = 0;
        long failed = 0;
        var cpu0 = CpuSeconds(pid);
        var clock = Stopwatch.StartNew();
        var workers = new Task[options.Connections];
        for (var w = 0; w < workers.Length; w++)
        {
            var worker = w;
            workers[w] = Task.Run(async () =>
            {
                var i = worker;
                var buffer = new byte[64 * 1024];
                while (clock.Elapsed < duration)
                {
                    var target = options.Targets[i++ % options.Targets.Length];
                    if (options.WithHealth)
                    {
                        // A collector's scrape of a target is /health then /metrics: count the pair as one.
                        using var health = await client.GetAsync($"/t/{target}/health", HttpCompletionOption.ResponseContentRead);
                        if (!health.IsSuccessStatusCode)
                        {
                            Interlocked.Increment(ref failed);
                        }
                    }

                    using var request = Request(options, target);
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                    await using var body = await response.Content.ReadAsStreamAsync();
                    while (await body.ReadAsync(buffer) > 0)
                    {
                    }

                    if (response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref done);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
            });
        }

        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpu = CpuSeconds(pid) - cpu0;
        if (failed > 0)
        {
            Console.WriteLine($"warning: {failed} scrapes failed");
        }

        return (done / elapsed, cpu / done * 1000, cpu / elapsed);
    }

    private static HttpRequestMessage Request(Options options, string target)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/t/{target}/metrics");
        if (options.Gzip)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        }

        if (options.OpenMetrics)
        {
            request.Headers.TryAddWithoutValidation("Accept", "application/openmetrics-text; version=1.0.0");
        }

        return request;
    }

    private static async Task<long> SampleSizeAsync(HttpClient client, Options options)
    {
        using var request = Request(options, options.Targets[0]);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).LongLength;
    }

    private static Process StartSimulator(string dll, string root, Options options, int port)
    {
        var info = new ProcessStartInfo("taskset")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        foreach (var a in new[] { "-c", options.Core.ToString(CultureInfo.InvariantCulture), "dotnet", dll, "--port", port.ToString(CultureInfo.InvariantCulture), "--inventory", options.Inventory })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_PROCESSOR_COUNT"] = "1";
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the simulator");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("simulator: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitReadyAsync(HttpClient client, Process simulator)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (simulator.HasExited)
            {
                throw new InvalidOperationException($"simulator exited with {simulator.ExitCode}");
            }

            try
            {
                using var response = await client.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("simulator not ready within 60 s");
    }

    internal static double CpuSeconds(int pid)
    {
        // /proc/{pid}/stat fields 14 and 15 (utime, stime) in clock ticks; the command name (field 2) may hold spaces, so split after ')'.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / 100.0;
    }

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string FindRoot()
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

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static Options? Parse(string[] args)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--duration": o.Duration = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--warmup": o.Warmup = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--runs": o.Runs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--connections": o.Connections = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--targets": o.Targets = Next().Split(','); break;
                case "--all-targets": o.AllTargets = true; break;
                case "--with-health": o.WithHealth = true; break;
                case "--gzip": o.Gzip = true; break;
                case "--openmetrics": o.OpenMetrics = true; break;
                case "--core": o.Core = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--simulator": o.Simulator = Next(); break;
                case "--inventory": o.Inventory = Next(); break;
                default: return null;
            }
        }

        return o;
    }

    private sealed class Options
    {
        public int Duration { get; set; } = 10;

        public int Warmup { get; set; } = 3;

        public int Runs { get; set; } = 3;

        public int Connections { get; set; } = 16;

        // A typical commune target (the bulk of the fleet): the dossier system, the largest commune body.
        public string[] Targets { get; set; } = ["26737/dossier"];

        public bool AllTargets { get; set; }

        public bool WithHealth { get; set; }

        public bool Gzip { get; set; }

        public bool OpenMetrics { get; set; }

        public int Core { get; set; }

        public string? Simulator { get; set; }

        public string Inventory { get; set; } = "inventory/national.yaml";
    }
}
