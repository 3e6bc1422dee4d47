using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Supervision.Testing;

namespace Supervision.EndToEnd.Tests;

/// <summary>
/// A real InfluxDB seeded by <c>Supervision.Simulator seed-history</c> (30 days of a small fleet of three provinces, through
/// the summary roll-ups) and the Dashboard as a child process on that fleet's inventory.
/// </summary>
public sealed class SeededCenterFixture : IAsyncLifetime
{
    private const string Inventory = """
        version: 1
        defaults:
          baseUrl: "http://127.0.0.1:9100/t/{unit}/{system}"
          interval: 15s
          timeout: 10s
        units:
          - { id: "01", name: "Hà Nội", nameAscii: "Ha Noi", level: province, kind: city, region: red-river-delta }
          - { id: "48", name: "Đà Nẵng", nameAscii: "Da Nang", level: province, kind: city, region: south-central-coast }
          - { id: "79", name: "Hồ Chí Minh", nameAscii: "Ho Chi Minh", level: province, kind: city, region: southeast }
          - { id: "00004", name: "Phường Ba Đình", nameAscii: "Phuong Ba Dinh", level: commune, province: "01", kind: ward, region: red-river-delta }
          - { id: "00008", name: "Phường Ngọc Hà", nameAscii: "Phuong Ngoc Ha", level: commune, province: "01", kind: ward, region: red-river-delta }
          - { id: "20194", name: "Phường Hải Vân", nameAscii: "Phuong Hai Van", level: commune, province: "48", kind: ward, region: south-central-coast }
          - { id: "26737", name: "Phường Tân Định", nameAscii: "Phuong Tan Dinh", level: commune, province: "79", kind: ward, region: southeast }
          - { id: "25747", name: "Phường Thủ Dầu Một", nameAscii: "Phuong Thu Dau Mot", level: commune, province: "79", kind: ward, region: southeast }
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "seeded-center-" + Guid.NewGuid().ToString("N"));

    public InfluxServerFixture Influx { get; } = new();

    public ServiceProcess Dashboard { get; private set; } = null!;

    public Uri DashboardUrl { get; } = new($"http://127.0.0.1:{FreePort.Next()}/");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        var inventory = Path.Combine(_dir, "inventory.yaml");
        await File.WriteAllTextAsync(inventory, Inventory);
        await Influx.InitializeAsync();
        await using (var seed = ServiceProcess.StartDotnet("seed-history", ServiceProcess.BuiltAssembly("src/Simulator", "Supervision.Simulator"),
            ["seed-history", "--influx-url", Influx.Url.ToString(), "--inventory", inventory, "--holidays", RepoPaths.Holidays]))
        {
            var exit = await seed.RunToEndAsync(string.Empty, TimeSpan.FromMinutes(10));
            if (exit != 0)
            {
                throw new InvalidOperationException("seed-history failed: " + seed.Output);
            }
        }

        Dashboard = await SummaryCenterFixture.StartDashboardAsync(DashboardUrl, inventory, Influx.Url);
    }

    public async Task DisposeAsync()
    {
        if (Dashboard is not null)
        {
            await Dashboard.DisposeAsync();
        }

        await Influx.DisposeAsync();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}

/// <summary>
/// The leaders' charts in Debian's Chromium at 1920×1080 and 3840×2160 over seeded history: the simulated-data banner, the
/// four trends and the provinces' ranking drawn, sparklines in the league, and the browser's own boxes checked — no text of
/// a chart on another, nothing of a chart outside its card, no card wider than the page (nothing cut or scrolled sideways).
/// The values drawn are checked against what seed-history wrote: the collectors' hourly parts read back from influxd here,
/// not through the Dashboard's roll-ups and statements.
/// </summary>
public sealed class SummaryChartTests(SeededCenterFixture center, BrowserFixture browser) : IClassFixture<SeededCenterFixture>, IClassFixture<BrowserFixture>
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    private const string ChartProblems = """
        () => {
          const problems = [];
          const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
          const inside = (r, box) => r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
          const page = document.documentElement;
          if (page.scrollWidth > innerWidth + 1) problems.push('the page scrolls sideways: ' + page.scrollWidth + ' > ' + innerWidth);
          for (const fig of document.querySelectorAll('figure.chart')) {
            const key = fig.dataset.testid;
            const box = fig.getBoundingClientRect();
            const texts = [...fig.querySelectorAll('text, .chart-legend li, figcaption span, .chart-unranked')];
            for (const t of texts) if (!inside(t.getBoundingClientRect(), box)) problems.push(key + ': cut: ' + t.textContent.trim());
            const svgTexts = [...fig.querySelectorAll('svg.chart-plot text')];
            for (let i = 0; i < svgTexts.length; i++) for (let j = i + 1; j < svgTexts.length; j++)
              if (overlap(svgTexts[i].getBoundingClientRect(), svgTexts[j].getBoundingClientRect())) problems.push(key + ': overlap: ' + svgTexts[i].textContent + ' / ' + svgTexts[j].textContent);
            const legend = [...fig.querySelectorAll('.chart-legend li')];
            for (let i = 0; i < legend.length; i++) for (let j = i + 1; j < legend.length; j++)
              if (overlap(legend[i].getBoundingClientRect(), legend[j].getBoundingClientRect())) problems.push(key + ': legend overlap');
            const plot = fig.querySelector('svg.chart-plot');
            if (plot) {
              const p = plot.getBoundingClientRect();
              for (const m of plot.querySelectorAll('.chart-bar, .chart-bar-prev, circle')) if (!inside(m.getBoundingClientRect(), p)) problems.push(key + ': mark outside the plot');
              const px = parseFloat(getComputedStyle(plot.querySelector('text')).fontSize) * plot.getScreenCTM().a;
              if (px < 11) problems.push(key + ': axis text ' + px.toFixed(1) + ' px');
            }
          }
          const cards = [...document.querySelectorAll('figure.chart')].map(f => f.getBoundingClientRect());
          for (let i = 0; i < cards.length; i++) for (let j = i + 1; j < cards.length; j++) if (overlap(cards[i], cards[j])) problems.push('charts overlap');
          return { problems, charts: document.querySelectorAll('figure.chart[data-state=ok]').length };
        }
        """;

    [Theory]
    [InlineData(1920, 1080)]
    [InlineData(3840, 2160)]
    public async Task the_national_summary_over_seeded_history_draws_what_influxdb_holds_with_the_league_ranked_and_nothing_overlaps(int width, int height)
    {
        var page = await OpenAsync(width, height, "/summaries?period=7d");
        Assert.Contains("Dữ liệu mô phỏng", await page.InnerTextAsync("[data-testid=simulated]"));

        var result = await page.EvaluateAsync<JsonElement>(ChartProblems);
        await BrowserFixture.ScreenshotAsync(page, $"summaries-{width}x{height}-charts");
        // The page scrolls inside its layout, so the charts below the fold are taken one section at a time.
        await SectionScreenshotAsync(page, "[data-testid=charts]", $"summaries-{width}x{height}-charts-section.png");
        await SectionScreenshotAsync(page, "[data-testid=charts-league]", $"summaries-{width}x{height}-charts-league.png");
        var problems = result.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToArray();
        Assert.True(problems.Length == 0, $"{width}×{height}: " + string.Join("; ", problems));
        // The four trends and the ranking, none of them "no data" or "unavailable".
        Assert.Equal(5, result.GetProperty("charts").GetInt32());
        Assert.Equal(3, await page.Locator("[data-testid=provinces] [data-col=spark-ontime] svg.tspark").CountAsync());
        Assert.Equal(3, await page.Locator("[data-testid=provinces] [data-col=spark-availability] svg.tspark").CountAsync());

        // The charts end at the last whole hour; seed-history wrote 30 days up to about then.
        var end = DateTimeOffset.FromUnixTimeSeconds(long.Parse(await page.GetAttributeAsync("[data-testid=charts]", "data-end") ?? "0", CultureInfo.InvariantCulture));
        var (atEnd, weekBefore) = (await CountersAsync(end), await CountersAsync(end.AddDays(-7)));

        // Documents exchanged in the latest week: every unit's sent plus received at the end less a week before.
        var documents = atEnd.Keys.Sum(u => atEnd[u].Sent + atEnd[u].Received - weekBefore[u].Sent - weekBefore[u].Received);
        Assert.True(documents > 0);
        Assert.Equal(Count(documents), await LastValueAsync(page, "[data-testid=chart-documents] rect.chart-bar"));

        // On time in the latest week, and the availability of the last day (scrapes up of all scrapes).
        var onTime = atEnd.Keys.Sum(u => atEnd[u].OnTime - weekBefore[u].OnTime);
        var resolved = onTime + atEnd.Keys.Sum(u => atEnd[u].Late - weekBefore[u].Late);
        Assert.Equal(Percent(onTime / resolved), await LastValueAsync(page, "[data-testid=chart-ontime] circle.chart-dot"));
        Assert.Equal(Percent(await AvailabilityAsync(end.AddDays(-1), end)), await LastValueAsync(page, "[data-testid=chart-availability] circle.chart-dot"));
        // 30 days, each with scrapes: one unbroken line of 30 points, no gap band.
        var line = await page.GetAttributeAsync("[data-testid=chart-availability] path.chart-cur", "d") ?? string.Empty;
        Assert.Equal(30, line.Split('L').Length);
        Assert.DoesNotContain("M", line[1..], StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("[data-testid=chart-availability] rect.chart-gap").CountAsync());

        // The ranking: the provinces by their on-time rate over the 7 days, worked out from the parts, best first.
        var summary = page.Locator("[data-testid=summary]");
        var (start, stop) = (Instant(await summary.GetAttributeAsync("data-start")), Instant(await summary.GetAttributeAsync("data-end")));
        var (first, last) = (await CountersAsync(start), await CountersAsync(stop));
        var expected = first.GroupBy(u => u.Value.Province).Select(g =>
        {
            var ot = g.Sum(u => last[u.Key].OnTime - u.Value.OnTime);
            return (Province: g.Key, Rate: ot / (ot + g.Sum(u => last[u.Key].Late - u.Value.Late)));
        }).OrderByDescending(p => p.Rate).ToArray();
        Dictionary<string, string> names = new() { ["01"] = "Hà Nội", ["48"] = "Đà Nẵng", ["79"] = "Hồ Chí Minh" };
        Assert.Equal(expected.Select((p, i) => $"{i + 1}. {names[p.Province]}"), await page.Locator("[data-testid=chart-ranking] g.chart-rank").EvaluateAllAsync<string[]>("gs => gs.map(g => g.dataset.name)"));
        Assert.Equal(expected.Select(p => Percent(p.Rate)), await page.Locator("[data-testid=chart-ranking] text.chart-rank-value").AllTextContentsAsync());
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(1920, 1080)]
    [InlineData(3840, 2160)]
    public async Task a_province_summary_in_english_draws_its_own_figures_and_commune_sparklines_without_overlap(int width, int height)
    {
        var page = await OpenAsync(width, height, "/summaries/provinces/79?period=7d&lang=en");
        Assert.Contains("Simulated data", await page.InnerTextAsync("[data-testid=simulated]"));
        Assert.Contains("System availability by day", await page.InnerTextAsync("[data-testid=chart-availability]"));

        var result = await page.EvaluateAsync<JsonElement>(ChartProblems);
        await BrowserFixture.ScreenshotAsync(page, $"summaries-province-{width}x{height}-charts-en");
        await SectionScreenshotAsync(page, "[data-testid=charts]", $"summaries-province-{width}x{height}-charts-en-section.png");
        var problems = result.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToArray();
        Assert.True(problems.Length == 0, $"{width}×{height}: " + string.Join("; ", problems));
        Assert.Equal(4, result.GetProperty("charts").GetInt32());
        Assert.Equal(2, await page.Locator("[data-testid=communes] svg.tspark").CountAsync());

        // Hồ Chí Minh's own documents in the latest week (its province unit and its two communes), in English numbers.
        var end = DateTimeOffset.FromUnixTimeSeconds(long.Parse(await page.GetAttributeAsync("[data-testid=charts]", "data-end") ?? "0", CultureInfo.InvariantCulture));
        var (atEnd, weekBefore) = (await CountersAsync(end), await CountersAsync(end.AddDays(-7)));
        var documents = atEnd.Where(u => u.Value.Province == "79").Sum(u => u.Value.Sent + u.Value.Received - weekBefore[u.Key].Sent - weekBefore[u.Key].Received);
        Assert.Equal(Math.Round(documents).ToString("#,0", CultureInfo.GetCultureInfo("en-GB")), await LastValueAsync(page, "[data-testid=chart-documents] rect.chart-bar"));
        await page.Context.CloseAsync();
    }

    // A section's picture (an artifact to look at, not an assertion). The interactive render can replace the prerendered
    // section while Playwright waits for it to be stable ("Element is not attached to the DOM", full run of 2026-12-08):
    // the locator finds the new one on the next try.
    private static async Task SectionScreenshotAsync(IPage page, string selector, string file)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await page.Locator(selector).ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, file) });
                return;
            }
            catch (PlaywrightException ex) when (attempt < 3 && ex.Message.Contains("not attached", StringComparison.Ordinal))
            {
                await Task.Delay(500);
            }
        }
    }

    /// <summary>A leader's page at <paramref name="path"/> in a browser of that size, once its charts are there.</summary>
    private async Task<IPage> OpenAsync(int width, int height, string path)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await DemoUsers.SignInAsync(page, center.DashboardUrl, DemoUsers.Leader, path);
        await page.GotoAsync(new Uri(center.DashboardUrl, path.TrimStart('/')).ToString());
        await page.WaitForSelectorAsync("[data-testid=charts] figure.chart", new PageWaitForSelectorOptions { Timeout = 30_000 });
        return page;
    }

    /// <summary>
    /// Each unit's counters at <paramref name="at"/> from the seeded parts themselves: the last value of the hours before it
    /// (seed-history writes one part per unit and hour, collector seed-history).
    /// </summary>
    private async Task<Dictionary<string, (string Province, double OnTime, double Late, double Sent, double Received)>> CountersAsync(DateTimeOffset at)
    {
        var result = await center.Influx.Client().QueryAsync(
            "SELECT last(on_time) AS o, last(late) AS l, last(docs_sent) AS s, last(docs_received) AS r FROM \"raw\".\"summary_unit_part\" " +
            $"WHERE time >= {Epoch(at.AddHours(-6))} AND time < {Epoch(at)} GROUP BY unit, province");
        return result.Statements[0].Series.ToDictionary(s => s.Tag("unit")!,
            s => (s.Tag("province")!, s.Double(0, "o") ?? 0, s.Double(0, "l") ?? 0, s.Double(0, "s") ?? 0, s.Double(0, "r") ?? 0));
    }

    /// <summary>Scrapes up of all scrapes of every system in [from, to), from the seeded parts.</summary>
    private async Task<double> AvailabilityAsync(DateTimeOffset from, DateTimeOffset to)
    {
        var result = await center.Influx.Client().QueryAsync(
            $"SELECT sum(up_sum) AS up, sum(scrapes) AS n FROM \"raw\".\"summary_availability_part\" WHERE time >= {Epoch(from)} AND time < {Epoch(to)}");
        var s = result.Statements[0].Series[0];
        return s.Double(0, "up")!.Value / s.Double(0, "n")!.Value;
    }

    /// <summary>The value in the tooltip of the last mark that <paramref name="selector"/> finds ("4 tuần qua, 01/12–07/12: 17.820" → "17.820").</summary>
    private static async Task<string> LastValueAsync(IPage page, string selector) =>
        (await page.Locator(selector).Last.Locator("title").TextContentAsync() ?? string.Empty).Split(": ")[^1];

    private static string Epoch(DateTimeOffset t) => t.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "s";

    private static DateTimeOffset Instant(string? unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(long.Parse(unixSeconds ?? "0", CultureInfo.InvariantCulture));

    private static string Count(double value) => Math.Round(value).ToString("#,0", Vietnamese);

    private static string Percent(double share) => (share * 100).ToString("0.0", Vietnamese) + " %";
}
