using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Supervision.Core.Messages;

namespace Supervision.EndToEnd.Tests;

/// <summary>
/// A center of its own for <see cref="LayoutTests"/>: the wall must show exactly this test's incidents, which the shared
/// center's other tests (their own outages, alerts and silences) would push out. Run after the parallel collections,
/// so two centers never compete for the machine.
/// </summary>
[CollectionDefinition("layout-center", DisableParallelization = true)]
public sealed class LayoutCenterCollection : ICollectionFixture<CenterFixture>, ICollectionFixture<BrowserFixture>;

/// <summary>
/// What the control room sees first: with ten incidents at once (the goal) and the cluster banner up, every one is on the wall without
/// scrolling, and no text is cut or drawn over another at 1920×1080 and 3840×2160 (the browser's element boxes are compared).
/// </summary>
[Collection("layout-center")]
public sealed class LayoutTests(CenterFixture center, BrowserFixture browser) : IAsyncLifetime
{
    // Ten provinces down at once: ten simultaneous incidents, each one critical alert of the test rule.
    private static readonly string[] Provinces = ["11", "12", "14", "15", "19", "20", "22", "24", "25", "31"];

    // Boxes of the wall's side panel and the tiles' names: outside the screen, overlapping a sibling, or cut.
    private const string WallProblems = """
        () => {
          const problems = [];
          const sel = '.side .head > *, .cluster-degraded, .figure, .section-title, .alert-row, .more, .lang';
          const boxes = [...document.querySelectorAll(sel)].map(e => ({ e, r: e.getBoundingClientRect() }));
          for (const { e, r } of boxes) {
            if (r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5) problems.push('outside the screen: ' + e.className + ' ' + e.innerText);
          }
          for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i], b = boxes[j];
            if (a.e.contains(b.e) || b.e.contains(a.e)) continue;
            const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
            const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
            if (x > 0.5 && y > 0.5) problems.push('overlap: ' + a.e.className + ' / ' + b.e.className);
          }
          for (const e of document.querySelectorAll('.alert-sev, .alert-summary, .alert-age, .alert-children, .figure .v, .figure .k, .section-title, .clock, .live')) {
            if (e.scrollWidth > e.clientWidth + 1) problems.push('cut: ' + e.className + ' "' + e.innerText + '"');
          }
          return problems;
        }
        """;

    private const string AllRowsDrawn = "ids => ids.every(id => { const e = document.querySelector(`[data-testid=alert-${id}]`); return e !== null && e.getBoundingClientRect().height > 0; })";

    private const string RowBottoms = "ids => ids.map(id => document.querySelector(`[data-testid=alert-${id}]`).getBoundingClientRect().bottom)";

    private readonly SimulatorFaults _faults = new(center.SimulatorUrl);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _faults.DisposeAsync();

    [Fact]
    public async Task ten_incidents_are_all_on_the_wall_without_scrolling_and_nothing_is_cut_or_overlaps_at_hd_and_4k()
    {
        foreach (var province in Provinces)
        {
            await _faults.DownAsync(province);
        }

        var ids = await FiringAsync(TimeSpan.FromSeconds(90));

        // The cluster's banner is on the wall too (two Alerting nodes without PostgreSQL): the rows must still fit under it.
        await using (var ingest = new HubConnectionBuilder()
            .WithUrl(new Uri(center.DashboardUrl, HubNames.IngestHubPath), o => o.Headers[HubNames.ApiKeyHeader] = CenterFixture.Key).Build())
        {
            await ingest.StartAsync();
            var now = TimeProvider.System.GetUtcNow();
            foreach (var node in new[] { "alerting-1", "alerting-2" })
            {
                await ingest.InvokeAsync(HubNames.PushNodeHealth, new NodeHealthReport(ClusterServices.Alerting, node, now,
                    [new NodeProblem(NodeProblemCodes.PostgresUnreachable, now, "connection refused")]));
            }
        }

        foreach (var (width, height) in new[] { (1920, 1080), (3840, 2160) })
        {
            var page = await browser.NewWallboardPageAsync(width, height);
            await DemoUsers.SignInAsync(page, center.DashboardUrl, DemoUsers.Viewer);
            // Generous: the wall gets the alerts through Alerting's push and the hub (a wait, not a timing goal). Asked in the
            // page, not through element handles: Blazor replaces the prerendered rows and re-renders them as ages tick.
            await page.WaitForFunctionAsync(AllRowsDrawn, ids, new PageWaitForFunctionOptions { Timeout = 60_000 });
            await page.WaitForSelectorAsync("[data-testid=cluster-degraded]", new PageWaitForSelectorOptions { Timeout = 15_000 });
            var bottoms = await page.EvaluateAsync<double[]>(RowBottoms, ids);
            for (var i = 0; i < ids.Length; i++)
            {
                Assert.True(bottoms[i] <= height, $"alert {ids[i]} is below the screen at {width}×{height} ({bottoms[i]} > {height})");
            }

            var problems = await page.EvaluateAsync<string[]>(WallProblems);
            await BrowserFixture.ScreenshotAsync(page, $"wallboard-{width}x{height}-incidents");
            Assert.True(problems.Length == 0, $"{width}×{height}: " + string.Join("; ", problems));
            Assert.Equal(0, await page.EvaluateAsync<int>("() => document.scrollingElement.scrollHeight - innerHeight"));
        }

        // The console at a desk's 1920×1080: its sections stack, the lower ones never drawn over the list.
        var console = await browser.NewWallboardPageAsync(1920, 1080);
        await DemoUsers.SignInAsync(console, center.DashboardUrl, DemoUsers.Engineer, "/console");
        await console.WaitForSelectorAsync($"[data-testid=console-alert-{ids[0]}]", new PageWaitForSelectorOptions { Timeout = 15_000 });
        await console.WaitForSelectorAsync("[data-testid=console][data-ready=true]", new PageWaitForSelectorOptions { Timeout = 15_000 });
        var edges = await console.EvaluateAsync<double[]>(
            "() => [document.querySelector('[data-testid=console-alerts]').getBoundingClientRect().bottom, document.querySelector('.console-lower').getBoundingClientRect().top]");
        Assert.True(edges[1] >= edges[0], $"the console's lower sections start at {edges[1]}, inside the alert list ending at {edges[0]}");
    }

    private async Task<string[]> FiringAsync(TimeSpan timeout)
    {
        using var alerting = new HttpClient { BaseAddress = center.AlertingUrl };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var alerts = await alerting.GetFromJsonAsync<JsonElement>("/api/alerts?state=firing");
            var ids = alerts.EnumerateArray()
                .Where(a => a.GetProperty("rule").GetString() == CenterFixture.RuleName && Provinces.Contains(a.GetProperty("labels").GetProperty("unit").GetString()))
                .Select(a => a.GetProperty("id").GetString()!)
                .ToArray();
            if (ids.Length == Provinces.Length)
            {
                return ids;
            }

            Assert.True(clock.Elapsed < timeout, $"{ids.Length} of {Provinces.Length} alerts firing within {timeout}");
            await Task.Delay(500);
        }
    }
}
