using Microsoft.Playwright;

namespace Supervision.EndToEnd.Tests;

/// <summary>
/// The citizens' page <c>/status</c> in Debian's Chromium, without signing in: an interruption reaches it in plain Vietnamese,
/// and at 1920×1080 and on a 390×844 phone nothing is drawn over anything else, cut, or wider than the screen (the page
/// scrolls down only). Screenshots of the whole page go to artifacts/screenshots.
/// </summary>
[Collection("center")]
public sealed class StatusPageTests(CenterFixture center, BrowserFixture browser) : IAsyncLifetime
{
    // Gia Lai: no test rule watches its portal, so the fault raises no alert that another test of this center would see.
    private const string Province = "52";

    // The page's boxes: wider than the screen, overlapping a sibling, or text cut inside its box.
    private const string LayoutProblems = """
        () => {
          const problems = [];
          if (document.documentElement.scrollWidth > innerWidth + 0.5) problems.push('page wider than the screen: ' + document.documentElement.scrollWidth);
          const sel = '.top > *, .incidents h2, .incident, .provinces h2, .province, .province h3, .service, .service .name, .service .state, dl > div, footer p';
          const boxes = [...document.querySelectorAll(sel)].map(e => ({ e, r: e.getBoundingClientRect() }));
          for (const { e, r } of boxes) {
            if (r.left < -0.5 || r.right > innerWidth + 0.5) problems.push('outside the screen: ' + e.className + ' ' + e.innerText.slice(0, 40));
          }
          for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i], b = boxes[j];
            if (a.e.contains(b.e) || b.e.contains(a.e)) continue;
            const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
            const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
            if (x > 0.5 && y > 0.5) problems.push('overlap: ' + a.e.className + ' "' + a.e.innerText.slice(0, 30) + '" / ' + b.e.className + ' "' + b.e.innerText.slice(0, 30) + '"');
          }
          for (const e of document.querySelectorAll('h1, h2, h3, .incident, .service .name, .service .state, dt, dd, .updated, .note, .summary')) {
            if (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1) problems.push('cut: ' + e.tagName + ' "' + e.innerText.slice(0, 40) + '"');
          }
          return problems;
        }
        """;

    private readonly SimulatorFaults _faults = new(center.SimulatorUrl);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _faults.DisposeAsync();

    [Theory]
    [InlineData(1920, 1080)]
    [InlineData(390, 844)]
    public async Task the_public_page_shows_an_interruption_in_plain_words_and_fits_the_screen(int width, int height)
    {
        await _faults.DownAsync(Province, "portal");
        var page = await browser.NewWallboardPageAsync(width, height);
        var sentence = "Cổng dịch vụ công tỉnh Gia Lai gián đoạn từ";
        var shown = false;
        for (var i = 0; i < 60 && !shown; i++)
        {
            // No sign-in: the page is for everyone.
            var response = await page.GotoAsync(new Uri(center.DashboardUrl, "/status").ToString());
            Assert.Equal(200, response!.Status);
            // The open interruption listed, and the portal's state (not stale: on a loaded machine a scrape may come late).
            shown = await page.Locator("[data-testid=incidents-open]").CountAsync() > 0
                && (await page.InnerTextAsync("[data-testid=incidents-open]")).Contains(sentence, StringComparison.Ordinal)
                && await page.InnerTextAsync($"[data-testid=province-{Province}] [data-service=portal] [data-testid=state]") == "Gián đoạn";
            if (!shown)
            {
                await Task.Delay(1000);
            }
        }

        Assert.True(shown, $"'{sentence}' and the portal's state 'Gián đoạn' did not reach /status within a minute");
        Assert.Equal(34, await page.Locator(".province").CountAsync());
        Assert.DoesNotContain("/t/" + Province, await page.ContentAsync(), StringComparison.Ordinal);

        var problems = await page.EvaluateAsync<string[]>(LayoutProblems);
        await BrowserFixture.ScreenshotAsync(page, $"status-{width}x{height}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"status-{width}x{height}-full.png"), FullPage = true });
        Assert.True(problems.Length == 0, string.Join("; ", problems));
    }
}
