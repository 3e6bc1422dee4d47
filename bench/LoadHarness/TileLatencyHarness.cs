using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Supervision.Core.Domain;
using Supervision.Core.InventoryFiles;
using Supervision.Core.Messages;
using Supervision.Testing;

namespace Supervision.LoadHarness;

/// <summary>
/// Fault → province tile, against a running center (e.g. the soak's): per round a commune target of a random province
/// is made Down in the simulator; a status-hub client joined to that province records when the delta carrying the
/// target as Down arrives. The wallboard's tiles are drawn from the same live-state change that sends this delta, so
/// the delta's arrival is the tile's moment less the browser's render. Reports, per round and as p50/p99/max: scrape →
/// tile (arrival − the target state's <c>ObservedAt</c>, the collector's scrape that saw the fault) and fault → tile
/// (arrival − the fault's start, which includes the wait for the next scrape, up to one interval).
/// The hub needs a session: it signs in as <c>--user</c> (default the demo viewer of scripts/run.sh).
/// Usage: tile-latency --simulator URL --dashboard URL [--rounds 10] [--gap-s 20] [--user viewer --password viewer-demo]
/// </summary>
public static class TileLatencyHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var simulator = Arg(args, "--simulator");
        var dashboard = Arg(args, "--dashboard");
        if (simulator is null || dashboard is null)
        {
            await Console.Error.WriteLineAsync("usage: tile-latency --simulator URL --dashboard URL [--rounds 10] [--gap-s 20]");
            return 2;
        }

        var rounds = int.Parse(Arg(args, "--rounds") ?? "10", CultureInfo.InvariantCulture);
        var gap = TimeSpan.FromSeconds(int.Parse(Arg(args, "--gap-s") ?? "20", CultureInfo.InvariantCulture));
        var inventory = InventoryLoader.LoadFile(RepoPaths.NationalInventory).Inventory!;
        var communes = inventory.Targets.Where(t => t.Level == UnitLevel.Commune && t.ProvinceCode is not null).ToList();
        var random = new Random(20261207);
        using var http = new HttpClient { BaseAddress = new Uri(simulator) };
        var (session, cookies) = await HarnessSignIn.ClientAsync(new Uri(dashboard), Arg(args, "--user") ?? "viewer", Arg(args, "--password") ?? "viewer-demo");
        session.Dispose();
        var afterScrape = new List<double>();
        var afterFault = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var target = communes[random.Next(communes.Count)];
            var (scrape, fault) = await RoundAsync(http, new Uri(new Uri(dashboard), HubNames.StatusHubPath), cookies, target);
            Console.WriteLine(scrape is null
                ? $"round {round}: {target.Id} (province {target.ProvinceCode}): no Down delta within 60 s"
                : $"round {round}: {target.Id} (province {target.ProvinceCode}): scrape → tile {scrape:F3} s, fault → tile {fault:F3} s");
            if (scrape is { } s && fault is { } f)
            {
                afterScrape.Add(s);
                afterFault.Add(f);
            }

            await Task.Delay(gap);
        }

        if (afterScrape.Count == 0)
        {
            return 1;
        }

        Console.WriteLine($"scrape → tile: p50 {Statistics.Percentile(afterScrape, 0.5):F3} s, p99 {Statistics.Percentile(afterScrape, 0.99):F3} s, max {afterScrape.Max():F3} s over {afterScrape.Count} rounds (goal ≤ 2 s)");
        Console.WriteLine($"fault → tile: p50 {Statistics.Percentile(afterFault, 0.5):F3} s, p99 {Statistics.Percentile(afterFault, 0.99):F3} s, max {afterFault.Max():F3} s (includes the wait for the next scrape)");
        return afterScrape.Count == rounds ? 0 : 1;
    }

    private static async Task<(double? AfterScrape, double? AfterFault)> RoundAsync(HttpClient simulator, Uri hub, System.Net.CookieContainer cookies, Target target)
    {
        var (connection, down) = await ProvinceDeltas.WatchDownAsync(hub, cookies, target);
        await using var _ = connection;
        var started = TimeProvider.System.GetUtcNow();
        using var response = await simulator.PostAsJsonAsync("/control/faults", new { selector = new { unit = target.UnitId, system = target.System }, kind = "down", durationSeconds = 120 });
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").ToString();
        try
        {
            var (arrived, observed) = await down.WaitAsync(TimeSpan.FromSeconds(60));
            return ((arrived - observed).TotalSeconds, (arrived - started).TotalSeconds);
        }
        catch (TimeoutException)
        {
            return (null, null);
        }
        finally
        {
            using var deleted = await simulator.DeleteAsync($"/control/faults/{id}");
        }
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
