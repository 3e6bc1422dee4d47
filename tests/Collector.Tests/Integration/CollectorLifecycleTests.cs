using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Supervision.Core.Influx.Writing;
using Supervision.Core.Domain;
using Supervision.Core.Influx;
using Supervision.Testing;

namespace Supervision.Collector.Tests.Integration;

/// <summary>
/// The collector as an operator runs it: a child process that is killed hard or asked to stop, an
/// inventory edited under it, label values line protocol must escape. Targets are a fixed loopback
/// exposition, so the test knows exactly what was served and how often.
/// </summary>
[Collection("fleet")]
public sealed class CollectorLifecycleTests(FleetFixture fleet)
{
    private const string Body = """
        # HELP edoc_queue_length Documents waiting.
        # TYPE edoc_queue_length gauge
        edoc_queue_length 3
        # TYPE edoc_documents_sent_total counter
        edoc_documents_sent_total{channel="lgsp"} 10
        edoc_documents_sent_total{channel="email"} 4

        """;

    private const string Province = "{ id: \"79\", name: \"Hồ Chí Minh\", level: province, kind: city, systems: [edoc, dossier, portal] }";
    private const string NoTargets = "{ id: \"central\", name: \"C\", level: central, systems: [] }";

    private static readonly string[] ProvinceTargets = ["79/edoc", "79/dossier", "79/portal"];

