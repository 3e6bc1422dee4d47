using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Calendar;
using Supervision.Core.Domain;
using Supervision.Core.Influx;
using Supervision.Core.InventoryFiles;
using Supervision.Dashboard;
using Supervision.Dashboard.Security;
using Supervision.Dashboard.Summaries;
using Supervision.Testing;

namespace Supervision.LoadHarness;

/// <summary>
/// summary-30d: fills a fresh influxd with N days of the summary roll-ups for the whole national fleet
/// (<c>summary_unit</c>: one point per unit and hour with its procedure, e-document and availability
/// sums; <c>summary_availability</c>: per province, level and system; the read-outs <c>summary_unit_edge</c>
/// and the day roll-ups cut at the end's hour; as the continuous queries of scripts/influxdb-setup.iql write them), then times the 30-day national summary: the service call
/// (cache off, so every call reads InfluxDB) by both read paths — the 1-hour roll-ups directly and the summary
/// read-outs (edge boundaries, day roll-ups), checked equal — and the page's server render (HTTP GET of the prerendered
/// /summaries?period=30d on a real Dashboard: the first GET reads InfluxDB, the repeats are served from its cache). Medians over the repeats.
/// </summary>
public static class SummaryHarness
{
    private const string BenchUser = "bench-leader";
    private const string BenchPassword = "bench-leader-password";

    /// <summary>Runs the harness; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var days = 30;
        var repeats = 7;
        DateTimeOffset? reuse = null;
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
                case "--reuse" when DateTimeOffset.TryParse(args[i + 1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var e) && e == Hour(e):
                    reuse = e.ToUniversalTime();
                    break;
                default:
                    Console.Error.WriteLine("usage: summary-30d [--days 30 (1..60)] [--repeats 7 (1..50)] [--reuse END-HOUR (data already written for that end, e.g. 2026-11-30T11:00Z, with SUPERVISION_TEST_INFLUX_URL)]");
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
            var end = reuse ?? Hour(TimeProvider.System.GetUtcNow());
            var clock = Stopwatch.StartNew();
            if (reuse is null)
            {
                var lines = await FillAsync(influx.Url, inventory, end, days);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {lines:N0} roll-up lines ({days} days + lookback, {inventory.Targets.Count:N0} targets) in {clock.Elapsed.TotalSeconds:F0} s, window end {end:O}"));
            }
            else
            {
                // A second run over the same server (an external one kept between runs): same data, same windows.
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reusing the roll-ups already written for the window end {end:O}"));
            }

            using var http = new HttpClient();
            var settle = TimeSpan.FromSeconds(90);
            // The services' clock stands at half past the end hour, so a run that crosses an hour reads the same windows.
            var now = new FakeTimeProvider(end.AddMinutes(30));
            SummaryService Service(SummarySource source, TimeSpan cacheFor) => new(inventory, RegionMap.Load(RepoPaths.Combine("config", "vn-regions.csv")),
                WorkingCalendar.Load(RepoPaths.Holidays), Options.Create(new SummaryOptions { CacheFor = cacheFor, Source = source }),
                new SummaryReader(() => new InfluxClient(http, new InfluxOptions { Url = influx.Url.ToString(), Gzip = false, Timeout = TimeSpan.FromSeconds(60) }), source),
                now, NullLogger<SummaryService>.Instance);
            // "hourly" reads the 1-hour roll-ups directly (the read path before the read-outs); "read-outs" is the default path. Both cache off: every call reads InfluxDB.
            var hourly = Service(SummarySource.Hourly, TimeSpan.Zero);
            var readouts = Service(SummarySource.Rollups, TimeSpan.Zero);
            var national30 = new SummaryRequest(SummaryPeriod.Days30);
            if (reuse is null)
            {
                Report("hourly, Days30 national, right after writing (uncompacted)", await TimeAsync(1, () => hourly.GetAsync(national30, null, default)));
                Report("read-outs, Days30 national, right after writing (uncompacted)", await TimeAsync(1, () => readouts.GetAsync(national30, null, default)));
                Console.WriteLine($"waiting {settle.TotalSeconds:F0} s for InfluxDB's full compaction of the cold shards");
                await Task.Delay(settle);
            }
            foreach (var request in new[] { national30, new SummaryRequest(SummaryPeriod.Days7), new SummaryRequest(SummaryPeriod.Today), new SummaryRequest(SummaryPeriod.Days30, Province: "79") })
            {
                var direct = await hourly.GetAsync(request, null, default);
                var sheet = await readouts.GetAsync(request, null, default);
                var (directJson, sheetJson) = (JsonSerializer.Serialize(direct), JsonSerializer.Serialize(sheet));
                var same = directJson == sheetJson;
                var what = $"{request.Period}{(request.Province is { } p ? " province " + p : " national")}";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{what}: received {sheet.Current.Received:N0}, resolved {sheet.Current.Resolved:N0}, on time {sheet.Current.OnTimeRate:P2}, availability {sheet.Current.Availability:P2}, {sheet.Provinces.Count} provinces, {sheet.Warnings.Count} warnings; read-outs {(same ? "equal" : "DIFFER from")} hourly"));
                if (!same)
                {
                    var at = 0;
                    while (at < Math.Min(directJson.Length, sheetJson.Length) && directJson[at] == sheetJson[at])
                    {
                        at++;
                    }

                    var from = Math.Max(0, at - 300);
                    Console.WriteLine($"hourly:    …{directJson[from..Math.Min(directJson.Length, at + 200)]}");
                    Console.WriteLine($"read-outs: …{sheetJson[from..Math.Min(sheetJson.Length, at + 200)]}");
                    return 1;
                }

                // Interleaved, so the other engineers' load falls on both paths alike.
                var (before, after) = (new List<double>(repeats), new List<double>(repeats));
                for (var i = 0; i < repeats; i++)
                {
                    before.AddRange(await TimeAsync(1, () => hourly.GetAsync(request, null, default)));
                    after.AddRange(await TimeAsync(1, () => readouts.GetAsync(request, null, default)));
                }

                Report($"hourly, {what} (cold)", before);
                Report($"read-outs, {what} (cold)", after);
            }

            var cached = Service(SummarySource.Rollups, TimeSpan.FromMinutes(10));
            Report("read-outs with the cache, Days30 national, first (cold)", await TimeAsync(1, () => cached.GetAsync(national30, null, default)));
            Report("read-outs with the cache, Days30 national, repeated (warm)", await TimeAsync(repeats, () => cached.GetAsync(national30, null, default)));

            if (reuse is not null)
            {
                // The Dashboard runs on the real clock: its windows would end after the data written earlier.
                Console.WriteLine("pages not timed with --reuse");
                return 0;
            }

            await using var app = await StartDashboardAsync(influx.Url);
            using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = app.Address, Timeout = TimeSpan.FromSeconds(60) };
            await HarnessSignIn.SignInAsync(client, BenchUser, BenchPassword);
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

