using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Supervision.Core.Domain;
using Supervision.Core.InventoryFiles;
using Supervision.Core.Messages;
using Supervision.Testing;

namespace Supervision.LoadHarness;

/// <summary>
/// map-render: the wallboard's map of Vietnam in Chromium at 1920×1080 (issue 17's goals). Two measures:
/// <list type="number">
/// <item>First full render: a signed-in viewer's fresh page opens the wallboard; timed by the browser from navigation
/// start to the first animation frame in which every province outline of the map carries a known status (Up, Degraded
/// or Down) and is filled with its status colour. <c>--loads</c> rounds, each in a new browser context.</item>
/// <item>Fault → map recolour beside fault → tile, for the same faults in the same run: per round one of a random
/// province's own systems is made Down in the simulator (a province's status is the worst of its own systems, so its
/// outline turns red). A status-hub client joined to the province records when the delta carrying the target as Down
/// arrives (fault → tile, measured as the tile-latency harness does), and a wallboard left open in the browser records,
/// with a MutationObserver, when that province's outline turns Down (fault → map). Both from the fault's start, so both
/// include the wait for the collector's next scrape (up to one interval); the fault is then removed and the outline
/// waited back.</item>
/// </list>
/// Without <c>--dashboard</c> it starts <c>scripts/run.sh</c> on the national fleet itself (RunShCenter) and stops it
/// at the end. Usage: map-render [--dashboard URL --simulator URL] [--loads 5] [--rounds 10] [--gap-s 10] [--out DIR]
/// </summary>
public static class MapRenderHarness
{
    private const string Usage = "usage: map-render [--dashboard URL --simulator URL] [--loads 5] [--rounds 10] [--gap-s 10] [--out DIR]";

    // Set before the page's own scripts: the first frame where all outlines show a known status with its colour (the
    // stylesheet's, not SVG's default black).
    private const string FullRenderProbe = """
        (() => {
          const known = new Set(['Up', 'Degraded', 'Down']);
          const check = () => {
            const provinces = document.querySelectorAll('svg.vnmap a.prov');
            if (provinces.length > 0 && Array.from(provinces).every(a => known.has(a.dataset.status)
                && !['none', 'rgb(0, 0, 0)'].includes(getComputedStyle(a.querySelector('path')).fill))) {
              window.__mapFull = { at: performance.now(), provinces: provinces.length };
              return;
            }
            requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        })();
        """;

