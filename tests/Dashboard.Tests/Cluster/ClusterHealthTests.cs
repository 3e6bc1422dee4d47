using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Core.Domain;
using Supervision.Core.Messages;
using Supervision.Dashboard.Cluster;
using Supervision.Testing;

namespace Supervision.Dashboard.Tests.Cluster;

/// <summary>
/// The cluster says when it runs on fewer legs: a node whose reports stop is lost, an Alerting node without PostgreSQL and
/// a Dashboard without Redis are degraded (status API, <c>/healthz</c>, <c>/metrics</c>, the operators' banner), and a
/// Redis outage of 60 s is ridden out without a restart.
/// </summary>
public sealed class ClusterHealthTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private Task<DashboardHost> NodeAsync(string name) =>
        DashboardHost.StartAsync(0, $"--Dashboard:Cluster:Redis={redis.Configuration}", $"--Dashboard:Cluster:NodeName={name}",
            "--Dashboard:Cluster:ReportInterval=00:00:00.300", "--Dashboard:Cluster:NodeLostAfter=00:00:03");

    [Fact]
    public async Task a_dashboard_whose_reports_stop_is_lost_and_an_alerting_node_without_postgres_is_degraded()
    {
        await using var a = await NodeAsync("a");
        var b = await NodeAsync("b");
        try
        {
            // First A hears B (positive signal), and all is well.
            await UntilAsync(a, s => StateOf(s, ClusterServices.Dashboard, "b") == ClusterNodeStates.Live && !s.Degraded, "b live at a");
            await UntilMetricAsync(a, "supervision_dashboard_cluster_degraded 0");
        }
        finally
        {
            await b.DisposeAsync();
        }

        await UntilAsync(a, s => StateOf(s, ClusterServices.Dashboard, "b") == ClusterNodeStates.Lost && s.Degraded, "b lost at a");
        await UntilMetricAsync(a, "supervision_dashboard_cluster_degraded 1");
        await UntilMetricAsync(a, "supervision_dashboard_cluster_nodes{service=\"dashboard\",state=\"lost\"} 1");

        // An Alerting node reports through the ingest hub that it cannot reach PostgreSQL.
        await using var ingest = await a.IngestAsync();
        var now = TimeProvider.System.GetUtcNow();
        await ingest.InvokeAsync(HubNames.PushNodeHealth, new NodeHealthReport(
            ClusterServices.Alerting, "alerting-1", now, [new NodeProblem(NodeProblemCodes.PostgresUnreachable, now, "connection refused")]));
        await UntilAsync(a, s => StateOf(s, ClusterServices.Alerting, "alerting-1") == ClusterNodeStates.Degraded, "alerting-1 degraded at a");

        // The status API carries it (to a signed-in user).
        using var http = TestUsers.Client(a.Address, await TestUsers.SignInAsync(a.Address, TestUsers.Viewer));
        using var status = JsonDocument.Parse(await http.GetStringAsync("/api/status"));
        var nodes = status.RootElement.GetProperty("cluster").GetProperty("nodes").EnumerateArray().ToArray();
        Assert.Contains(nodes, n => n.GetProperty("node").GetString() == "alerting-1" && n.GetProperty("problems")[0].GetProperty("code").GetString() == NodeProblemCodes.PostgresUnreachable);
        Assert.True(status.RootElement.GetProperty("cluster").GetProperty("degraded").GetBoolean());
    }

    [Fact]
    public async Task redis_down_for_60_s_is_reported_new_walls_get_the_nodes_state_and_deltas_reach_every_node_again_without_a_restart()
    {
        await using var a = await NodeAsync("a");
        await using var b = await NodeAsync("b");
        await UntilAsync(a, s => StateOf(s, ClusterServices.Dashboard, "b") == ClusterNodeStates.Live, "b live at a");
        using var http = new HttpClient { BaseAddress = a.Address };
        Assert.Equal("ok", await http.GetStringAsync("/healthz"));

        // A collector connected before the outage carries on through it.
        await using var collector = await a.IngestAsync();

        // A wall on A, connected before the outage too: what A ingests while Redis is away must still reach it.
        var wallMessages = new ConcurrentQueue<JsonElement>();
        // Signed in before the outage: the session cookie is read on either node from the keys each node holds.
        var wallCookies = await TestUsers.SignInAsync(a.Address, TestUsers.Admin);
        await using var wallA = new HubConnectionBuilder().WithUrl(new Uri(a.Address, HubNames.StatusHubPath), o => o.Cookies = wallCookies).Build();
        wallA.On<JsonElement>(HubNames.Delta, p => wallMessages.Enqueue(p));
        await wallA.StartAsync();
        await wallA.InvokeAsync(HubNames.Join, HubNames.NationalGroup);
        await redis.StopServerAsync();
        var outage = Stopwatch.StartNew();
        try
        {
            await UntilAsync(a, s => StateOf(s, ClusterServices.Dashboard, "a") == ClusterNodeStates.Degraded, "a degraded (no Redis)");
            Assert.Equal("degraded: " + NodeProblemCodes.RedisUnreachable, await http.GetStringAsync("/healthz"));

            // The collector's change reaches A while Redis is away: B cannot hear of it now.
            await collector.InvokeAsync(HubNames.PushStatusChanges, new StatusChangeBatch("collector-a", DownTargets("79", TimeProvider.System.GetUtcNow())));
            Assert.Equal(TargetStatus.Down, a.App.Services.GetRequiredService<Supervision.Dashboard.Live.LiveState>().National().Provinces.Single(p => p.Code == "79").Status);
            var wallClock = Stopwatch.StartNew();
            while (!wallMessages.Any(m => ProvinceStatus(m, "79") == nameof(TargetStatus.Down)))
            {
                Assert.True(wallClock.Elapsed < Bound, "the wall on A got no delta for 79 while Redis was away");
                await Task.Delay(50);
            }

            // Walls and collectors that connect (or reconnect) during the outage are served by the node they reach: a
            // new wall on A gets A's own state in its snapshot (79 down), one on B gets B's, and a new collector's push
            // reaches A's walls. (With the SignalR Redis backplane each new connection was refused while Redis was away.)
            var late = await JoinAsync(a, wallCookies);
            Assert.Equal(nameof(TargetStatus.Down), ProvinceStatus(late.Snapshot, "79"));
            var lateAtB = await JoinAsync(b, wallCookies);
            Assert.NotNull(ProvinceStatus(lateAtB.Snapshot, "79"));
            await using (var lateCollector = await a.IngestAsync())
            {
                await lateCollector.InvokeAsync(HubNames.PushStatusChanges, new StatusChangeBatch("collector-late", DownTargets("48", TimeProvider.System.GetUtcNow())));
                var lateClock = Stopwatch.StartNew();
                while (!late.Deltas.Any(m => ProvinceStatus(m, "48") == nameof(TargetStatus.Down)))
                {
                    Assert.True(lateClock.Elapsed < Bound, "the wall that joined A during the outage got no delta for 48 from the collector that connected during it");
                    await Task.Delay(50);
                }
            }

            await late.Connection.DisposeAsync();
            await lateAtB.Connection.DisposeAsync();

            // Past the lost-after bound B is unheard, not lost: A cannot tell its own deafness from B's death.
            await Task.Delay(TimeSpan.FromSeconds(4));
            var seen = a.App.Services.GetRequiredService<ClusterHealth>().Current();
            Assert.Equal(ClusterNodeStates.Unheard, StateOf(seen, ClusterServices.Dashboard, "b"));
            await UntilMetricAsync(a, "supervision_dashboard_cluster_degraded 1");
            await Task.Delay(TimeSpan.FromSeconds(60) - outage.Elapsed);
        }
        finally
        {
            await redis.StartServerAsync();
        }

        await UntilAsync(a, s => !s.Degraded && StateOf(s, ClusterServices.Dashboard, "b") == ClusterNodeStates.Live, "a and b healthy again", TimeSpan.FromSeconds(60));
        Assert.Equal("ok", await http.GetStringAsync("/healthz"));

        // B is handed what it missed, without waiting for that target's next change. Its states, not the province's
        // status: with no heartbeat from this test's collector, an observation of over a minute ago shows as stale (Unknown).
        var missed = DownTargets("79", TimeProvider.System.GetUtcNow()).Select(t => t.TargetId).ToHashSet(StringComparer.Ordinal);
        var liveB = b.App.Services.GetRequiredService<Supervision.Dashboard.Live.LiveState>();
        var clockB = Stopwatch.StartNew();
        while (liveB.Export().Targets.SelectMany(t => t.Changes).Count(t => missed.Contains(t.TargetId) && t.Status == TargetStatus.Down) != missed.Count)
        {
            Assert.True(clockB.Elapsed < Bound, "B never got the change A ingested while Redis was away");
            await Task.Delay(100);
        }

        // The ingest stream works again: a delta ingested at A reaches a wallboard on B.
        var cookies = await TestUsers.SignInAsync(b.Address, TestUsers.Admin);
        var messages = new ConcurrentQueue<(string Kind, JsonElement Payload)>();
        await using var wall = new HubConnectionBuilder().WithUrl(new Uri(b.Address, HubNames.StatusHubPath), o => o.Cookies = cookies).Build();
        wall.On<JsonElement>(HubNames.Delta, p => messages.Enqueue((HubNames.Delta, p)));
        await wall.StartAsync();
        await wall.InvokeAsync(HubNames.Join, HubNames.NationalGroup);
        await using var ingest = await a.IngestAsync();
        await ingest.InvokeAsync(HubNames.PushStatusChanges, new StatusChangeBatch("collector-a", DownTargets("01", TimeProvider.System.GetUtcNow())));
        var clock = Stopwatch.StartNew();
        while (!messages.Any(m => m.Payload.TryGetProperty("provinces", out var p) && p.EnumerateArray().Any(x => x.GetProperty("code").GetString() == "01")))
        {
            Assert.True(clock.Elapsed < Bound, "no delta for 01 at node B after Redis came back");
            await Task.Delay(50);
        }
    }

    // A wall joining the national group of a node: its snapshot, and the deltas that follow.
    private static async Task<(HubConnection Connection, JsonElement Snapshot, ConcurrentQueue<JsonElement> Deltas)> JoinAsync(DashboardHost node, System.Net.CookieContainer cookies)
    {
        var snapshot = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var deltas = new ConcurrentQueue<JsonElement>();
        var connection = new HubConnectionBuilder().WithUrl(new Uri(node.Address, HubNames.StatusHubPath), o => o.Cookies = cookies).Build();
        connection.On<JsonElement>(HubNames.Snapshot, p => snapshot.TrySetResult(p));
        connection.On<JsonElement>(HubNames.Delta, p => deltas.Enqueue(p));
        await connection.StartAsync().WaitAsync(Bound);
        await connection.InvokeAsync(HubNames.Join, HubNames.NationalGroup).WaitAsync(Bound);
        return (connection, await snapshot.Task.WaitAsync(Bound), deltas);
    }

    private static string? ProvinceStatus(JsonElement delta, string code) =>
        delta.TryGetProperty("provinces", out var list)
            ? list.EnumerateArray().Where(p => p.GetProperty("code").GetString() == code).Select(p => p.GetProperty("status").ToString()).FirstOrDefault()
            : null;

    private static TargetState[] DownTargets(string province, DateTimeOffset at) =>
        TestInventory.Communes(province).SelectMany(TestInventory.TargetsOf)
            .Select(t => new TargetState(t, TargetStatus.Down, StatusReason.Refused, null, at, at)).ToArray();

    private static string? StateOf(ClusterStatus status, string service, string node) =>
        status.Nodes.FirstOrDefault(n => n.Service == service && n.Node == node)?.State;

    private static async Task UntilAsync(DashboardHost host, Func<ClusterStatus, bool> condition, string what, TimeSpan? timeout = null)
    {
        var health = host.App.Services.GetRequiredService<ClusterHealth>();
        var clock = Stopwatch.StartNew();
        while (!condition(health.Current()))
        {
            Assert.True(clock.Elapsed < (timeout ?? Bound), $"not {what} within {timeout ?? Bound}: {JsonSerializer.Serialize(health.Current())}");
            await Task.Delay(100);
        }
    }

    // The gauges are set by the reporter's rounds: waits (bounded) for the line.
    private static async Task UntilMetricAsync(DashboardHost host, string line)
    {
        using var http = new HttpClient { BaseAddress = host.Address };
        var clock = Stopwatch.StartNew();
        string text;
        while (!(text = await http.GetStringAsync("/metrics")).Contains(line, StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < Bound, $"/metrics lacks '{line}' after {Bound}:\n{string.Join("\n", text.Split('\n').Where(l => l.Contains("cluster", StringComparison.Ordinal)))}");
            await Task.Delay(100);
        }
    }
}
