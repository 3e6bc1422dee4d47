using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Supervision.Core.Domain;
using Supervision.Core.Messages;
using Supervision.Testing;

namespace Supervision.Dashboard.Tests.Cluster;

/// <summary>
/// Two real Dashboard processes on one Redis behind nginx (the <c>run.sh --ha</c> proxy): kill -9 of the node a wallboard
/// is connected to, and the wallboard is served by the other with a fresh snapshot and the changes made meanwhile.
/// </summary>
public sealed class DashboardKillTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task a_wallboard_whose_dashboard_is_killed_gets_a_fresh_snapshot_from_the_other_through_the_proxy()
    {
        var nodes = new Dictionary<string, (ServiceProcess Process, int Port)>(StringComparer.Ordinal);
        try
        {
            foreach (var name in new[] { "d1", "d2" })
            {
                var port = FreePort.Next();
                var process = ServiceProcess.StartDotnet(name, ServiceProcess.BuiltAssembly("src/Dashboard", "Supervision.Dashboard"), [
                    "--urls", $"http://127.0.0.1:{port}", "--inventory", RepoPaths.NationalInventory, "--ingest-key", DashboardHost.Key,
                    "--Dashboard:CoalescePeriod=00:00:00.200", "--Logging:LogLevel:Default=Warning", "--Dashboard:Security:AuditPath=",
                    $"--Dashboard:Cluster:Redis={redis.Configuration}", $"--Dashboard:Cluster:NodeName={name}", .. TestUsers.Arguments()]);
                nodes[name] = (process, port);
                await process.WaitForHttpAsync(new Uri($"http://127.0.0.1:{port}/healthz"), TimeSpan.FromSeconds(90));
            }

            await using var proxy = await NginxProxy.StartAsync(nodes["d1"].Port, nodes["d2"].Port);
            await PushAsync(nodes["d1"].Port, TargetStatus.Down);

            // A wallboard through the proxy (negotiate and WebSocket on one node, as a browser's), signed in: the nodes share
            // their data-protection keys in Redis, so the session is good on either node.
            var cookies = await TestUsers.SignInAsync(proxy.Address, TestUsers.Viewer);
            string? status = null;
            var snapshots = 0;
            await using var wall = new HubConnectionBuilder().WithUrl(new Uri(proxy.Address, HubNames.StatusHubPath), o => o.Cookies = cookies)
                .WithAutomaticReconnect([TimeSpan.Zero, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)])
                .Build();
            wall.On<JsonElement>(HubNames.Snapshot, p =>
            {
                Interlocked.Increment(ref snapshots);
                status = Status79(p) ?? status;
            });
            wall.On<JsonElement>(HubNames.Delta, p => status = Status79(p) ?? status);
            wall.Reconnected += async _ => await wall.InvokeAsync(HubNames.Join, HubNames.NationalGroup);
            await wall.StartAsync();
            await wall.InvokeAsync(HubNames.Join, HubNames.NationalGroup);
            using (var http = TestUsers.Client(proxy.Address, cookies))
            {
                var down79 = Status79(JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{nodes["d1"].Port}/api/status")).RootElement);
                await UntilAsync(() => status == down79, $"79 shown as {down79}");
            }

            var down = status;

            var victim = (await ClientsAsync(nodes["d1"].Port)) > 0 ? "d1" : "d2";
            var survivor = victim == "d1" ? "d2" : "d1";
            Assert.Equal(1, await ClientsAsync(nodes[victim].Port));
            var before = snapshots;
            await nodes[victim].Process.KillAsync();

            // Changed while the wallboard moves: it must show this, not what its dead node last sent.
            await PushAsync(nodes[survivor].Port, TargetStatus.Up);
            await UntilAsync(() => snapshots > before, "a snapshot from the other node");
            await UntilAsync(() => status is not null && status != down, "the change made during the switch");
            Assert.Equal(1, await ClientsAsync(nodes[survivor].Port));
        }
        finally
        {
            foreach (var (process, _) in nodes.Values)
            {
                await process.DisposeAsync();
            }
        }
    }

    private static async Task PushAsync(int port, TargetStatus status)
    {
        await using var ingest = new HubConnectionBuilder()
            .WithUrl(new Uri($"http://127.0.0.1:{port}{HubNames.IngestHubPath}"), o => o.Headers[HubNames.ApiKeyHeader] = DashboardHost.Key)
            .Build();
        await ingest.StartAsync();
        var at = TimeProvider.System.GetUtcNow();
        var states = TestInventory.Communes("79").SelectMany(TestInventory.TargetsOf)
            .Select(t => new TargetState(t, status, status == TargetStatus.Down ? StatusReason.Refused : StatusReason.None, null, at, at)).ToArray();
        await ingest.InvokeAsync(HubNames.PushStatusChanges, new StatusChangeBatch("collector-a", states));
    }

    private static async Task<int> ClientsAsync(int port)
    {
        using var http = new HttpClient();
        var line = (await http.GetStringAsync($"http://127.0.0.1:{port}/metrics")).Split('\n')
            .FirstOrDefault(l => l.StartsWith("supervision_dashboard_hub_clients ", StringComparison.Ordinal));
        return line is null ? 0 : (int)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    private static string? Status79(JsonElement message) =>
        message.TryGetProperty("provinces", out var list)
            ? list.EnumerateArray().Where(p => p.GetProperty("code").GetString() == "79").Select(p => p.GetProperty("status").ToString()).FirstOrDefault()
            : null;

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Bound, $"no {what} within {Bound}");
            await Task.Delay(50);
        }
    }
}
