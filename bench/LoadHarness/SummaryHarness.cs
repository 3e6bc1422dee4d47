using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Supervision.Core.Calendar;
using Supervision.Core.Domain;
using Supervision.Core.Influx;
using Supervision.Core.InventoryFiles;
using Supervision.Dashboard;
using Supervision.Dashboard.Summaries;
using Supervision.Testing;

namespace Supervision.LoadHarness;

/// <summary>
/// summary-30d: fills a fresh influxd with N days of the summary roll-ups for the whole national fleet
/// (<c>summary_unit</c>: one point per unit and hour with its procedure, e-document and availability
/// sums; <c>summary_availability</c>: per province, level and system; as the continuous queries of
/// scripts/influxdb-setup.iql write them), then times the 30-day national summary: the service call
/// (cache off, so every call reads InfluxDB) and the page's server render (HTTP GET of the prerendered
/// /summaries?period=30d on a real Dashboard: the first GET reads InfluxDB, the repeats are served from its cache). Medians over the repeats.
/// </summary>
public static class SummaryHarness
{
    /// <summary>Runs the harness; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var days = 30;
        var repeats = 7;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--days" when int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var d) && d is >= 1 and <= 60:
                    days = d;
                    break;
                case "--repeats" when int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var r) && r is >= 1 and <= 50:
                    repeats = r;
                    break;
                default:
                    Console.Error.WriteLine("usage: summary-30d [--days 30 (1..60)] [--repeats 7 (1..50)]");
                    return 2;
            }
        }

        var inventory = InventoryLoader.LoadFile(RepoPaths.NationalInventory).Inventory!;
        // Freshly written shards sit in many small TSM files until a full compaction, which InfluxDB runs after
        // 4 h without writes; older shards of a real server are compacted. Cold after 10 s here, and the
        // harness measures both before and after it settles.
        var influx = new InfluxServerFixture { DataSettings = "compact-full-write-cold-duration = \"10s\"" };
        await influx.InitializeAsync();
        try
        {
            var end = Hour(TimeProvider.System.GetUtcNow());
            var clock = Stopwatch.StartNew();
            var lines = await FillAsync(influx.Url, inventory, end, days);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {lines:N0} roll-up lines ({days} days + lookback, {inventory.Targets.Count:N0} targets) in {clock.Elapsed.TotalSeconds:F0} s"));

            using var http = new HttpClient();
            var settle = TimeSpan.FromSeconds(90);
            var reader = new SummaryReader(() => new InfluxClient(http, new InfluxOptions { Url = influx.Url.ToString(), Gzip = false, Timeout = TimeSpan.FromSeconds(60) }));
            var service = new SummaryService(inventory, RegionMap.Load(RepoPaths.Combine("config", "vn-regions.csv")), WorkingCalendar.Load(RepoPaths.Holidays),
                Options.Create(new SummaryOptions { CacheFor = TimeSpan.Zero }), reader, TimeProvider.System, NullLogger<SummaryService>.Instance);
            var fresh = await TimeAsync(1, () => service.GetAsync(new SummaryRequest(SummaryPeriod.Days30), null, default));
            Report("service Days30 national, right after writing (uncompacted)", fresh);
            Console.WriteLine($"waiting {settle.TotalSeconds:F0} s for InfluxDB's full compaction of the cold shards");
            await Task.Delay(settle);
            foreach (var period in new[] { SummaryPeriod.Days30, SummaryPeriod.Days7 })
            {
                var request = new SummaryRequest(period);
                var sheet = await service.GetAsync(request, null, default);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{period}: received {sheet.Current.Received:N0}, resolved {sheet.Current.Resolved:N0}, on time {sheet.Current.OnTimeRate:P2}, availability {sheet.Current.Availability:P2}, {sheet.Provinces.Count} provinces, {sheet.Warnings.Count} warnings"));
                var times = await TimeAsync(repeats, () => service.GetAsync(request, null, default));
                Report($"service {period} national", times);
            }

            var province = await TimeAsync(repeats, () => service.GetAsync(new SummaryRequest(SummaryPeriod.Days30, Province: "79"), null, default));
            Report("service Days30 province 79", province);

            await using var app = await StartDashboardAsync(influx.Url);
            using var client = new HttpClient { BaseAddress = app.Address, Timeout = TimeSpan.FromSeconds(60) };
            foreach (var url in new[] { "/summaries?period=30d", "/summaries/provinces/79?period=30d", "/api/summaries/provinces.csv?period=30d" })
            {
                // The Dashboard keeps figures for CacheFor: the first GET reads InfluxDB, the repeats render from the cache.
                var clock2 = Stopwatch.StartNew();
                var size = (await client.GetByteArrayAsync(new Uri(url, UriKind.Relative))).Length;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GET {url} ({size:N0} bytes) first (reads InfluxDB): {clock2.Elapsed.TotalMilliseconds:F0} ms"));
                var times = await TimeAsync(repeats, async () => (await client.GetByteArrayAsync(new Uri(url, UriKind.Relative))).Length);
                Report($"GET {url} repeated (figures cached)", times);
            }

            return 0;
        }
        finally
        {
            await influx.DisposeAsync();
        }
    }

    private static DateTimeOffset Hour(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero);

    private static async Task<List<double>> TimeAsync<T>(int repeats, Func<Task<T>> action)
    {
        var times = new List<double>(repeats);
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            await action();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        return times;
    }

    private static void Report(string what, List<double> times)
    {
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: median {times[times.Count / 2]:F0} ms, min {times[0]:F0} ms, max {times[^1]:F0} ms over {times.Count}"));
    }

    /// <summary>Writes the roll-ups hour by hour, two requests in flight; returns the number of lines.</summary>
    private static async Task<long> FillAsync(Uri influxUrl, Inventory inventory, DateTimeOffset end, int days)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        var client = new InfluxClient(http, new InfluxOptions { Url = influxUrl.ToString(), RetentionPolicy = "hourly", Gzip = false, Timeout = TimeSpan.FromMinutes(5) });
        var first = end.AddDays(-days).AddHours(-(SummaryReader.BoundaryLookback.TotalHours + 1));
        var hours = (int)(end - first).TotalHours;
        var groups = SystemGroups(inventory);
        long total = 0;
        var inFlight = new List<Task>(2);
        for (var h = 0; h < hours; h++)
        {
            var (body, count) = HourLines(inventory, groups, first.AddHours(h), h);
            total += count;
            inFlight.Add(client.WriteAsync(body, InfluxPrecision.Seconds));
            if (inFlight.Count == 2)
            {
                var done = await Task.WhenAny(inFlight);
                await done;
                inFlight.Remove(done);
            }
        }

        await Task.WhenAll(inFlight);
        return total;
    }

    private static List<(string Province, string Level, string System, int Targets)> SystemGroups(Inventory inventory)
    {
        var groups = new Dictionary<(string, string, string), int>();
        foreach (var t in inventory.Targets)
        {
            var key = (t.ProvinceCode ?? string.Empty, Level(t.Level), t.System);
            groups[key] = groups.GetValueOrDefault(key) + 1;
        }

        return groups.Select(g => (g.Key.Item1, g.Key.Item2, g.Key.Item3, g.Value)).ToList();
    }

    private static string Level(UnitLevel level) => level switch
    {
        UnitLevel.Central => "central",
        UnitLevel.Province => "province",
        _ => "commune",
    };

    private static (byte[] Body, int Lines) HourLines(Inventory inventory, List<(string Province, string Level, string System, int Targets)> groups, DateTimeOffset hour, int h)
    {
        var sb = new StringBuilder(8 * 1024 * 1024);
        var ts = " " + hour.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "\n";
        var lines = 0;
        foreach (var unit in inventory.Units)
        {
            var province = unit.ProvinceCode is { } p ? ",province=" + p : string.Empty;
            var seed = (uint)unit.Id.GetHashCode(StringComparison.Ordinal);
            sb.Append("summary_unit,level=").Append(Level(unit.Level)).Append(province).Append(",unit=").Append(unit.Id).Append(' ');
            if (unit.Level != UnitLevel.Central)
            {
                // A unit's procedures together: a steady flow, 80–98 % on time, a few overdue.
                var received = (double)(1 + (seed % 23)) * h;
                var onTime = Math.Floor(received * (0.80 + ((seed % 19) / 100.0)));
                var late = Math.Floor(received * 0.03);
                sb.Append("received=").Append(received).Append(",on_time=").Append(onTime).Append(",late=").Append(late)
                    .Append(",overdue=").Append((seed + (uint)h) % 9).Append(",in_progress=").Append(received - onTime - late).Append(',');
            }

            var scrapes = inventory.TargetsOf(unit.Id).Count * 240;
            sb.Append("docs_sent=").Append(((seed % 5) + 1) * 3 * h).Append(",docs_received=").Append(((seed % 3) + 2) * 3 * h)
                .Append(",up_sum=").Append(scrapes - (int)((seed + (uint)h) % 3)).Append("i,scrapes=").Append(scrapes).Append('i').Append(ts);
            lines++;
        }

        foreach (var (province, level, system, targets) in groups)
        {
            sb.Append("summary_availability,level=").Append(level).Append(province.Length > 0 ? ",province=" + province : string.Empty).Append(",system=").Append(system)
                .Append(" up_sum=").Append((targets * 240) - (h % 5)).Append("i,scrapes=").Append(targets * 240).Append('i').Append(ts);
            lines++;
        }

        return (Encoding.UTF8.GetBytes(sb.ToString()), lines);
    }

    private static async Task<RunningDashboard> StartDashboardAsync(Uri influx)
    {
        var app = DashboardApp.Build([
            "--urls", "http://127.0.0.1:0",
            "--inventory", RepoPaths.NationalInventory,
            "--ingest-key", "bench-ingest-key-0123456789",
            $"--Dashboard:Influx:Url={influx}",
            "--Dashboard:Influx:Timeout=00:01:00",
            "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new RunningDashboard(app, address);
    }

    private sealed class RunningDashboard(WebApplication app, Uri address) : IAsyncDisposable
    {
        public Uri Address { get; } = address;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
