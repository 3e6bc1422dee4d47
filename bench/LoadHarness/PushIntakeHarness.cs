using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Supervision.Testing;

namespace Supervision.LoadHarness;

/// <summary>
/// push-intake: the collector's push intake under load on one core. The collector runs pinned to one CPU
/// (<c>taskset</c>) with a real influxd behind it; clients post batches as Telegraf (line protocol, 5,000 lines per
/// request by default) or Prometheus (remote_write, protobuf + snappy) would, for many units at once, as fast as the
/// intake answers. Measured over a window after a warm-up: points accepted per second, the collector's CPU
/// (/proc/{pid}/stat) per point, and what reached InfluxDB or the disk buffer.
/// </summary>
public static class PushIntakeHarness
{
    private const string Usage = "usage: push-intake [--format line|remote-write] [--duration 30] [--warmup 5] [--clients 4] [--batch 5000] [--units 100] [--cpu 1]";

    /// <summary>Runs the harness; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var (format, duration, warmup, clients, batch, units, cpu) = ("line", 30, 5, 4, 5000, 100, 1);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--format": format = value; break;
                case "--duration": duration = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--clients": clients = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--batch": batch = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--units": units = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--cpu": cpu = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine(Usage); return 2;
            }
        }

        if (format is not ("line" or "remote-write"))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var collectorDll = Path.Combine(RepoPaths.Root, "src", "Collector", "bin", "Release", "net10.0", "Supervision.Collector.dll");
        if (!File.Exists(collectorDll))
        {
            Console.Error.WriteLine($"{collectorDll} not found: run 'dotnet build -c Release src/Collector' first");
            return 2;
        }

        var work = Path.Combine(Path.GetTempPath(), "push-intake-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        var influx = new InfluxServerFixture();
        ServiceProcess? collector = null;
        try
        {
            await influx.InitializeAsync();
            var inventory = new StringBuilder("version: 1\nunits:\n  - { id: \"79\", name: \"P\", level: province, kind: city, systems: [] }\n");
            for (var u = 0; u < units; u++)
            {
                inventory.Append(CultureInfo.InvariantCulture, $"  - {{ id: \"{26000 + u}\", name: \"C{u}\", level: commune, province: \"79\", push: {{ token: \"{Token(u)}\" }}, systems: [{{ system: edoc, mode: push, interval: 1m }}] }}\n");
            }

            await File.WriteAllTextAsync(Path.Combine(work, "inventory.yaml"), inventory.ToString());
            var port = FreePort.Next();
            var url = new Uri($"http://127.0.0.1:{port}");
            collector = ServiceProcess.Start("collector", "taskset",
            [
                "-c", cpu.ToString(CultureInfo.InvariantCulture), "dotnet", collectorDll, "--urls", url.ToString(),
                "--inventory", Path.Combine(work, "inventory.yaml"), "--buffer", Path.Combine(work, "buffer"),
                $"--Collector:Influx:Url={influx.Url}", "--Collector:Push:PointsPerSecond=100000000", "--Collector:Push:Burst=100000000",
                "--Collector:Push:MaxSeriesPerUnit=10000000", "--Logging:LogLevel:Default=Warning",
            ]);
            await collector.WaitForHttpAsync(new Uri(url, "/healthz"), TimeSpan.FromSeconds(60));
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = url, Timeout = TimeSpan.FromMinutes(1) };

            long accepted = 0;
            long refused = 0;
            var measuring = false;
            long measuredPoints = 0;
            using var stop = new CancellationTokenSource();
            // Bodies are made before the run (the clients share the harness's core with influxd): 16 of each kind, with
            // timestamps of the last minutes (inside the database's retention), cycled; a repeated point rewrites itself.
            var bodies = Enumerable.Range(0, 16).Select(k => format == "line" ? LineBody(batch, k) : RemoteWriteBody(batch, k)).ToArray();
            var tasks = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
            {
                var sequence = 0L;
                while (!stop.IsCancellationRequested)
                {
                    var unit = (int)((c + (sequence * clients)) % units);
                    using var request = Request(format, bodies[sequence % bodies.Length], unit);
                    sequence++;
                    try
                    {
                        using var response = await http.SendAsync(request, stop.Token);
                        if ((int)response.StatusCode == 204)
                        {
                            Interlocked.Add(ref accepted, batch);
                            if (Volatile.Read(ref measuring))
                            {
                                Interlocked.Add(ref measuredPoints, batch);
                            }
                        }
                        else
                        {
                            Interlocked.Increment(ref refused);
                            Console.Error.WriteLine($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(stop.Token)}");
                        }
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                        return;
                    }
                }
            })).ToArray();

            await Task.Delay(TimeSpan.FromSeconds(warmup));
            var cpuBefore = HarnessProcesses.CpuSeconds(collector.Id);
            var clock = Stopwatch.StartNew();
            Volatile.Write(ref measuring, true);
            await Task.Delay(TimeSpan.FromSeconds(duration));
            Volatile.Write(ref measuring, false);
            var elapsed = clock.Elapsed.TotalSeconds;
            var cpuSeconds = HarnessProcesses.CpuSeconds(collector.Id) - cpuBefore;
            var rss = HarnessProcesses.RssBytes(collector.Id);
            await stop.CancelAsync();
            await Task.WhenAll(tasks);

            var metrics = await http.GetStringAsync("/metrics");
            var points = Interlocked.Read(ref measuredPoints);
            Console.WriteLine($"format {format}, {clients} clients, {batch} points per request, {units} units, collector pinned to CPU {cpu}, window {elapsed:0.0} s after {warmup} s warm-up");
            Console.WriteLine($"accepted: {points:N0} points, {points / elapsed:N0} points/s; refused requests: {Interlocked.Read(ref refused)}");
            Console.WriteLine($"collector CPU: {cpuSeconds:0.00} s = {cpuSeconds / elapsed:0.00} core; {cpuSeconds / points * 1e6:0.00} µs per point; RSS {rss / 1048576.0:0} MiB");
            Console.WriteLine($"collector since start: {Metric(metrics, "supervision_collector_push_points_total"):N0} pushed, {Metric(metrics, "supervision_collector_points_written_total"):N0} written to InfluxDB, {Metric(metrics, "supervision_collector_points_spilled_total"):N0} spilled to disk, {Metric(metrics, "supervision_collector_points_dropped_total"):N0} rejected by InfluxDB");
            var log = collector.Output;
            Console.WriteLine("collector log (end): " + (log.Length > 1500 ? log[^1500..] : log));
            return 0;
        }
        finally
        {
            if (collector is not null)
            {
                await collector.StopAsync(TimeSpan.FromSeconds(10));
                await collector.DisposeAsync();
            }

            await influx.DisposeAsync();
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // a late buffer write; the temp folder is cleaned by the OS
            }
        }
    }

    private static string Token(int unit) => $"push-harness-token-{26000 + unit}";

    private static double Metric(string exposition, string name) =>
        exposition.Split('\n').Where(l => l.StartsWith(name, StringComparison.Ordinal) && !l.StartsWith('#'))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    private static HttpRequestMessage Request(string format, byte[] body, int unit)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, format == "line" ? "/write?db=edoc" : "/api/v1/write") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(format == "line" ? "text/plain" : "application/x-protobuf");
        if (format != "line")
        {
            request.Content.Headers.ContentEncoding.Add("snappy");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue(format == "line" ? "Token" : "Bearer", Token(unit));
        return request;
    }

    private static long NowMs() => TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>A Telegraf-like batch: one line per host and channel, two fields, ns timestamps.</summary>
    private static byte[] LineBody(int batch, int k)
    {
        var body = new StringBuilder(batch * 110);
        var stamp = (NowMs() - (k * 10_000)) * 1_000_000;
        for (var i = 0; i < batch; i++)
        {
            body.Append(CultureInfo.InvariantCulture, $"edoc,host=h{i % 50},channel=c{i / 50} edoc_documents_sent_total={k + i}i,edoc_queue_length={i % 17}.5 {stamp + i}\n");
        }

        return Encoding.UTF8.GetBytes(body.ToString());
    }

    /// <summary>A Prometheus-like batch: one sample per series (job, instance, a label), snappy-compressed protobuf.</summary>
    private static byte[] RemoteWriteBody(int batch, int k)
    {
        var stamp = NowMs() - (k * 10_000);
        var series = Enumerable.Range(0, batch).Select(i => new RemoteWrite.Series(
        [
            ("__name__", i % 2 == 0 ? "edoc_documents_sent_total" : "edoc_queue_length"), ("channel", "c" + (i / 50).ToString(CultureInfo.InvariantCulture)),
            ("instance", "h" + (i % 50).ToString(CultureInfo.InvariantCulture) + ":9100"), ("job", "edoc"),
        ], [(k + i, stamp)]));
        return RemoteWrite.Snappy(RemoteWrite.Encode(series));
    }
}