    private static string Inventory(FixedTargets targets, params string[] units) =>
        CollectorHost.Inventory(targets.Url.ToString(), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500), units);

    private static async Task<(ServiceProcess Process, HttpClient Client, string Dir)> StartProcessAsync(string inventory, Uri influx, string database, params string[] extra)
    {
        var port = FreePort.Next();
        var (dir, args) = await CollectorHost.PrepareAsync(inventory, influx, database, $"http://127.0.0.1:{port}", extra);
        var process = ServiceProcess.StartDotnet("collector", ServiceProcess.BuiltAssembly("src/Collector", "Supervision.Collector"), args);
        var url = new Uri($"http://127.0.0.1:{port}");
        await process.WaitForHttpAsync(new Uri(url, "/healthz"), TimeSpan.FromSeconds(60));
        return (process, new HttpClient { BaseAddress = url }, dir);
    }

    /// <summary>Every record of a buffer folder, as line-protocol lines counted by measurement.</summary>
    private static async Task<Dictionary<string, int>> CountByTargetAsync(InfluxClient influx, string query) =>
        (await influx.QueryAsync(query)).Series.ToDictionary(s => s.Tag("unit") + "/" + s.Tag("system"), s => (int)(s.Double(0, "count") ?? 0));

    private static Dictionary<string, int> LinesOnDisk(string bufferDir, out int points)
    {
        using var buffer = new DiskBuffer(bufferDir, long.MaxValue, TimeSpan.FromDays(365), TimeProvider.System, NullLogger<DiskBuffer>.Instance);
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        points = 0;
        while (buffer.Peek() is { } batch)
        {
            points += batch.Points;
            foreach (var line in Encoding.UTF8.GetString(batch.Body).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var measurement = line[..line.IndexOfAny([',', ' '])];
                lines[measurement] = lines.GetValueOrDefault(measurement) + 1;
            }

            buffer.Commit(batch);
        }

        return lines;
    }

    /// <summary>
    /// Points in a measurement: the count of a field every point has for the synthesised ones; for scraped
    /// samples (one field per point, the metric name) the sum of count(*) over the fields.
    /// </summary>
    private static async Task<double> PointsAsync(InfluxClient influx, string measurement)
    {
        var select = measurement switch
        {
            "scrape" => "count(up)",
            "collector" => "count(targets)",
            "health" => "count(status_code)",
            _ => "count(*)",
        };
        var series = (await influx.QueryAsync($"SELECT {select} FROM \"{measurement}\"")).Series;
        return series.Sum(s => s.Columns.Skip(1).Sum(c => s.Double(0, c) ?? 0));
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    [Fact]
    public async Task a_kill_9_after_a_spill_loses_nothing_that_was_on_disk_and_the_next_start_replays_it()
    {
        await using var targets = await FixedTargets.StartAsync(Body);
        var db = await fleet.Influx.CreateDatabaseAsync("kill9");
        var deadInflux = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        var (process, client, dir) = await StartProcessAsync(Inventory(targets, Province), deadInflux, db, "--Collector:Influx:Timeout=00:00:00.500");
        var bufferDir = Path.Combine(dir, "buffer");
        var snapshot = Path.Combine(dir, "snapshot");
        try
        {
            await using (process)
            using (client)
            {
                await CollectorHost.EventuallyAsync(
                    async () => await CollectorHost.MetricAsync(client, "supervision_collector_points_spilled_total") >= 60,
                    TimeSpan.FromSeconds(60), "60 points spilled to disk while InfluxDB is unreachable");
                await process.KillAsync();
                Assert.Equal(137, process.ExitCode);
            }

            // What the dead process left on disk, read from a copy so the original is replayed untouched.
            CopyDirectory(bufferDir, snapshot);
            var onDisk = LinesOnDisk(snapshot, out var points);
            Assert.True(onDisk.GetValueOrDefault("scrape") >= 10, $"scrape points on disk: {onDisk.GetValueOrDefault("scrape")}");
            Assert.Equal(points, onDisk.Values.Sum());

            // The next start, on the same buffer, with a reachable InfluxDB and nothing to scrape.
            await using var restarted = await CollectorHost.StartAsync(Inventory(targets, NoTargets), fleet.Influx.Url, db, "--buffer", bufferDir);
            var influx = fleet.Influx.Client(db);
            foreach (var (measurement, count) in onDisk)
            {
                // The restarted agent adds heartbeats of its own; every other point can only come from the disk.
                await CollectorHost.EventuallyAsync(
                    async () => measurement == "collector" ? await PointsAsync(influx, measurement) >= count : await PointsAsync(influx, measurement) == count,
                    TimeSpan.FromSeconds(60), $"the {count} '{measurement}' points from disk in InfluxDB");
            }

            // Replayed: everything from disk, plus the restarted agent's own first heartbeat, queued behind it.
            Assert.True(await restarted.MetricAsync("supervision_collector_points_replayed_total") >= points);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task sigterm_writes_what_is_buffered_in_memory_to_influxdb_before_exiting()
    {
        await using var targets = await FixedTargets.StartAsync(Body);
        var db = await fleet.Influx.CreateDatabaseAsync("sigterm");
        var influx = fleet.Influx.Client(db);

        // Batches that never fill and never time out: only the shutdown can send them.
        var (process, client, dir) = await StartProcessAsync(Inventory(targets, Province), fleet.Influx.Url, db,
            "--Collector:Write:FlushInterval=01:00:00", "--Collector:Write:BatchPoints=1000000");
        try
        {
            await using (process)
            using (client)
            {
                await CollectorHost.EventuallyAsync(() => Task.FromResult(ProvinceTargets.All(t => targets.Requests(t).Count >= 3)), TimeSpan.FromSeconds(60), "three scrapes of every target");
                Assert.Equal(0, await CollectorHost.CountAsync(influx, "SELECT count(up) FROM scrape"));
                await process.StopAsync(TimeSpan.FromSeconds(30));
                Assert.Equal(0, process.ExitCode);
            }

            // Every request the targets answered belongs to one scrape, and every scrape stores one point: nothing lost is
            // stored >= requests. A scrape that timed out before its request arrived stores a Down point with no request,
            // so the bound the other way is on the good ones: up = 1 only for requests that were answered.
            var stored = await CountByTargetAsync(influx, "SELECT count(up) FROM scrape GROUP BY unit, system");
            var good = await CountByTargetAsync(influx, "SELECT count(up) FROM scrape WHERE up = 1 GROUP BY unit, system");
            foreach (var target in ProvinceTargets)
            {
                var requests = targets.Requests(target).Count;
                Assert.True(stored.GetValueOrDefault(target) >= requests, $"{target}: {stored.GetValueOrDefault(target)} points stored for {requests} requests answered");
                Assert.True(good.GetValueOrDefault(target) <= requests, $"{target}: {good.GetValueOrDefault(target)} good scrapes stored for {requests} requests answered");
            }

            // A cold process's first scrapes may time out; every sample a scrape did parse is stored.
            var parsed = await CollectorHost.CountAsync(influx, "SELECT sum(samples) FROM scrape");
            Assert.True(parsed >= 3, $"samples parsed: {parsed}");
            Assert.Equal(parsed, await PointsAsync(influx, "edoc") + await PointsAsync(influx, "dossier") + await PointsAsync(influx, "portal"));
            Assert.Empty(LinesOnDisk(Path.Combine(dir, "buffer"), out _));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task label_values_with_spaces_commas_equals_quotes_newlines_and_vietnamese_arrive_in_influxdb_intact()
    {
        var expected = new Dictionary<string, string>
        {
            ["space"] = "a b  c",
            ["comma"] = "a,b,c",
            ["equals"] = "a=b==c",
            ["quote"] = "say \"hi\"",
            ["vietnamese"] = "Phường Tân Định, Quận 1",
            ["backslash"] = @"C:\DIR\FILE.TXT",
            ["mixed"] = "x=1, y=\"2\" ; ü ⚡ 日本",
            // InfluxDB 1.x cannot hold a newline in a tag (it ends the line): stored as the two characters \n (docs/storage.md).
            ["newline"] = "line1\\nline2",
        };
        const string exposition = """
            # HELP odd_labels Labels holding what line protocol must escape: \\ and \n in HELP too.
            # TYPE odd_labels gauge
            odd_labels{case="space",v="a b  c"} 1
            odd_labels{case="comma",v="a,b,c"} 2
            odd_labels{case="equals",v="a=b==c"} 3
            odd_labels{case="quote",v="say \"hi\""} 4
            odd_labels{case="vietnamese",v="Phường Tân Định, Quận 1"} 5
            odd_labels{case="backslash",v="C:\\DIR\\FILE.TXT"} 6
            odd_labels{case="mixed",v="x=1, y=\"2\" ; ü ⚡ 日本"} 7
            odd_labels{case="newline",v="line1\nline2"} 8

            """;
        await using var targets = await FixedTargets.StartAsync(exposition);
        var db = await fleet.Influx.CreateDatabaseAsync("labels");
        await using var collector = await CollectorHost.StartAsync(
            Inventory(targets, "{ id: \"79\", name: \"Hồ Chí Minh\", level: province, kind: city, systems: [edoc] }"), fleet.Influx.Url, db);
        var influx = fleet.Influx.Client(db);

        IReadOnlyList<InfluxSeries> series = [];
        await CollectorHost.EventuallyAsync(async () =>
        {
            series = (await influx.QueryAsync("SELECT last(odd_labels) FROM edoc GROUP BY \"case\", \"v\"")).Series;
            return series.Count == expected.Count;
        }, TimeSpan.FromSeconds(30), $"{expected.Count} odd_labels series in InfluxDB");

        Assert.Equal(expected, series.ToDictionary(s => s.Tag("case")!, s => s.Tag("v")!));
        var values = series.ToDictionary(s => s.Tag("case")!, s => s.Double(0, "last"));
        Assert.Equal(1, values["space"]);
        Assert.Equal(8, values["newline"]);
        var state = Assert.Single(await collector.TargetsAsync());
        Assert.Equal(TargetStatus.Up, state.Status);
    }

    [Fact]
    public async Task an_inventory_reload_keeps_the_schedule_and_state_of_unchanged_targets()
    {
        await using var targets = await FixedTargets.StartAsync(Body);
        var db = await fleet.Influx.CreateDatabaseAsync("reload");
        await using var collector = await CollectorHost.StartAsync(
            Inventory(targets, "{ id: \"79\", name: \"Hồ Chí Minh\", level: province, kind: city, systems: [edoc, portal] }"), fleet.Influx.Url, db);

        TargetState before = null!;
        await CollectorHost.EventuallyAsync(async () =>
        {
            before = (await collector.TargetsAsync()).Single(s => s.TargetId == "79/edoc");
            return targets.Requests("79/edoc").Count >= 3 && before.Status == TargetStatus.Up;
        }, TimeSpan.FromSeconds(30), "79/edoc scraped three times and Up");

        // 79/edoc unchanged, 79/portal changed (its timeout), 26737/edoc new.
        await File.WriteAllTextAsync(collector.InventoryPath, Inventory(targets,
            "{ id: \"79\", name: \"Hồ Chí Minh\", level: province, kind: city, systems: [edoc, { system: portal, timeout: 800ms }] }",
            "{ id: \"26737\", name: \"Phường Tân Định\", level: commune, province: \"79\", kind: ward, systems: [edoc] }"));
        IReadOnlyList<TargetState> states = [];
        await CollectorHost.EventuallyAsync(async () => (states = await collector.TargetsAsync()).Count == 3, TimeSpan.FromSeconds(30), "the reload seen");
        var after = states.Single(s => s.TargetId == "79/edoc");
        Assert.Equal((TargetStatus.Up, before.Since), (after.Status, after.Since));

        var reloadedAt = TimeProvider.System.GetUtcNow();
        await CollectorHost.EventuallyAsync(
            () => Task.FromResult(targets.Requests("79/edoc").Count(t => t > reloadedAt) >= 3 && targets.Requests("26737/edoc").Count >= 2 && targets.Requests("79/portal").Count(t => t > reloadedAt) >= 2),
            TimeSpan.FromSeconds(30), "every target scraped after the reload");

        // Never scraped twice in one slot around the reload: consecutive requests stay about an interval apart. The
        // first request is left out: slots are fixed, so a first scrape started late (the cold start of a loaded
        // machine) is followed by the next slot sooner; the reload comes after the third.
        var times = targets.Requests("79/edoc").Skip(1).ToArray();
        var gaps = times.Zip(times.Skip(1), (a, b) => (b - a).TotalSeconds).ToArray();
        // A short gap is a second scrape in one slot unless the scrape before it started late in its own slot (the gap
        // before it as much longer than an interval as this one is shorter).
        var text = string.Join(", ", gaps.Select(g => g.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)));
        for (var i = 0; i < gaps.Length; i++)
        {
            Assert.True(gaps[i] > 0.5 || (i > 0 && gaps[i - 1] + gaps[i] > 1.5), $"79/edoc scraped twice in one slot ({gaps[i]:0.000} s after the previous): {text}");
        }
    }
}
