using System.Text.Json;
using Microsoft.Playwright;

namespace Supervision.EndToEnd.Tests;

/// <summary>
/// The wall's map of Vietnam in Debian's Chromium at 1920×1080 and 3840×2160: every province drawn and labelled, names
/// large enough to read across the room, no label on another, none wider than its plate, nothing over the side panel
/// or off the screen (the browser's boxes are compared), and a click on a label opens the province.
/// </summary>
[Collection("center")]
public sealed class MapTests(CenterFixture center, BrowserFixture browser)
{
    private const string MapProblems = """
        () => {
          const problems = [];
          const side = document.querySelector('.side').getBoundingClientRect();
          const inside = (r, box, slack) => r.left >= box.left - slack && r.right <= box.right + slack && r.top >= box.top - slack && r.bottom <= box.bottom + slack;
          const texts = [...document.querySelectorAll('.vnmap text')];
          for (const t of texts) {
            const r = t.getBoundingClientRect();
            if (r.left < -0.5 || r.top < -0.5 || r.bottom > innerHeight + 0.5) problems.push('off the screen: ' + t.textContent.trim());
            if (r.right > side.left + 0.5) problems.push('over the side panel: ' + t.textContent.trim());
          }
          const plates = [...document.querySelectorAll('.vnmap .plabel')].map(g => ({ g, r: g.querySelector('rect').getBoundingClientRect() }));
          for (const { g, r } of plates) {
            for (const t of g.querySelectorAll('text')) {
              if (!inside(t.getBoundingClientRect(), r, 1)) problems.push('wider than its plate: ' + t.textContent.trim());
            }
          }
          const boxes = plates.map(p => ({ name: p.g.dataset.testid, r: p.r }))
            .concat([...document.querySelectorAll('.vnmap .arch-name, .vnmap .attribution')].map(e => ({ name: e.textContent, r: e.getBoundingClientRect() })));
          for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i].r, b = boxes[j].r;
            const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (x > 0.5 && y > 0.5) problems.push('overlap: ' + boxes[i].name + ' / ' + boxes[j].name);
          }
          const px = parseFloat(getComputedStyle(document.querySelector('.vnmap .pname')).fontSize);
          const scale = document.querySelector('.vnmap').getScreenCTM().a;
          return { problems, namePx: px * scale, provinces: document.querySelectorAll('.vnmap .prov path').length, islands: document.querySelectorAll('.vnmap .island').length };
        }
        """;

    [Theory]
    [InlineData(1920, 1080)]
    [InlineData(3840, 2160)]
    public async Task the_map_shows_every_province_and_both_archipelagos_legibly_with_nothing_overlapping(int width, int height)
    {
        var page = await browser.NewWallboardPageAsync(width, height);
        var errors = new List<string>();
        page.Console += (_, m) =>
        {
            // Script errors only: a missing favicon is not the map's business.
            if (m.Type == "error" && !m.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                lock (errors)
                {
                    errors.Add(m.Text);
                }
            }
        };
        await DemoUsers.SignInAsync(page, center.DashboardUrl, DemoUsers.Viewer);
        await page.WaitForSelectorAsync("[data-testid=label-79]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await page.WaitForSelectorAsync("text=Quần đảo Hoàng Sa (Đà Nẵng)");
        await page.WaitForSelectorAsync("text=Quần đảo Trường Sa (Khánh Hòa)");

        // The wall stays live with the map on it: the clock moves on (a broken render would stop the circuit).
        var clock = await page.InnerTextAsync("[data-testid=clock]");
        await page.WaitForFunctionAsync("c => document.querySelector('[data-testid=clock]').innerText !== c", clock, new PageWaitForFunctionOptions { Timeout = 15_000 });

        var result = await page.EvaluateAsync<JsonElement>(MapProblems);
        await BrowserFixture.ScreenshotAsync(page, $"wallboard-{width}x{height}-map");
        var problems = result.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).ToArray();
        Assert.True(problems.Length == 0, $"{width}×{height}: " + string.Join("; ", problems));
        Assert.Equal(34, result.GetProperty("provinces").GetInt32());
        Assert.True(result.GetProperty("islands").GetInt32() >= 2, "island markers");
        // A name at least as tall as the tiles' (1.35 % of the screen's height) on both walls.
        var namePx = result.GetProperty("namePx").GetDouble();
        Assert.True(namePx >= height * 0.0135, $"names are {namePx:0.#} px at {width}×{height}");
        lock (errors)
        {
            Assert.True(errors.Count == 0, "console errors: " + string.Join("; ", errors));
        }

        await page.ClickAsync("[data-testid=label-79]");
        await page.WaitForURLAsync("**/provinces/79", new PageWaitForURLOptions { Timeout = 15_000 });
    }
}