    /// <summary>Runs the harness; 0 when it measured every round, 1 when not, 2 for bad arguments.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        Uri? dashboard = null;
        Uri? simulator = null;
        var (loads, rounds, gap) = (5, 10, 10);
        var output = Path.Combine(RepoPaths.Root, "artifacts", "screenshots", "map-render");
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--dashboard": dashboard = new Uri(args[i + 1]); break;
                case "--simulator": simulator = new Uri(args[i + 1]); break;
                case "--loads": loads = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--gap-s": gap = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--out": output = args[i + 1]; break;
                default: Console.Error.WriteLine(Usage); return 2;
            }
        }

        if ((dashboard is null) != (simulator is null))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        Directory.CreateDirectory(output);
        ServiceProcess? center = null;
        try
        {
            if (dashboard is null)
            {
                var ports = RunShCenter.FreePorts();
                var data = Path.Combine(Path.GetTempPath(), "map-render-" + Guid.NewGuid().ToString("N")[..8]);
                center = RunShCenter.Start(ports, data);
                await RunShCenter.WaitUntilRunningAsync(center);
                dashboard = new Uri($"http://127.0.0.1:{ports["DASHBOARD_PORT"]}/");
                simulator = new Uri($"http://127.0.0.1:{ports["SIM_PORT"]}/");
                Console.WriteLine($"scripts/run.sh on the national fleet: dashboard {dashboard}, simulator {simulator}");
            }

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            var rendered = await FirstRenderAsync(browser, dashboard, loads, output);
            var recoloured = await RecolourAsync(browser, dashboard, simulator!, rounds, TimeSpan.FromSeconds(gap), output);
            return rendered && recoloured ? 0 : 1;
        }
        finally
        {
            if (center is not null)
            {
                // SIGTERM first: scripts/run.sh stops what it started (influxd included) only when it gets to run its trap.
                await center.StopAsync(TimeSpan.FromSeconds(30));
                await center.DisposeAsync();
            }
        }
    }

    private static async Task<IBrowserContext> ViewerContextAsync(IBrowser browser, Uri dashboard)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 }, Locale = "vi-VN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(dashboard, "signin?returnUrl=%2Fapi%2Fme").ToString());
        await page.FillAsync("input[name=username]", "viewer");
        await page.FillAsync("input[name=password]", "viewer-demo");
        await page.ClickAsync("[data-testid=signin-submit]");
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = 15_000 });
        await page.CloseAsync();
        return context;
    }

    private static async Task<bool> FirstRenderAsync(IBrowser browser, Uri dashboard, int loads, string output)
    {
        var seconds = new List<double>();
        for (var load = 1; load <= loads; load++)
        {
            await using var context = await ViewerContextAsync(browser, dashboard);
            var page = await context.NewPageAsync();
            await page.AddInitScriptAsync(FullRenderProbe);
            await page.GotoAsync(dashboard.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            try
            {
                await page.WaitForFunctionAsync("() => window.__mapFull", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
            }
            catch (TimeoutException)
            {
                Console.WriteLine($"load {load}: the map was not fully coloured within 30 s");
                return false;
            }

            var full = await page.EvaluateAsync<JsonElement>("() => window.__mapFull");
            var timing = await page.EvaluateAsync<JsonElement>("""
                (() => { const n = performance.getEntriesByType('navigation')[0];
                  const p = performance.getEntriesByName('first-contentful-paint')[0];
                  return { firstByte: n.responseStart, domContentLoaded: n.domContentLoadedEventEnd, fcp: p ? p.startTime : -1 }; })()
                """);
            seconds.Add(full.GetProperty("at").GetDouble() / 1000);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"load {load}: {full.GetProperty("provinces").GetInt32()} provinces coloured {seconds[^1]:0.000} s after navigation start (first byte {timing.GetProperty("firstByte").GetDouble():0} ms, first contentful paint {timing.GetProperty("fcp").GetDouble():0} ms, DOM content loaded {timing.GetProperty("domContentLoaded").GetDouble():0} ms)"));
            if (load == 1)
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(output, "wallboard-map-1920x1080.png") });
            }
        }

        var verdict = seconds.Max() < 1.0 ? "PASS" : "FAIL";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"map first full render at 1920×1080 over {loads} fresh pages: p50 {Statistics.Percentile(seconds, 0.5):0.000} s, max {seconds.Max():0.000} s: {verdict} (goal < 1 s)"));
        return true;
    }

    private static async Task<bool> RecolourAsync(IBrowser browser, Uri dashboard, Uri simulator, int rounds, TimeSpan gap, string output)
    {
        var inventory = InventoryLoader.LoadFile(RepoPaths.NationalInventory).Inventory!;
        var provinceTargets = inventory.Targets.Where(t => t.Level == UnitLevel.Province && t.ProvinceCode is not null).ToList();
        using var http = new HttpClient { BaseAddress = simulator, Timeout = TimeSpan.FromSeconds(30) };
        var (session, cookies) = await HarnessSignIn.ClientAsync(dashboard, "viewer", "viewer-demo");
        session.Dispose();
        await using var context = await ViewerContextAsync(browser, dashboard);
        var page = await context.NewPageAsync();
        await page.GotoAsync(dashboard.ToString());
        await page.WaitForSelectorAsync("svg.vnmap a.prov[data-status=Up]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await page.WaitForTimeoutAsync(3_000); // the interactive circuit has replaced the prerendered page

        var random = new Random(20261207);
        var (toTile, toMap, afterScrape) = (new List<double>(), new List<double>(), new List<double>());
        for (var round = 1; round <= rounds; round++)
        {
            var target = await PickAsync(page, provinceTargets, random);
            if (target is null)
            {
                Console.WriteLine($"round {round}: no province is Up on the map");
                return false;
            }

            var (tile, map, scrape) = await RoundAsync(http, page, new Uri(dashboard, HubNames.StatusHubPath), cookies, target);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: {target.Id} (province {target.ProvinceCode}) down: fault → tile {Seconds(tile)}, fault → map {Seconds(map)}, scrape → map {Seconds(scrape)}"));
            if (tile is { } t && map is { } m && scrape is { } s)
            {
                toTile.Add(t);
                toMap.Add(m);
                afterScrape.Add(s);
            }

            if (round == 1)
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(output, "wallboard-map-recoloured.png") });
            }

            // Back to Up before the next round, so every round sees a change.
            await page.WaitForSelectorAsync($"svg.vnmap a.prov[data-testid=province-{target.ProvinceCode}]:not([data-status=Down])", new PageWaitForSelectorOptions { Timeout = 90_000 });
            await Task.Delay(gap);
        }

        if (toTile.Count == 0)
        {
            return false;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fault → tile (hub delta): p50 {Statistics.Percentile(toTile, 0.5):0.000} s, p99 {Statistics.Percentile(toTile, 0.99):0.000} s, max {toTile.Max():0.000} s over {toTile.Count} rounds"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fault → map (outline recoloured in Chromium): p50 {Statistics.Percentile(toMap, 0.5):0.000} s, p99 {Statistics.Percentile(toMap, 0.99):0.000} s, max {toMap.Max():0.000} s over {toMap.Count} rounds"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scrape → map (outline recoloured − the collector's scrape that saw the fault): p50 {Statistics.Percentile(afterScrape, 0.5):0.000} s, p99 {Statistics.Percentile(afterScrape, 0.99):0.000} s, max {afterScrape.Max():0.000} s"));
        var lag = toMap.Zip(toTile, (m, t) => m - t).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"map − tile per round: p50 {Statistics.Percentile(lag, 0.5):0.000} s, max {lag.Max():0.000} s (both include the wait for the next scrape)"));
        return toTile.Count == rounds;
    }

    private static string Seconds(double? s) => s is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) + " s" : "none within 60 s";

    // A province own system of a province the map shows Up (so that its going Down recolours the outline).
    private static async Task<Target?> PickAsync(IPage page, List<Target> provinceTargets, Random random)
    {
        var up = (await page.EvalOnSelectorAllAsync<string[]>("svg.vnmap a.prov[data-status=Up]", "as => as.map(a => a.dataset.testid.substring(9))")).ToHashSet(StringComparer.Ordinal);
        var candidates = provinceTargets.Where(t => up.Contains(t.ProvinceCode!)).ToList();
        return candidates.Count == 0 ? null : candidates[random.Next(candidates.Count)];
    }

    private static async Task<(double? Tile, double? Map, double? Scrape)> RoundAsync(HttpClient simulator, IPage page, Uri hub, CookieContainer cookies, Target target)
    {
        var (connection, down) = await ProvinceDeltas.WatchDownAsync(hub, cookies, target);
        await using var _ = connection;

        // The browser's clock (Date.now, ms since the epoch) is this machine's, as the harness's.
        await page.EvaluateAsync("""
            code => { window.__mapDown = null;
              const a = document.querySelector(`svg.vnmap a.prov[data-testid=province-${code}]`);
              const observer = new MutationObserver(() => {
                if (a.dataset.status === 'Down' && window.__mapDown === null) { window.__mapDown = Date.now(); observer.disconnect(); }
              });
              observer.observe(a, { attributes: true, attributeFilter: ['data-status'] }); }
            """, target.ProvinceCode);
        var started = TimeProvider.System.GetUtcNow();
        using var response = await simulator.PostAsJsonAsync("/control/faults", new { selector = new { unit = target.UnitId, system = target.System }, kind = "down", durationSeconds = 120 });
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").ToString();
        try
        {
            double? tile = null;
            var scraped = started;
            try
            {
                var (arrived, observed) = await down.WaitAsync(TimeSpan.FromSeconds(60));
                (tile, scraped) = ((arrived - started).TotalSeconds, observed);
            }
            catch (TimeoutException)
            {
                // reported as none
            }

            double? map = null;
            double? scrape = null;
            try
            {
                await page.WaitForFunctionAsync("() => window.__mapDown !== null", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
                var at = await page.EvaluateAsync<double>("() => window.__mapDown");
                map = (DateTimeOffset.FromUnixTimeMilliseconds((long)at) - started).TotalSeconds;
                if (tile is not null)
                {
                    scrape = (DateTimeOffset.FromUnixTimeMilliseconds((long)at) - scraped).TotalSeconds;
                }
            }
            catch (TimeoutException)
            {
                // reported as none
            }

            return (tile, map, scrape);
        }
        finally
        {
            using var deleted = await simulator.DeleteAsync($"/control/faults/{id}");
        }
    }
}
