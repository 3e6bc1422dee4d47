using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Supervision.Collector.Parsing;
using Supervision.Core.Influx;
using Supervision.Core.Influx.Writing;
using Supervision.Testing;

namespace Supervision.LoadHarness;

/// <summary>
/// The InfluxDB part of <c>shard-takeover --influx-stop S</c>: the agents write every batch to two influxd (the relay
/// pattern); one is killed (SIGKILL) for S seconds and started again on its data. Prints how the running server kept up
/// during the outage (its points written per interval, points spilled for it), how long the returned server took to get
/// its backlog, and, per target and per schedule slot, the scrapes the simulator answered against the points stored on
/// EACH server: missing, extra, and slots stored twice (bench/RESULTS.md, "Two InfluxDB servers").
/// </summary>
internal static class InfluxOutagePhase
{
    private const string Written = "supervision_collector_points_written_total";
    private const string Spilled = "supervision_collector_points_spilled_total";

    /// <summary>Runs the outage and the count; true when neither server lost or doubled a slot.</summary>
    public static async Task<bool> RunAsync(
        HttpClient http, HttpClient simulator, Uri[] agents, InfluxServerFixture primary, InfluxServerFixture replica,
        TimeSpan outage, TimeSpan interval, Func<string, TimeSpan> offsetOf)
    {
        var primaryName = WriteDestination.ServerName(primary.Url.ToString());
        var replicaName = WriteDestination.ServerName(replica.Url.ToString());
        var from = TimeProvider.System.GetUtcNow() - (2 * interval);
        var spilledOnPrimary = await SumAsync(http, agents, Spilled, primaryName);
        var before = await RatesAsync(http, agents, primaryName, interval, 4);

        var stoppedAt = TimeProvider.System.GetUtcNow();
        await replica.StopServerAsync();
        Console.WriteLine($"  influxd {replicaName} killed (SIGKILL) at {stoppedAt:HH:mm:ss} for {outage.TotalSeconds:0} s; {primaryName} keeps running");

        // The running server's intake per interval through the outage: a server held back by the other would show as a dip.
        var during = await RatesAsync(http, agents, primaryName, interval, (int)(outage / interval));
        var spilledForReplica = await SumAsync(http, agents, Spilled, replicaName);
        var restartedAt = TimeProvider.System.GetUtcNow();
        await replica.StartServerAsync(TimeSpan.FromMinutes(10));
        var answering = TimeProvider.System.GetUtcNow();
        var spilledForPrimary = await SumAsync(http, agents, Spilled, primaryName) - spilledOnPrimary;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {primaryName} during the outage: points written per {interval.TotalSeconds:0} s min {during.Min():N0}, median {Median(during):N0}, max {during.Max():N0} (before: median {Median(before):N0}); spilled for it {spilledForPrimary:N0}"));
        Console.WriteLine($"  {replicaName} started again at {restartedAt:HH:mm:ss}, answering /ping {(answering - restartedAt).TotalSeconds:0.0} s later (WAL reloaded); {spilledForReplica:N0} points had spilled to its disk buffers");

        var replayed = await HealthyAsync(http, agents, TimeSpan.FromMinutes(30));
        Console.WriteLine($"  every agent's /healthz Healthy for both servers (backlog replayed) {replayed.TotalSeconds:0.0} s after the restart");

        // Points of slots before `to` are flushed (1 s) well within the two intervals waited.
        await Task.Delay(2 * interval);
        var to = TimeProvider.System.GetUtcNow() - (2 * interval);
        var log = await ScrapeSlots.FetchAsync(simulator);
        var expected = new Dictionary<string, HashSet<long>>(StringComparer.Ordinal);
        foreach (var (id, times) in log)
        {
            var offset = offsetOf(id);
            var (first, last) = Window(from, to, offset, interval);
            expected[id] = [.. times.Select(t => ScrapeSlots.Slot(t, offset, interval)).Where(s => s >= first && s <= last)];
        }

        var ok = true;
        foreach (var (server, name) in new[] { (primary, primaryName), (replica, replicaName) })
        {
            var stored = await StoredSlotsAsync(server, from, to + interval, offsetOf, interval);
            long scrapes = 0, points = 0, missing = 0, extra = 0, doubled = 0;
            var examples = new List<string>();
            foreach (var (id, slots) in expected)
            {
                var (first, last) = Window(from, to, offsetOf(id), interval);
                var have = stored.GetValueOrDefault(id) ?? [];
                var inWindow = have.Where(s => s >= first && s <= last).ToList();
                var distinct = inWindow.ToHashSet();
                scrapes += slots.Count;
                points += inWindow.Count;
                doubled += inWindow.Count - distinct.Count;
                var lost = slots.Count(s => !distinct.Contains(s));
                var more = distinct.Count(s => !slots.Contains(s));
                missing += lost;
                extra += more;
                if ((lost > 0 || more > 0) && examples.Count < 5)
                {
                    examples.Add($"{id}: {lost} missing, {more} extra");
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name}: {from:HH:mm:ss}–{to:HH:mm:ss}, {expected.Count(e => e.Value.Count > 0):N0} targets, {scrapes:N0} scrapes answered, {points:N0} points stored; missing {missing}, extra {extra}, slots stored twice {doubled}{(examples.Count > 0 ? " (" + string.Join("; ", examples) + ")" : string.Empty)}"));
            ok &= missing == 0 && extra == 0 && doubled == 0;
        }

        return ok;
    }

    /// <summary>The first and last slot of a target wholly inside [from, to).</summary>
    private static (long First, long Last) Window(DateTimeOffset from, DateTimeOffset to, TimeSpan offset, TimeSpan interval) =>
        (ScrapeSlots.Slot(from.ToUnixTimeMilliseconds(), offset, interval) + 1, ScrapeSlots.Slot(to.ToUnixTimeMilliseconds(), offset, interval) - 1);

    /// <summary>Every stored scrape point's slot by target, read province by province (a national query at once is too large a body).</summary>
    private static async Task<Dictionary<string, List<long>>> StoredSlotsAsync(InfluxServerFixture server, DateTimeOffset from, DateTimeOffset to, Func<string, TimeSpan> offsetOf, TimeSpan interval)
    {
        var client = server.Client();
        var provinces = (await client.QueryAsync("SHOW TAG VALUES FROM scrape WITH KEY = \"province\"")).Series
            .SelectMany(s => Enumerable.Range(0, s.Values.Count).Select(i => s.String(i, "value")!)).ToList();
        var result = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        var range = InfluxQl.TimeRange(from, to);
        foreach (var province in provinces)
        {
            var series = (await client.QueryAsync($"SELECT up FROM scrape WHERE {range} AND {InfluxQl.TagEquals("province", province)} GROUP BY unit, system")).Series;
            foreach (var s in series)
            {
                var id = $"{s.Tag("unit")}/{s.Tag("system")}";
                var offset = offsetOf(id);
                var slots = result.TryGetValue(id, out var list) ? list : result[id] = [];
                for (var i = 0; i < s.Values.Count; i++)
                {
                    var time = DateTimeOffset.Parse(s.String(i, "time")!, CultureInfo.InvariantCulture);
                    slots.Add(ScrapeSlots.Slot(time.ToUnixTimeMilliseconds(), offset, interval));
                }
            }
        }

        return result;
    }

    private static async Task<List<double>> RatesAsync(HttpClient http, Uri[] agents, string server, TimeSpan interval, int rounds)
    {
        var rates = new List<double>();
        var last = await SumAsync(http, agents, Written, server);
        for (var i = 0; i < rounds; i++)
        {
            await Task.Delay(interval);
            var now = await SumAsync(http, agents, Written, server);
            rates.Add(now - last);
            last = now;
        }

        return rates;
    }

    private static double Median(List<double> values) => values.Count == 0 ? double.NaN : values.Order().ElementAt(values.Count / 2);

    private static async Task<double> SumAsync(HttpClient http, Uri[] agents, string name, string server)
    {
        double sum = 0;
        foreach (var agent in agents)
        {
            var (samples, _) = ExpositionParser.ParseToList(await http.GetStringAsync(new Uri(agent, "/metrics")));
            sum += samples.Where(s => s.Name == name && s.Labels.Any(l => l.Key == "influx" && l.Value == server)).Sum(s => s.Value);
        }

        return sum;
    }

    private static async Task<TimeSpan> HealthyAsync(HttpClient http, Uri[] agents, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var seen = string.Empty;
        while (clock.Elapsed < limit)
        {
            var degraded = new List<string>();
            foreach (var agent in agents)
            {
                using var health = JsonDocument.Parse(await http.GetStringAsync(new Uri(agent, "/healthz")));
                degraded.AddRange(health.RootElement.GetProperty("entries").EnumerateObject()
                    .Where(e => e.Value.GetProperty("status").GetString() != "Healthy")
                    .Select(e => $"{agent.Port} {e.Name}: {e.Value.GetProperty("description").GetString()}"));
            }

            if (degraded.Count == 0)
            {
                return clock.Elapsed;
            }

            seen = string.Join(" | ", degraded);
            await Task.Delay(1000);
        }

        throw new TimeoutException($"the agents still report a degraded server after {limit.TotalMinutes} min: {seen}");
    }
}