    /// <summary>
    /// Writes the roll-ups hour by hour, two requests in flight, then the day roll-ups cut at the end's hour and
    /// the next (the page part runs on the real clock and may cross an hour); returns the number of lines.
    /// </summary>
    private static async Task<long> FillAsync(Uri influxUrl, Inventory inventory, DateTimeOffset end, int days)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        var hourly = new InfluxClient(http, new InfluxOptions { Url = influxUrl.ToString(), RetentionPolicy = "hourly", Gzip = false, Timeout = TimeSpan.FromMinutes(5) });
        var first = end.AddDays(-days).AddHours(-(SummaryStatements.BoundaryLookback.TotalHours + 1));
        var fleet = new Fleet(inventory, first, (int)(end - first).TotalHours);
        long total = 0;
        var inFlight = new List<Task>(2);
        for (var h = 0; h < fleet.Hours; h++)
        {
            var (body, count) = HourLines(fleet, h);
            total += count;
            await SendAsync(hourly, body, inFlight);
        }

        var daily = new InfluxClient(http, new InfluxOptions { Url = influxUrl.ToString(), RetentionPolicy = "daily", Gzip = false, Timeout = TimeSpan.FromMinutes(5) });
        foreach (var cut in new[] { end, end.AddHours(1) })
        {
            // Days [d, d + 1 day) with d at the cut's hour, from the first that holds data to the last that starts before the end.
            for (var day = first.AddHours(((cut.Hour - first.Hour) % 24 + 24) % 24 - 24); day < end; day = day.AddDays(1))
            {
                var (body, count) = DayLines(fleet, cut, day);
                total += count;
                await SendAsync(daily, body, inFlight);
            }
        }

