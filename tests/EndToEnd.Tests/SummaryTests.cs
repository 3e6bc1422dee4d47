using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using Supervision.Testing;

namespace Supervision.EndToEnd.Tests;

/// <summary>
/// A real InfluxDB holding the summary data set (shifted to end at the last whole hour of the real clock,
/// the summary roll-ups chained by the setup's own continuous queries) and the Dashboard as a child process.
/// </summary>
public sealed class SummaryCenterFixture : IAsyncLifetime
{
    public InfluxServerFixture Influx { get; } = new();

    public ServiceProcess Dashboard { get; private set; } = null!;

    public Uri DashboardUrl { get; } = new($"http://127.0.0.1:{FreePort.Next()}/");

    public async Task InitializeAsync()
    {
        await Influx.InitializeAsync();
        var now = TimeProvider.System.GetUtcNow();
        var shift = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero) - SummaryDataSet.End;
        await SummaryDataSet.Build(shift).WriteAsync(Influx.Url);
        await ContinuousQueries.RunAsync(Influx.Client(), "cq_summary_", SummaryDataSet.PreviousStart.AddDays(-1) + shift, SummaryDataSet.End.AddHours(2) + shift);
        Dashboard = await StartDashboardAsync(DashboardUrl, RepoPaths.NationalInventory, Influx.Url);
    }

    /// <summary>A Dashboard at <paramref name="url"/> over <paramref name="inventory"/> and the InfluxDB at <paramref name="influx"/>, the demo users signing in; ready when it answers.</summary>
    internal static async Task<ServiceProcess> StartDashboardAsync(Uri url, string inventory, Uri influx)
    {
        var dashboard = ServiceProcess.StartDotnet("dashboard", ServiceProcess.BuiltAssembly("src/Dashboard", "Supervision.Dashboard"),
            ["--urls", url.ToString().TrimEnd('/'), "--inventory", inventory, "--ingest-key", CenterFixture.Key,
             $"--Dashboard:Influx:Url={influx}", "--users", DemoUsers.UsersFile, "--Dashboard:Security:AuditPath="]);
        await dashboard.WaitForHttpAsync(new Uri(url, "healthz"), TimeSpan.FromSeconds(60));
        return dashboard;
    }

    public async Task DisposeAsync()
    {
        if (Dashboard is not null)
        {
            await Dashboard.DisposeAsync();
        }

        await Influx.DisposeAsync();
    }
}

