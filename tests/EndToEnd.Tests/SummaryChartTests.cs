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

        Dashboard = ServiceProcess.StartDotnet("dashboard", ServiceProcess.BuiltAssembly("src/Dashboard", "Supervision.Dashboard"),
            ["--urls", DashboardUrl.ToString().TrimEnd('/'), "--inventory", inventory, "--ingest-key", "e2e-ingest-key-0123456789",
             $"--Dashboard:Influx:Url={Influx.Url}", "--users", DemoUsers.UsersFile, "--Dashboard:Security:AuditPath="]);
        await Dashboard.WaitForHttpAsync(new Uri(DashboardUrl, "healthz"), TimeSpan.FromSeconds(60));
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
/// The leaders' charts in Debian's Chromium at 1920×1080 and 3840×2160 over seeded history: the simulated-data banner, four
/// charts drawn with both periods, sparklines in the league, and the browser's own boxes checked — no text of a chart on
/// another, nothing of a chart outside its card, no card wider than the page (nothing cut or scrolled sideways).
/// </summary>
public sealed class SummaryChartTests(SeededCenterFixture center, BrowserFixture browser) : IClassFixture<SeededCenterFixture>, IClassFixture<BrowserFixture>
{
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
            const texts = [...fig.querySelectorAll('text, .chart-legend li, figcaption span')];
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
          return { problems, charts: document.querySelectorAll('figure.chart[data-state=ok]').length, sparks: document.querySelectorAll('[data-testid=provinces] svg.tspark').length };
        }
        """;

    [Theory]
    [InlineData(1920, 1080)]
    [InlineData(3840, 2160)]
    public async Task the_national_summary_over_seeded_history_draws_four_charts_with_the_previous_period_and_nothing_overlaps(int width, int height)
    {
        var page = await NewPageAsync(width, height);
        await DemoUsers.SignInAsync(page, center.DashboardUrl, DemoUsers.Leader, "/summaries?period=30d");
        await page.GotoAsync(new Uri(center.DashboardUrl, "summaries?period=30d").ToString());
        await page.WaitForSelectorAsync("[data-testid=charts] figure.chart", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.Contains("Dữ liệu mô phỏng", await page.InnerTextAsync("[data-testid=simulated]"));

        var result = await page.EvaluateAsync<JsonElement>(ChartProblems);
        await BrowserFixture.ScreenshotAsync(page, $"summaries-{width}x{height}-charts");
        var problems = result.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToArray();
        Assert.True(problems.Length == 0, $"{width}×{height}: " + string.Join("; ", problems));
        Assert.Equal(4, result.GetProperty("charts").GetInt32());
        Assert.Equal(3, result.GetProperty("sparks").GetInt32());

        // The previous period is drawn, not only written: a dashed line on the availability chart, hollow bars beside the documents'.
        Assert.NotEmpty(await page.GetAttributeAsync("[data-testid=chart-availability] path.chart-prev", "d") ?? string.Empty);
        Assert.True(await page.Locator("[data-testid=chart-documents] rect.chart-bar").CountAsync() >= 3);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(1920, 1080)]
    [InlineData(3840, 2160)]
    public async Task a_province_summary_in_english_draws_its_charts_and_commune_sparklines_without_overlap(int width, int height)
    {
        var page = await NewPageAsync(width, height);
        await DemoUsers.SignInAsync(page, center.DashboardUrl, DemoUsers.Leader, "/summaries/provinces/79?period=7d&lang=en");
        await page.GotoAsync(new Uri(center.DashboardUrl, "summaries/provinces/79?period=7d&lang=en").ToString());
        await page.WaitForSelectorAsync("[data-testid=charts] figure.chart", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.Contains("Simulated data", await page.InnerTextAsync("[data-testid=simulated]"));
        Assert.Contains("System availability by day", await page.InnerTextAsync("[data-testid=chart-availability]"));

        var result = await page.EvaluateAsync<JsonElement>(ChartProblems);
        await BrowserFixture.ScreenshotAsync(page, $"summaries-province-{width}x{height}-charts-en");
        var problems = result.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToArray();
        Assert.True(problems.Length == 0, $"{width}×{height}: " + string.Join("; ", problems));
        Assert.Equal(4, result.GetProperty("charts").GetInt32());
        Assert.Equal(2, await page.Locator("[data-testid=communes] svg.tspark").CountAsync());
        await page.Context.CloseAsync();
    }

    private async Task<IPage> NewPageAsync(int width, int height)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        return await context.NewPageAsync();
    }
}
