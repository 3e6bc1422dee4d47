using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Supervision.Core.Influx;
using Supervision.Core.Influx.Writing;

namespace Supervision.LoadHarness;

/// <summary>
/// influx-write: points/s through Core's <see cref="InfluxWriter"/> against a real influxd, compared in the same
/// run with InfluxDB's own ceiling: the same points, already serialised into bodies of the same batch size,
/// posted raw with the same number of concurrent requests. Each measurement writes into a fresh database (so
/// series creation costs the same), the order of the variants rotates every repeat, and every run is checked
/// by counting the points back. The writer path includes serialisation (LineProtocolBuilder) by producer tasks
/// appending scrape-sized chunks; the ceiling does no client work at all. The writer's queue holds every batch of a
/// run (appending never waits, so a shorter queue would measure the disk buffer); points spilled are printed.
/// </summary>
public static class InfluxWriteHarness
{
    private const string Usage = "usage: influx-write [--points 300000] [--repeats 5] [--warmup 1] [--batch 5000] [--concurrency 2] [--producers 2] [--per-append 50] [--url http://127.0.0.1:8086 (default: start influxd with scripts/influxdb.sh on a free port)]";

    /// <summary>Runs the harness; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        Options o;
        try
        {
            o = Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"influx-write: {ex.Message}\n{Usage}");
            return 2;
        }

        var root = HarnessProcesses.FindRoot();
        var port = HarnessProcesses.FreePort();
        var data = Path.Combine(Path.GetTempPath(), "supervision-influx-bench-" + Guid.NewGuid().ToString("N"));
        var started = o.Url is null;
        if (started)
        {
            await ScriptAsync(root, "start", port, data);
        }

        try
        {
            var url = o.Url ?? $"http://127.0.0.1:{port}";
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = o.Concurrency * 2 }) { Timeout = TimeSpan.FromMinutes(2) };
            var points = Points.Create(o.Points);
            var bodies = points.Bodies(o.Batch);
            var chunks = points.Bodies(o.PerAppend);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"influxd {url}; {o.Points} points ({bodies.Sum(b => b.Body.Length) / (double)o.Points:F0} bytes each), batches of {o.Batch}, {o.Concurrency} concurrent writes, {o.Producers} producers appending {o.PerAppend} points at a time"));

            var variants = new (string Name, Func<InfluxClient, Task<WriteTally?>> Run)[]
            {
                ("ceiling (raw bodies)", client => RawAsync(http, client.Options, bodies, o.Concurrency)),
                ("batch writer", client => WriterAsync(client, o, ReadyChunks(chunks))),
                ("batch writer + gzip", client => WriterAsync(Gzipped(http, client), o, ReadyChunks(chunks))),
                ("serialise + writer", client => WriterAsync(client, o, Serialise(points, o.PerAppend))),
            };
            var rates = variants.ToDictionary(v => v.Name, _ => new List<double>());
            var clientCpu = variants.ToDictionary(v => v.Name, _ => new List<double>());
            var serverCpu = variants.ToDictionary(v => v.Name, _ => new List<double>());
            int? influxd = started ? int.Parse(await File.ReadAllTextAsync(Path.Combine(data, "influxd.pid")), CultureInfo.InvariantCulture) : null;
            using var self = Process.GetCurrentProcess();
            var ratios = variants.Skip(1).ToDictionary(v => v.Name, _ => new List<double>());
            var admin = new InfluxClient(http, new InfluxOptions { Url = url, Gzip = false });
            for (var repeat = -o.Warmup; repeat < o.Repeats; repeat++)
            {
                // Warm-up rounds (negative) JIT both paths and are not counted.
                var counted = repeat >= 0;
                var round = new Dictionary<string, double>();
                for (var k = 0; k < variants.Length; k++)
                {
                    var (name, run) = variants[(k + repeat + o.Warmup) % variants.Length];
                    var db = $"bench_{repeat + o.Warmup}_{k}";
                    await admin.ExecuteAsync($"CREATE DATABASE {db}");
                    var client = new InfluxClient(http, new InfluxOptions { Url = url, Database = db, Gzip = false });
                    // CPU per point does not depend on what else runs on the box, unlike points/s.
                    self.Refresh();
                    var cpu0 = (Self: self.TotalProcessorTime.TotalSeconds, Server: influxd is { } pid0 ? HarnessProcesses.CpuSeconds(pid0) : 0);
                    var clock = Stopwatch.StartNew();
                    var stats = await run(client);
                    var seconds = clock.Elapsed.TotalSeconds;
                    self.Refresh();
                    var clientUs = (self.TotalProcessorTime.TotalSeconds - cpu0.Self) * 1e6 / o.Points;
                    var serverUs = influxd is { } pid1 ? (HarnessProcesses.CpuSeconds(pid1) - cpu0.Server) * 1e6 / o.Points : double.NaN;
                    var count = (await client.QueryAsync("SELECT count(value) FROM dossier")).Series[0].Double(0, "count");
                    if (count != o.Points)
                    {
                        Console.Error.WriteLine($"influx-write: {name} stored {count} of {o.Points} points");
                        return 1;
                    }

                    await admin.ExecuteAsync($"DROP DATABASE {db}");
                    round[name] = o.Points / seconds;
                    if (counted)
                    {
                        rates[name].Add(round[name]);
                        clientCpu[name].Add(clientUs);
                        serverCpu[name].Add(serverUs);
                    }

                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{(counted ? $"repeat {repeat + 1}" : "warm-up")}: {name,-22} {round[name],10:F0} points/s  client CPU {clientUs,5:F2} µs/point, influxd CPU {serverUs,5:F2} µs/point{(stats is { } s ? $"  ({s.Writes} writes, {s.Failures} failed requests, {s.PointsSpilled} points spilled)" : string.Empty)}"));
                }

                if (counted)
                {
                    foreach (var name in ratios.Keys)
                    {
                        ratios[name].Add(round[name] / round[variants[0].Name]);
                    }
                }
            }

            Console.WriteLine($"medians over {o.Repeats} repeats:");
            foreach (var (name, list) in rates)
            {
                var ratio = ratios.TryGetValue(name, out var r) ? string.Create(CultureInfo.InvariantCulture, $"  ratio to ceiling {Statistics.Median(r):F2} (per-repeat ratios {string.Join(' ', r.Select(x => x.ToString("F2", CultureInfo.InvariantCulture)))})") : string.Empty;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {name,-22} {Statistics.Median(list),10:F0} points/s  client CPU {Statistics.Median(clientCpu[name]):F2} µs/point, influxd CPU {Statistics.Median(serverCpu[name]):F2} µs/point{ratio}"));
            }

            return 0;
        }
        finally
        {
            if (started)
            {
                await ScriptAsync(root, "stop", port, data);
                Directory.Delete(data, recursive: true);
            }
        }
    }

    private static InfluxClient Gzipped(HttpClient http, InfluxClient client) =>
        new(http, new InfluxOptions { Url = client.Options.Url, Database = client.Options.Database, Gzip = true });

    /// <summary>The ceiling: ready-made bodies posted as they are, <paramref name="concurrency"/> at a time.</summary>
    private static async Task<WriteTally?> RawAsync(HttpClient http, InfluxOptions options, (byte[] Body, int Points)[] bodies, int concurrency)
    {
        var uri = new Uri($"{options.Url.TrimEnd('/')}/write?db={options.Database}&precision=ms");
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < bodies.Length; i = Interlocked.Increment(ref next))
            {
                using var content = new ByteArrayContent(bodies[i].Body);
                content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
                using var response = await http.PostAsync(uri, content);
                response.EnsureSuccessStatusCode();
            }
        })));
        return null;
    }

    /// <summary>The writer alone: producers append ready-made scrape-sized chunks.</summary>
    private static Func<int, Producer> ReadyChunks((byte[] Body, int Points)[] chunks) => _ => (writer, c) =>
    {
        if (c < chunks.Length)
        {
            writer.AppendLines(chunks[c].Body, chunks[c].Points);
        }
    };

    /// <summary>The whole client path: producers serialise each chunk with a LineProtocolBuilder, then append it.</summary>
    private static Func<int, Producer> Serialise(Points points, int perAppend) => _ =>
    {
        var lines = new LineProtocolBuilder(16 * 1024);
        return (writer, c) =>
        {
            lines.Clear();
            points.Write(lines, c * perAppend, Math.Min(points.Count, (c + 1) * perAppend));
            writer.Append(lines);
        };
    };

    /// <summary>Runs producers that each take the next chunk number until all are appended; done when every point is accepted.</summary>
    private static async Task<WriteTally?> WriterAsync(InfluxClient client, Options o, Func<int, Producer> producer)
    {
        var folder = Path.Combine(Path.GetTempPath(), "supervision-influx-write-" + Guid.NewGuid().ToString("N"));
        var tally = new WriteTally();
        using (var buffer = new DiskBuffer(folder, long.MaxValue, TimeSpan.FromDays(1), TimeProvider.System, NullLogger<DiskBuffer>.Instance))
        {
            await using var writer = new InfluxWriter(
                [new WriteDestination(WriteDestination.ServerName(client.Options.Url), new InfluxHttpSink(HttpClients, client.Options, client.Options.Url), buffer)],
                new InfluxWriteOptions { BatchPoints = o.Batch, Concurrency = o.Concurrency, QueueBatches = (o.Points / o.Batch) + 2, FlushInterval = TimeSpan.FromSeconds(1) },
                TimeProvider.System,
                NullLogger<InfluxWriter>.Instance,
                _ => tally);
            writer.Start();
            var chunks = (o.Points + o.PerAppend - 1) / o.PerAppend;
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, o.Producers).Select(p => Task.Run(() =>
            {
                var append = producer(p);
                for (var c = Interlocked.Increment(ref next); c < chunks; c = Interlocked.Increment(ref next))
                {
                    append(writer, c);
                }
            })));
            await writer.FlushAsync();

            // Spilled points (none with the queue above) are replayed by the writer: wait for them too, bounded.
            for (var i = 0; i < 1200 && tally.PointsWritten < o.Points; i++)
            {
                await Task.Delay(50);
            }
        }

        Directory.Delete(folder, recursive: true);
        return tally;
    }

    private static async Task ScriptAsync(string root, string verb, int port, string data)
    {
        var info = new ProcessStartInfo("bash") { WorkingDirectory = root };
        info.ArgumentList.Add(Path.Combine(root, "scripts", "influxdb.sh"));
        info.ArgumentList.Add(verb);
        info.Environment["INFLUX_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        info.Environment["INFLUX_DATA"] = data;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not run scripts/influxdb.sh");
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/influxdb.sh {verb} failed with exit code {process.ExitCode}");
        }
    }

    private static Options Parse(string[] args)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            int Int() => i + 1 < args.Length && int.TryParse(args[++i], CultureInfo.InvariantCulture, out var v) && v > 0
                ? v
                : throw new ArgumentException($"{args[i]} needs a positive whole number");
            switch (args[i])
            {
                case "--points": o.Points = Int(); break;
                case "--repeats": o.Repeats = Int(); break;
                case "--warmup": o.Warmup = i + 1 < args.Length && int.TryParse(args[++i], CultureInfo.InvariantCulture, out var w) && w >= 0 ? w : throw new ArgumentException("--warmup needs a whole number"); break;
                case "--batch": o.Batch = Int(); break;
                case "--concurrency": o.Concurrency = Int(); break;
                case "--producers": o.Producers = Int(); break;
                case "--per-append": o.PerAppend = Int(); break;
                case "--url": o.Url = i + 1 < args.Length ? args[++i] : throw new ArgumentException("--url needs a value"); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        return o;
    }

    private delegate void Producer(InfluxWriter writer, int chunk);

    private static readonly IHttpClientFactory HttpClients = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();

    /// <summary>What the writer reported of its one server in a run.</summary>
    private sealed class WriteTally : InfluxWriteObserver
    {
        private long _written;
        private long _writes;
        private long _failures;
        private long _spilled;

        public long PointsWritten => Interlocked.Read(ref _written);

        public long Writes => Interlocked.Read(ref _writes);

        public long Failures => Interlocked.Read(ref _failures);

        public long PointsSpilled => Interlocked.Read(ref _spilled);

        public override void Written(int points, TimeSpan took)
        {
            Interlocked.Add(ref _written, points);
            Interlocked.Increment(ref _writes);
        }

        public override void Replayed(int points) => Interlocked.Add(ref _written, points);

        public override void Failed(InfluxException error) => Interlocked.Increment(ref _failures);

        public override void Spilled(int points) => Interlocked.Add(ref _spilled, points);
    }

    private sealed class Options
    {
        public int Points { get; set; } = 300_000;

        public int Repeats { get; set; } = 5;

        public int Warmup { get; set; } = 1;

        public int Batch { get; set; } = 5_000;

        public int Concurrency { get; set; } = 2;

        public int Producers { get; set; } = 2;

        public int PerAppend { get; set; } = 50;

        public string? Url { get; set; }
    }

    /// <summary>
    /// Scrape-like points of the dossier system: commune, province, procedure and timeliness tags, one float
    /// field; every (series, time) pair is distinct so the count read back must equal the count written.
    /// </summary>
    private sealed class Points
    {
        private const int Communes = 3_321;
        private const int Procedures = 10;
        private readonly string[] _units = [.. Enumerable.Range(0, Communes).Select(i => (10_000 + (i * 7)).ToString(CultureInfo.InvariantCulture))];
        private readonly string[] _provinces = [.. Enumerable.Range(0, Communes).Select(i => (1 + (i % 34)).ToString("00", CultureInfo.InvariantCulture))];
        private readonly string[] _procedures = [.. Enumerable.Range(0, Procedures).Select(i => $"1.00{1234 + i}")];

        private Points(int count) => Count = count;

        public int Count { get; }

        public static Points Create(int count) => new(count);

        public void Write(LineProtocolBuilder lines, int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                var unit = i % Communes;
                lines.BeginPoint("dossier");
                lines.Tag("level", "commune");
                lines.Tag("procedure", _procedures[(i / Communes) % Procedures]);
                lines.Tag("province", _provinces[unit]);
                lines.Tag("system", "dossier");
                lines.Tag("timeliness", "on_time");
                lines.Tag("unit", _units[unit]);
                lines.Field("value", i * 0.5);
                lines.EndPoint(1_700_000_000_000 + ((long)(i / (Communes * Procedures)) * 1_000));
            }
        }

        public (byte[] Body, int Points)[] Bodies(int batch)
        {
            var bodies = new List<(byte[], int)>();
            var lines = new LineProtocolBuilder(1024 * 1024);
            for (var from = 0; from < Count; from += batch)
            {
                lines.Clear();
                Write(lines, from, Math.Min(Count, from + batch));
                bodies.Add((lines.WrittenMemory.ToArray(), lines.Points));
            }

            return [.. bodies];
        }
    }
}
