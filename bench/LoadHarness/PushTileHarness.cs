using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Supervision.Core.Domain;
using Supervision.Core.InventoryFiles;
using Supervision.Core.Messages;
using Supervision.Testing;

namespace Supervision.LoadHarness;

/// <summary>
/// push-tile: push accepted → wallboard tile on the national center (issue 18's goal: p99 ≤ 1 s). The national inventory
/// with <c>--units</c> communes turned into push units (every system of theirs <c>mode: push</c>, a token each) runs under
/// <c>scripts/run.sh</c>; the harness keeps those push targets alive with heartbeats, and per round declares one of them
/// down (then up again) with a heartbeat, timing from the collector's 204 to the arrival of the province delta carrying
/// the new status at a status-hub client (the tile is drawn from that delta; the browser's render is not included).
/// Usage: push-tile [--units 50] [--rounds 40] [--gap-s 3] [--keepalive-s 10]
/// </summary>
public static partial class PushTileHarness
{
    private const string Usage = "usage: push-tile [--units 50] [--rounds 40] [--gap-s 3] [--keepalive-s 10]";

    /// <summary>Runs the harness; 0 when the goal holds, 1 when not, 2 for bad arguments.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var (units, rounds, gap, keepalive) = (50, 40, 3, 10);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--units": units = value; break;
                case "--rounds": rounds = value; break;
                case "--gap-s": gap = value; break;
                case "--keepalive-s": keepalive = value; break;
                default: Console.Error.WriteLine(Usage); return 2;
            }
        }

        var data = Path.Combine(Path.GetTempPath(), "push-tile-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        var source = Path.Combine(data, "national-with-push.yaml");
        var pushUnits = WritePushInventory(RepoPaths.NationalInventory, source, units);
        var inventory = InventoryLoader.LoadFile(source).Inventory ?? throw new InvalidOperationException($"{source} does not load");
        var targets = inventory.Targets.Where(t => pushUnits.Contains(t.UnitId)).ToArray();
        Console.WriteLine($"{pushUnits.Count} push units, {targets.Length} push targets in {source}");

        var ports = RunShCenter.FreePorts();
        await using var center = RunShCenter.Start(ports, Path.Combine(data, "center"), new Dictionary<string, string> { ["SUPERVISION_INVENTORY_SOURCE"] = source });
        await RunShCenter.WaitUntilRunningAsync(center);

        var dashboard = new Uri($"http://127.0.0.1:{ports["DASHBOARD_PORT"]}/");
        using var collector = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports["COLLECTOR_PORT"]}/"), Timeout = TimeSpan.FromSeconds(30) };
        var (session, cookies) = await HarnessSignIn.ClientAsync(dashboard, "viewer", "viewer-demo");
        session.Dispose();

        using var stop = new CancellationTokenSource();
        var declared = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var alive = KeepAliveAsync(collector, targets, declared, TimeSpan.FromSeconds(keepalive), stop.Token);
        try
        {
            // Every push target fresh once (a round must see a change, not the first Up after "never seen").
            await Task.Delay(TimeSpan.FromSeconds(keepalive + 5));
            var samples = new List<double>();
            var random = new Random(20261207);
            for (var round = 1; round <= rounds; round++)
            {
                var target = targets[random.Next(targets.Length)];
                foreach (var status in new[] { TargetStatus.Down, TargetStatus.Up })
                {
                    var seconds = await RoundAsync(collector, new Uri(dashboard, HubNames.StatusHubPath), cookies, target, status, declared);
                    Console.WriteLine(seconds is { } s
                        ? string.Create(CultureInfo.InvariantCulture, $"round {round}: {target.Id} → {status}: push accepted → tile {s:F3} s")
                        : $"round {round}: {target.Id} → {status}: no delta within 30 s");
                    samples.Add(seconds ?? double.PositiveInfinity);
                }

                await Task.Delay(TimeSpan.FromSeconds(gap));
            }

            var p99 = Statistics.Percentile(samples, 0.99);
            var verdict = p99 <= 1.0 ? "PASS" : "FAIL";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"push accepted → tile over {samples.Count} changes: p50 {Statistics.Percentile(samples, 0.5):F3} s, p99 {p99:F3} s, max {samples.Max():F3} s: {verdict} (goal p99 ≤ 1 s)"));
            return verdict == "PASS" ? 0 : 1;
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await alive;
            }
            catch (OperationCanceledException)
            {
                // stopped
            }

            // SIGTERM first: scripts/run.sh stops what it started (influxd included) only when it gets to run its trap.
            await center.StopAsync(TimeSpan.FromSeconds(30));
        }
    }

    // Turns every `--units`-th-ish commune line of the national file (one flow map per unit) into a push unit.
    private static HashSet<string> WritePushInventory(string national, string output, int count)
    {
        var lines = File.ReadAllLines(national);
        var communes = lines.Select((l, i) => (Line: l, Index: i, Match: CommuneLine().Match(l))).Where(x => x.Match.Success).ToArray();
        var step = Math.Max(1, communes.Length / Math.Max(1, count));
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, index, match) in communes.Where((_, i) => i % step == 0).Take(count))
        {
            var unit = match.Groups["id"].Value;
            chosen.Add(unit);
            lines[index] = line[..line.LastIndexOf('}')].TrimEnd() + $", mode: push, push: {{ token: \"{Token(unit)}\" }} }}";
        }

        File.WriteAllLines(output, lines, new UTF8Encoding(false));
        return chosen;
    }

    private static string Token(string unit) => "push-tile-harness-" + unit;

    private static async Task KeepAliveAsync(HttpClient collector, IReadOnlyList<Target> targets, ConcurrentDictionary<string, string> declared, TimeSpan every, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var target in targets)
            {
                // A keep-alive repeats what the round declared last, so it never undoes a round's change.
                await HeartbeatAsync(collector, target, declared.GetValueOrDefault(target.Id, "up"), cancellationToken);
            }

            await Task.Delay(every, cancellationToken);
        }
    }

    private static async Task HeartbeatAsync(HttpClient collector, Target target, string status, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"push/{target.UnitId}/{target.System}/heartbeat")
        {
            Content = new StringContent($$"""{"status":"{{status}}","detail":"push-tile harness"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(target.UnitId));
        using var response = await collector.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"heartbeat of {target.Id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private static async Task<double?> RoundAsync(HttpClient collector, Uri hub, System.Net.CookieContainer cookies, Target target, TargetStatus status, ConcurrentDictionary<string, string> declared)
    {
        var seen = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = new HubConnectionBuilder().WithUrl(hub, o => o.Cookies = cookies).Build();
        connection.On<JsonElement>(HubNames.Delta, delta =>
        {
            var arrived = TimeProvider.System.GetUtcNow();
            if (ProvinceDeltas.Find(delta, target.Id) is { } state && state.Status == status)
            {
                seen.TrySetResult(arrived);
            }
        });
        await connection.StartAsync();
        await connection.InvokeAsync(HubNames.Join, HubNames.ProvinceGroup(target.ProvinceCode!));
        var word = status == TargetStatus.Down ? "down" : "up";
        declared[target.Id] = word;
        await HeartbeatAsync(collector, target, word, CancellationToken.None);
        var accepted = TimeProvider.System.GetUtcNow();
        try
        {
            return (await seen.Task.WaitAsync(TimeSpan.FromSeconds(30)) - accepted).TotalSeconds;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    [GeneratedRegex("""^  - \{ id: "(?<id>\d{5})", .*level: commune, .*\}\s*$""")]
    private static partial Regex CommuneLine();
}
