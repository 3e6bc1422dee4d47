using Microsoft.Playwright;

namespace Supervision.EndToEnd.Tests;

[CollectionDefinition("center")]
public sealed class CenterCollection : ICollectionFixture<CenterFixture>, ICollectionFixture<BrowserFixture>;

[Collection("center")]
public sealed class WallboardTests(CenterFixture center, BrowserFixture browser) : IAsyncLifetime
{
    // Removed when the test ends: the collection's next tests watch Cao Bằng's communes too.
    private readonly SimulatorFaults _faults = new(center.SimulatorUrl);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _faults.DisposeAsync();

    private static async Task WaitForAttributeAsync(IPage page, string selector, string attribute, string value, TimeSpan timeout)
    {
        await page.WaitForFunctionAsync(
            "([s, a, v]) => { const e = document.querySelector(s); return e && e.getAttribute(a) === v; }",
            new object[] { selector, attribute, value },
            new PageWaitForFunctionOptions { Timeout = (float)timeout.TotalMilliseconds, PollingInterval = 200 });
    }

    [Fact]
    public async Task the_wallboard_goes_live_a_province_down_fault_turns_its_tile_red_and_a_dead_collector_turns_provinces_stale()
    {
        var page = await browser.NewWallboardPageAsync();
        await DemoUsers.SignInAsync(page, center.DashboardUrl, DemoUsers.Viewer);
        await page.GotoAsync(center.DashboardUrl.ToString());
        await page.WaitForSelectorAsync("[data-testid=province-79]");
        Assert.Equal(34, await page.Locator("[data-testid^=province-]").CountAsync());
        await WaitForAttributeAsync(page, "[data-testid=live-indicator]", "data-state", "live", TimeSpan.FromSeconds(60));
        await WaitForAttributeAsync(page, "[data-testid=province-04]", "data-status", "Up", TimeSpan.FromSeconds(60));
        await BrowserFixture.ScreenshotAsync(page, "wallboard-1920x1080-live");

        // A down fault on Cao Bằng (the province and all of its communes).
        await _faults.ProvinceDownAsync("04");
        // How fast the tile turns is a benchmark's business (bench/RESULTS.md, "Dashboard"); here only that it does,
        // with room for a loaded machine.
        await WaitForAttributeAsync(page, "[data-testid=province-04]", "data-status", "Down", (CenterFixture.Interval * 4) + TimeSpan.FromSeconds(10));
        // Another province is untouched by the fault. Waited for rather than read once: on a loaded machine a single
        // scrape of one of its own systems may time out for one interval, which is right to show and not the point here.
        await WaitForAttributeAsync(page, "[data-testid=province-79]", "data-status", "Up", (CenterFixture.Interval * 3) + TimeSpan.FromSeconds(2));
        await BrowserFixture.ScreenshotAsync(page, "wallboard-1920x1080-province-down");

        // The collector dies: no fresh data, the provinces it watched turn stale (distinct from down).
        await center.Collector!.KillAsync();
        await WaitForAttributeAsync(page, "[data-testid=province-79]", "data-stale", "true", CenterFixture.StaleAfter + TimeSpan.FromSeconds(10));
        await WaitForAttributeAsync(page, "[data-testid=live-indicator]", "data-state", "stale", TimeSpan.FromSeconds(10));
        await BrowserFixture.ScreenshotAsync(page, "wallboard-1920x1080-stale");

        await center.StartCollectorAsync();
        await WaitForAttributeAsync(page, "[data-testid=province-79]", "data-stale", "false", TimeSpan.FromSeconds(60));
    }
}