/// <summary>A leader opens the 7-day summary, exports its tables as CSV, and the figures match InfluxDB queried directly.</summary>
public sealed class SummaryTests(SummaryCenterFixture center, BrowserFixture browser) : IClassFixture<SummaryCenterFixture>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task a_leader_opens_the_7_day_summary_exports_csv_and_its_figures_match_influxdb()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true, ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        await DemoUsers.SignInAsync(page, center.DashboardUrl, DemoUsers.Leader, "/summaries?period=today");
        await page.GotoAsync(new Uri(center.DashboardUrl, "summaries?period=today").ToString());
        await page.ClickAsync("[data-testid=periods] a[data-period='7d']");
        await page.WaitForURLAsync("**/summaries?period=7d");
        await page.WaitForSelectorAsync("[data-testid=summary][data-period='7d'] [data-testid=provinces] tbody tr");
        Assert.Equal("79", await page.GetAttributeAsync("[data-testid=provinces] tbody tr:first-child", "data-code"));
        Assert.Equal(34, await page.Locator("[data-testid=provinces] tbody tr").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "summary-7d.png"), FullPage = false });

        Assert.Equal("/api/summaries/headline.csv?period=7d", await page.GetAttributeAsync("[data-testid=csv-headline]", "href"));
        // The window the CSVs cover, from the CSV itself (an hour may have turned since the page was drawn); the
        // headline is read on both sides of the provinces' table so both are known to cover the same window.
        List<string[]> provinces, headline;
        DateTimeOffset start, end;
        for (var attempt = 1; ; attempt++)
        {
            var before = await DownloadAsync(page, "[data-testid=csv-headline]");
            provinces = await DownloadAsync(page, "[data-testid=csv-provinces]");
            headline = await DownloadAsync(page, "[data-testid=csv-headline]");
            start = DateTimeOffset.Parse(Cell(headline, "tu", 1), CultureInfo.InvariantCulture);
            end = DateTimeOffset.Parse(Cell(headline, "den", 1), CultureInfo.InvariantCulture);
            if (Cell(before, "tu", 1) == Cell(headline, "tu", 1) || attempt == 2)
            {
                break;
            }
        }

        Assert.Equal(TimeSpan.FromDays(7), end - start);
        var expected = await FromInfluxAsync(start, end);

        var header = provinces[0];
        foreach (var province in new[] { "79", "01" })
        {
            var row = provinces.SingleOrDefault(r => r.Length > 1 && r[1] == province);
            Assert.True(row is not null, $"province {province} not in the provinces CSV; it began: {string.Join(" | ", provinces.Take(4).Select(r => string.Join(',', r)))}");
            Assert.Equal(expected[province].Received, Number(row[Array.IndexOf(header, "ho_so_tiep_nhan")]));
            Assert.Equal(expected[province].Resolved, Number(row[Array.IndexOf(header, "ho_so_giai_quyet")]));
            Assert.Equal(expected[province].OnTime, Number(row[Array.IndexOf(header, "giai_quyet_dung_han")]));
            Assert.Equal(expected[province].Overdue, Number(row[Array.IndexOf(header, "qua_han")]));
            Assert.Equal(Math.Round(100 * expected[province].OnTime / expected[province].Resolved, 2), Number(row[Array.IndexOf(header, "ty_le_dung_han_pct")]));
            Assert.Equal(Math.Round(100 * expected[province].Up / expected[province].Scrapes, 2), Number(row[Array.IndexOf(header, "kha_dung_pct")]));
        }

        Assert.Equal(expected.Values.Sum(e => e.Received), Number(Cell(headline, "ho_so_tiep_nhan", 1)));
        Assert.Equal(expected.Values.Sum(e => e.Overdue), Number(Cell(headline, "qua_han", 1)));
        await context.CloseAsync();
    }

    private static async Task<List<string[]>> DownloadAsync(IPage page, string selector)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync(selector));
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);

        // The test's own small RFC 4180 reader: the data set's names hold no commas or quotes.
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
    }

    private static string Cell(List<string[]> rows, string key, int column) => rows.Single(r => r[0] == key)[column];

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>
    /// Per province, straight from the collectors' per-unit parts (not the summary roll-ups made from them): increases
    /// as the spread of each counter between the hour closing at the start and the hour closing at the end; overdue at
    /// the end; availability summed over the window.
    /// </summary>
    private async Task<Dictionary<string, (double Received, double Resolved, double OnTime, double Overdue, double Up, double Scrapes)>> FromInfluxAsync(DateTimeOffset start, DateTimeOffset end)
    {
        static string T(DateTimeOffset t) => "'" + t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) + "'";
        var range = $"time >= {T(start.AddHours(-6))} AND time < {T(end)}";
        var result = await center.Influx.Client().QueryAsync(string.Join("; ",
            $"SELECT sum(d) AS v FROM (SELECT spread(received) AS d FROM \"raw\".\"summary_unit_part\" WHERE {range} GROUP BY unit, province) GROUP BY province",
            $"SELECT sum(a) AS on_time, sum(b) AS late FROM (SELECT spread(on_time) AS a, spread(late) AS b FROM \"raw\".\"summary_unit_part\" WHERE {range} GROUP BY unit, province) GROUP BY province",
            $"SELECT sum(o) AS v FROM (SELECT last(overdue) AS o FROM \"raw\".\"summary_unit_part\" WHERE time >= {T(end.AddHours(-6))} AND time < {T(end)} GROUP BY unit, province) GROUP BY province",
            $"SELECT sum(up_sum) AS up, sum(scrapes) AS n FROM \"hourly\".\"summary_unit\" WHERE time >= {T(start)} AND time < {T(end)} GROUP BY province"));
        var expected = new Dictionary<string, (double Received, double Resolved, double OnTime, double Overdue, double Up, double Scrapes)>(StringComparer.Ordinal);
        foreach (var s in result.Statements[0].Series)
        {
            var e = expected.GetValueOrDefault(s.Tag("province")!);
            expected[s.Tag("province")!] = e with { Received = s.Double(0, "v") ?? 0 };
        }

        foreach (var s in result.Statements[1].Series)
        {
            var (onTime, late) = (s.Double(0, "on_time") ?? 0, s.Double(0, "late") ?? 0);
            expected[s.Tag("province")!] = expected[s.Tag("province")!] with { Resolved = onTime + late, OnTime = onTime };
        }

        foreach (var s in result.Statements[2].Series)
        {
            expected[s.Tag("province")!] = expected[s.Tag("province")!] with { Overdue = s.Double(0, "v") ?? 0 };
        }

        foreach (var s in result.Statements[3].Series)
        {
            expected[s.Tag("province")!] = expected[s.Tag("province")!] with { Up = s.Double(0, "up") ?? 0, Scrapes = s.Double(0, "n") ?? 0 };
        }

        Assert.Equal(["01", "79"], expected.Keys.Order(StringComparer.Ordinal));
        return expected;
    }
}