        await Task.WhenAll(inFlight);
        return total;
    }

    private static async Task SendAsync(InfluxClient client, byte[] body, List<Task> inFlight)
    {
        inFlight.Add(client.WriteAsync(body, InfluxPrecision.Seconds));
        if (inFlight.Count == 2)
        {
            var done = await Task.WhenAny(inFlight);
            await done;
            inFlight.Remove(done);
        }
    }

    private static string Level(UnitLevel level) => level switch
    {
        UnitLevel.Central => "central",
        UnitLevel.Province => "province",
        _ => "commune",
    };

    /// <summary>One hour: every unit's <c>summary_unit</c> point, its edge read-out (last counters of the 6 hours from this one) and the system points.</summary>
    private static (byte[] Body, int Lines) HourLines(Fleet fleet, int h)
    {
        var sb = new StringBuilder(8 * 1024 * 1024);
        var ts = " " + fleet.First.AddHours(h).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "\n";
        var lines = 0;
        var edgeHour = Math.Min(h + (int)SummaryStatements.BoundaryLookback.TotalHours - 1, fleet.Hours - 1);
        foreach (var unit in fleet.Inventory.Units)
        {
            var values = fleet.Unit(unit, h);
            fleet.Key(sb, "summary_unit", unit).Append(' ');
            Counters(sb, values).Append(",up_sum=").Append(values.UpSum).Append("i,scrapes=").Append(values.Scrapes).Append('i').Append(ts);
            fleet.Key(sb, "summary_unit_edge", unit).Append(' ');
            Counters(sb, fleet.Unit(unit, edgeHour)).Append(ts);
            lines += 2;
        }

        foreach (var group in fleet.Groups)
        {
            var (up, scrapes) = fleet.System(group, h);
            fleet.Key(sb, "summary_availability", group).Append(" up_sum=").Append(up).Append("i,scrapes=").Append(scrapes).Append('i').Append(ts);
            lines++;
        }

        return (Encoding.UTF8.GetBytes(sb.ToString()), lines);
    }

    /// <summary>One day of the day roll-ups cut at <paramref name="cut"/>'s hour: the hourly availability sums of the hours inside the data.</summary>
    private static (byte[] Body, int Lines) DayLines(Fleet fleet, DateTimeOffset cut, DateTimeOffset day)
    {
        var sb = new StringBuilder(1024 * 1024);
        var ts = " " + day.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "\n";
        var from = Math.Max(0, (int)(day - fleet.First).TotalHours);
        var to = Math.Min(fleet.Hours, (int)(day.AddDays(1) - fleet.First).TotalHours);
        var lines = 0;
        foreach (var unit in fleet.Inventory.Units)
        {
            long up = 0, scrapes = 0;
            for (var h = from; h < to; h++)
            {
                var values = fleet.Unit(unit, h);
                up += values.UpSum;
                scrapes += values.Scrapes;
            }

            fleet.Key(sb, SummaryStatements.DayRollup("summary_unit", cut), unit).Append(" up_sum=").Append(up).Append("i,scrapes=").Append(scrapes).Append('i').Append(ts);
            lines++;
        }

        foreach (var group in fleet.Groups)
        {
            long up = 0, scrapes = 0;
            for (var h = from; h < to; h++)
            {
                var (u, n) = fleet.System(group, h);
                up += u;
                scrapes += n;
            }

            fleet.Key(sb, SummaryStatements.DayRollup("summary_availability", cut), group).Append(" up_sum=").Append(up).Append("i,scrapes=").Append(scrapes).Append('i').Append(ts);
            lines++;
        }

        return (Encoding.UTF8.GetBytes(sb.ToString()), lines);
    }

    private static StringBuilder Counters(StringBuilder sb, UnitHour v)
    {
        if (v.HasDossier)
        {
            sb.Append("received=").Append(v.Received).Append(",on_time=").Append(v.OnTime).Append(",late=").Append(v.Late)
                .Append(",overdue=").Append(v.Overdue).Append(",in_progress=").Append(v.InProgress).Append(',');
        }

        return sb.Append("docs_sent=").Append(v.DocsSent).Append(",docs_received=").Append(v.DocsReceived);
    }

    /// <summary>A unit's roll-up values in one hour.</summary>
    private readonly record struct UnitHour(bool HasDossier, double Received, double OnTime, double Late, long Overdue, double InProgress, long DocsSent, long DocsReceived, long UpSum, long Scrapes);

    /// <summary>The synthetic national fleet: every unit's and system group's values as a function of the hour, so every roll-up agrees.</summary>
    private sealed class Fleet
    {
        private readonly Dictionary<string, int> _targets = new(StringComparer.Ordinal);

        public Fleet(Inventory inventory, DateTimeOffset first, int hours)
        {
            Inventory = inventory;
            First = first;
            Hours = hours;
            var groups = new Dictionary<(string, string, string), int>();
            foreach (var t in inventory.Targets)
            {
                var key = (t.ProvinceCode ?? string.Empty, Level(t.Level), t.System);
                groups[key] = groups.GetValueOrDefault(key) + 1;
            }

            Groups = groups.Select(g => (g.Key.Item1, g.Key.Item2, g.Key.Item3, g.Value)).ToList();
            foreach (var unit in inventory.Units)
            {
                _targets[unit.Id] = inventory.TargetsOf(unit.Id).Count;
            }
        }

        public Inventory Inventory { get; }

        public DateTimeOffset First { get; }

        public int Hours { get; }

        public List<(string Province, string Level, string System, int Targets)> Groups { get; }

        public UnitHour Unit(AdministrativeUnit unit, int h)
        {
            var seed = (uint)unit.Id.GetHashCode(StringComparison.Ordinal);
            var scrapes = _targets[unit.Id] * 240;
            var up = scrapes - (int)((seed + (uint)h) % 3);
            var sent = ((seed % 5) + 1) * 3 * h;
            var docsReceived = ((seed % 3) + 2) * 3 * h;
            if (unit.Level == UnitLevel.Central)
            {
                return new UnitHour(false, 0, 0, 0, 0, 0, sent, docsReceived, up, scrapes);
            }

            // A unit's procedures together: a steady flow, 80–98 % on time, a few overdue.
            var received = (double)(1 + (seed % 23)) * h;
            var onTime = Math.Floor(received * (0.80 + ((seed % 19) / 100.0)));
            var late = Math.Floor(received * 0.03);
            return new UnitHour(true, received, onTime, late, (seed + (uint)h) % 9, received - onTime - late, sent, docsReceived, up, scrapes);
        }

        public (long Up, long Scrapes) System((string Province, string Level, string System, int Targets) group, int h) =>
            ((group.Targets * 240) - (h % 5), group.Targets * 240);

        public StringBuilder Key(StringBuilder sb, string measurement, AdministrativeUnit unit) =>
            sb.Append(measurement).Append(",level=").Append(Level(unit.Level)).Append(unit.ProvinceCode is { } p ? ",province=" + p : string.Empty).Append(",unit=").Append(unit.Id);

        public StringBuilder Key(StringBuilder sb, string measurement, (string Province, string Level, string System, int Targets) group) =>
            sb.Append(measurement).Append(",level=").Append(group.Level).Append(group.Province.Length > 0 ? ",province=" + group.Province : string.Empty).Append(",system=").Append(group.System);
    }

    private static async Task<RunningDashboard> StartDashboardAsync(Uri influx)
    {
        var app = DashboardApp.Build([
            "--urls", "http://127.0.0.1:0",
            "--inventory", RepoPaths.NationalInventory,
            "--ingest-key", "bench-ingest-key-0123456789",
            $"--Dashboard:Influx:Url={influx}",
            "--Dashboard:Influx:Timeout=00:01:00",
            "--Logging:LogLevel:Default=Warning",
            $"--Dashboard:Security:Users:0:Name={BenchUser}",
            $"--Dashboard:Security:Users:0:PasswordHash={PasswordHashing.Hash(BenchPassword, PasswordHashing.MinimumIterations)}",
            $"--Dashboard:Security:Users:0:Roles:0={Roles.Leader}",
            "--Dashboard:Security:AuditPath="]);
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
