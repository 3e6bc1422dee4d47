using Microsoft.Playwright;

namespace Supervision.EndToEnd.Tests;

[Collection("center")]
public sealed class KioskAndViewsTests(CenterFixture center, BrowserFixture browser)
{
    // Every element a test or an operator relies on (data-testid) lies inside the viewport: nothing to scroll to.
    private const string OutsideViewport = """
        () => Array.from(document.querySelectorAll('[data-testid]'))
            .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.bottom > innerHeight + 1 || r.right > innerWidth + 1); })
            .map(e => e.getAttribute('data-testid')).slice(0, 10)
        """;

    private async Task<IPage> OpenAsync(string path, int width = 1920, int height = 1080)
    {
        var page = await browser.NewWallboardPageAsync(width, height);
        if (!path.StartsWith("/kiosk", StringComparison.Ordinal))
        {
            // Every view but the kiosk needs a session (docs/security.md); a viewer may see them all.
            await DemoUsers.SignInAsync(page, center.DashboardUrl, DemoUsers.Viewer, path);
        }

        await page.GotoAsync(new Uri(center.DashboardUrl, path).ToString());
        return page;
    }

    [Fact]
    public async Task the_kiosk_rotates_through_the_boards_in_their_order_with_no_clicks()
    {
        var page = await OpenAsync($"/kiosk?board=national&token={CenterFixture.KioskToken}");
        await page.WaitForSelectorAsync("[data-testid=kiosk][data-board=national]");
        await page.WaitForSelectorAsync("[data-testid=national-map]");
        await BrowserFixture.ScreenshotAsync(page, "kiosk-national-1920x1080");

        var timeout = new PageWaitForSelectorOptions { Timeout = (float)(CenterFixture.KioskPeriod + TimeSpan.FromSeconds(5)).TotalMilliseconds };
        await page.WaitForSelectorAsync("[data-testid=kiosk][data-board=province-79]", timeout);
        Assert.Equal(168, await page.Locator("[data-testid=commune-grid] .cell").CountAsync());
        await BrowserFixture.ScreenshotAsync(page, "kiosk-province-79-1920x1080");
        await page.WaitForSelectorAsync("[data-testid=kiosk][data-board=alerts]", timeout);
        await page.WaitForSelectorAsync("[data-testid=kiosk][data-board=national]", timeout);
    }

    [Fact]
    public async Task a_wrong_kiosk_token_gets_the_401_page()
    {
        var page = await browser.NewWallboardPageAsync();
        var response = await page.GotoAsync(new Uri(center.DashboardUrl, "/kiosk?board=national&token=not-the-token-at-all").ToString());
        Assert.Equal(401, response!.Status);
        Assert.Equal("401", await page.GetAttributeAsync("[data-testid=kiosk-refused]", "data-status"));
    }

    [Theory]
    [InlineData("/", 1920, 1080)]
    [InlineData("/", 3840, 2160)]
    [InlineData("/provinces/79", 1920, 1080)]
    [InlineData("/provinces/79", 3840, 2160)]
    [InlineData($"/kiosk?board=province-79&token={CenterFixture.KioskToken}", 1920, 1080)]
    [InlineData($"/kiosk?board=national&token={CenterFixture.KioskToken}", 3840, 2160)]
    [InlineData("/units/26737", 1920, 1080)]
    public async Task views_fit_the_screen_without_scrolling(string path, int width, int height)
    {
        var page = await OpenAsync(path, width, height);
        await page.WaitForSelectorAsync("[data-testid=clock]");
        var outside = await page.EvaluateAsync<string[]>(OutsideViewport);
        Assert.True(outside.Length == 0, $"{path} at {width}×{height}: outside the screen: {string.Join(", ", outside)}");
        var name = path.Trim('/').Split('?')[0].Replace('/', '-');
        await BrowserFixture.ScreenshotAsync(page, $"{(name.Length == 0 ? "wallboard" : name)}-{width}x{height}");
    }

    [Fact]
    public async Task the_commune_view_lists_every_system_with_its_last_scrapes()
    {
        var page = await OpenAsync("/units/26737?lang=en");
        await page.WaitForSelectorAsync("[data-testid=unit-view]");
        Assert.Equal(4, await page.Locator("[data-testid=unit-systems] tbody tr").CountAsync());
        // The collector scrapes every 2 s and writes to InfluxDB; the page reads the last scrapes every 10 s.
        await page.WaitForSelectorAsync("[data-testid=scrapes-edoc] .scrape", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.Contains("System", await page.TextContentAsync("[data-testid=unit-systems] thead") ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task english_is_switchable_and_remembered_vietnamese_is_the_default()
    {
        var page = await OpenAsync("/");
        await page.WaitForSelectorAsync("[data-testid=lang-switch]");
        Assert.Equal("vi", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("English", await page.TextContentAsync("[data-testid=lang-switch]"));
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
        await page.ClickAsync("[data-testid=lang-switch]");
        await page.WaitForFunctionAsync("() => document.documentElement.lang === 'en'");
        await page.GotoAsync(center.DashboardUrl.ToString());
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Tiếng Việt", await page.TextContentAsync("[data-testid=lang-switch]"));
    }
}
