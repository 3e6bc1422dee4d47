using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Supervision.EndToEnd.Tests;

/// <summary>
/// A commune's system answering malformed exposition text: the collector records the rule and the line, pushes them
/// to the Dashboard, and the unit page and the console show them in Vietnamese with the example line, until the
/// system is fixed.
/// </summary>
[Collection("center")]
public sealed class ExpositionProblemTests(CenterFixture center, BrowserFixture browser) : IAsyncLifetime
{
    // Phường Thục Phán (Cao Bằng): its dossier system is not watched by the test rule (province e-documents).
    private const string Unit = "01273";
    private const string System = "dossier";
    private const string Target = Unit + "/" + System;

    private readonly SimulatorFaults _faults = new(center.SimulatorUrl);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _faults.DisposeAsync();

    [Fact]
    public async Task the_unit_page_and_the_console_show_the_rule_and_the_example_line_until_the_system_is_fixed()
    {
        var fault = await _faults.GarbageAsync(Unit, System);

        // The collector's own list is the reference: the rule that made the body unreadable, and its line.
        var reference = await CollectorProblemAsync(TimeSpan.FromSeconds(60));
        var rule = reference.GetProperty("rule").GetString()!;
        var line = reference.GetProperty("line").GetInt32();

        var page = await browser.NewWallboardPageAsync(1920, 1080);
        await DemoUsers.SignInAsync(page, center.DashboardUrl, DemoUsers.Engineer, "/units/" + Unit);
        var row = page.Locator($"[data-testid=unit-exposition-problems] tr[data-target='{Target}'][data-rule='{rule}']");
        await row.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        var text = await row.InnerTextAsync();
        Assert.Equal("true", await row.GetAttributeAsync("data-fatal"));
        Assert.Contains("Không đọc được, lần thu thập bị bỏ", text, StringComparison.Ordinal);
        Assert.Contains(line.ToString(CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        Assert.Equal(reference.GetProperty("example").GetString(), await row.Locator("[data-testid=exposition-example]").InnerTextAsync());
        Assert.Contains("Lỗi định dạng số liệu", await page.InnerTextAsync("[data-testid=unit-exposition-problems]"), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "unit-exposition-problems");

        var console = await browser.NewWallboardPageAsync(1600, 1000);
        await DemoUsers.SignInAsync(console, center.DashboardUrl, DemoUsers.Engineer, "/console");
        var consoleRow = console.Locator($"[data-testid=console-exposition-problems] tr[data-target='{Target}'][data-rule='{rule}']");
        await consoleRow.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        Assert.Contains("Phường Thục Phán", await consoleRow.InnerTextAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(console, "console-exposition-problems");

        // Fixed: the next clean scrape clears the rule, the collector pushes its shorter list, both pages drop the row.
        await _faults.RemoveAsync(fault);
        await row.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 30_000 });
        await consoleRow.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 30_000 });
        await page.WaitForSelectorAsync("[data-testid=unit-exposition-problems] [data-testid=exposition-problems-none]");
    }

    private async Task<JsonElement> CollectorProblemAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = center.CollectorUrl };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var list = await http.GetFromJsonAsync<JsonElement>("/api/exposition-problems");
            foreach (var problem in list.EnumerateArray())
            {
                if (problem.GetProperty("target").GetString() == Target && problem.GetProperty("fatal").GetBoolean())
                {
                    return problem;
                }
            }

            Assert.True(clock.Elapsed < timeout, $"the collector listed no fatal problem for {Target} within {timeout.TotalSeconds:0} s: {list}");
            await Task.Delay(500);
        }
    }
}
