using System.Diagnostics;
using System.Text.Json;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Cluster;

/// <summary>
/// Two Alerting nodes on one PostgreSQL (Quartz clustered, shared state and outbox), killed with SIGKILL: the
/// survivor takes the dead node's rule groups over, and every page reaches the receiver exactly once — except
/// the one a node was sending when it died, which is repeated once with the same idempotency key.
/// </summary>
public sealed class ClusterFailoverTests(PostgresServerFixture postgres, InfluxServerFixture influx)
    : IClassFixture<PostgresServerFixture>, IClassFixture<InfluxServerFixture>
{
    private static readonly TimeSpan Takeover = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task a_killed_node_is_taken_over_and_every_page_is_delivered_once_or_repeated_with_its_key()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var start = Stopwatch.GetTimestamp();
        await using var cluster = await StartClusterAsync(receiver, "cluster", webhookTimeout: TimeSpan.FromSeconds(8), deliveryLease: TimeSpan.FromSeconds(10));

        // Both nodes serve one cluster: a page goes out once. The kill below is one during evaluations, not during a
        // delivery: it waits until the sender has recorded the answer (killed between the receiver's answer and that
        // record, the sender's page would rightly go out again, with its key: the case the last part of this test makes).
        await cluster.WriteDownAsync("01", 3);
        await receiver.WaitForAsync(1, TimeSpan.FromSeconds(30));
        await cluster.WaitForDeliveredAsync(1, TimeSpan.FromSeconds(30));

        // kill -9 of a node while the groups run every second: the survivor runs every group within the bound.
        var killedAt = TimeProvider.System.GetUtcNow();
        await cluster.Process("a").KillAsync();
        var clock = Stopwatch.StartNew();
        var phases = new List<string> { $"started, first page: {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s" };
        while (true)
        {
            var last = await cluster.LastEvaluationsAsync("b");
            if (last.Values.All(t => t > killedAt))
            {
                break;
            }

            Assert.True(clock.Elapsed < Takeover, $"b had not evaluated every group {Takeover} after a died: {string.Join(", ", last)}");
            await Task.Delay(200);
        }

        phases.Add($"takeover: {clock.Elapsed.TotalSeconds:F1} s");
        await cluster.WriteDownAsync("79", 3);
        await WaitForAnsweredAsync(receiver, "south-down", TimeSpan.FromSeconds(30));
        await cluster.WaitForDeliveredAsync(2, TimeSpan.FromSeconds(30));

        // kill -9 of the node holding a delivery open: the survivor sends it again after the lease, same key.
        await cluster.StartAsync("a");
        receiver.Hang(true);
        await cluster.WriteDownAsync("48", 3);
        clock.Restart();
        while (!receiver.Arrived.Any(r => r.Body.Contains("center-down", StringComparison.Ordinal)))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the center-down page never reached the receiver");
            await Task.Delay(50);
        }

        clock.Restart();
        var holder = cluster.NodeConnectedTo(receiver.BaseAddress.Port);
        Assert.NotNull(holder);
        var victim = cluster.Process("a").Id == holder ? "a" : "b";
        await cluster.Process(victim).KillAsync();
        receiver.Hang(false);
        await WaitForAnsweredAsync(receiver, "center-down", cluster.DeliveryLease + TimeSpan.FromSeconds(20));

        phases.Add($"repeat after the kill: {clock.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine(string.Join("; ", phases));

        // Every page answered exactly once; the only repeat is the cut-off one, carrying the same key in header and body.
        var answered = receiver.Received.Select(Key).ToArray();
        Assert.True(answered.Length == 3 && answered.Distinct().Count() == 3,
            $"expected 3 answered pages with distinct keys, got {answered.Length}: {string.Join(" | ", receiver.Received.Select(r => r.Body))}\n{cluster.Logs()}");
        var arrivals = receiver.Arrived.GroupBy(Key).ToDictionary(g => g.Key, g => g.Count());
        var center = Key(receiver.Received.Single(r => r.Body.Contains("center-down", StringComparison.Ordinal)));
        Assert.Equal(2, arrivals[center]);
        Assert.All(arrivals.Where(a => a.Key != center), a => Assert.Equal(1, a.Value));
    }

    [Fact]
    public async Task a_slow_receiver_gets_one_copy_while_its_sender_lives_however_long_past_the_lease()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var cluster = await StartClusterAsync(receiver, "slow", webhookTimeout: TimeSpan.FromSeconds(30), deliveryLease: TimeSpan.FromSeconds(3));

        // The receiver answers after more than three leases. Unless the live sender keeps its claim, the other node (or
        // the sender's own next tick) takes the row when the lease lapses and sends a second copy meanwhile.
        receiver.AnswerAfter(TimeSpan.FromSeconds(10));
        await cluster.WriteDownAsync("01", 3);
        await WaitForAnsweredAsync(receiver, "north-down", TimeSpan.FromSeconds(60));
        await cluster.WaitForDeliveredAsync(1, TimeSpan.FromSeconds(30));

        // Both nodes kept claiming due rows all along: the next page goes out.
        receiver.AnswerAfter(TimeSpan.Zero);
        await cluster.WriteDownAsync("79", 3);
        await WaitForAnsweredAsync(receiver, "south-down", TimeSpan.FromSeconds(60));
        Assert.True(receiver.Arrived.Count == 2, $"expected one copy of each page, got {receiver.Arrived.Count}: {string.Join(" | ", receiver.Arrived.Select(r => r.Body))}\n{cluster.Logs()}");
    }

    [Fact]
    public async Task postgres_down_for_60_s_loses_no_page_and_the_nodes_say_so_and_recover_without_a_restart()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var cluster = await StartClusterAsync(receiver, "outage", webhookTimeout: TimeSpan.FromSeconds(8), deliveryLease: TimeSpan.FromSeconds(10));
        await cluster.WriteDownAsync("01", 3);
        await WaitForAnsweredAsync(receiver, "north-down", TimeSpan.FromSeconds(30));
        await cluster.WaitForDeliveredAsync(1, TimeSpan.FromSeconds(30));
        Assert.Contains("alerting_cluster_storage_up 1", await cluster.Http.GetStringAsync(new Uri(cluster.Url("a"), "metrics")), StringComparison.Ordinal);

        await postgres.StopServerAsync();
        var outage = Stopwatch.StartNew();
        try
        {
            // A province goes down while the database is away: nothing can be stored, so nothing may be sent yet.
            await cluster.WriteDownAsync("79", 3);
            foreach (var node in new[] { "a", "b" })
            {
                await UntilAsync(cluster, node, "healthz", "Degraded");
                await UntilAsync(cluster, node, "metrics", "alerting_cluster_storage_up 0");
            }

            await Task.Delay(TimeSpan.FromSeconds(60) - outage.Elapsed);
            Assert.DoesNotContain(receiver.Arrived, r => r.Body.Contains("south-down", StringComparison.Ordinal));
        }
        finally
        {
            await postgres.StartServerAsync();
        }

        // The same processes carry on: the page raised during the outage goes out once, and they say they are well again.
        await WaitForAnsweredAsync(receiver, "south-down", TimeSpan.FromSeconds(60));
        await cluster.WaitForDeliveredAsync(2, TimeSpan.FromSeconds(30));
        foreach (var node in new[] { "a", "b" })
        {
            Assert.True(cluster.Process(node).IsRunning, $"{node} exited during the outage:\n{cluster.Process(node).Output}");
            await UntilAsync(cluster, node, "healthz", "Healthy");
            await UntilAsync(cluster, node, "metrics", "alerting_cluster_storage_up 1");
        }

        Assert.True(receiver.Arrived.Count == 2, $"expected one copy of each page, got {receiver.Arrived.Count}: {string.Join(" | ", receiver.Arrived.Select(r => r.Body))}\n{cluster.Logs()}");
    }

    // Nodes a and b on a database of their own, paging the receiver.
    [Fact]
    public async Task a_route_with_a_group_wait_pages_once_the_wait_is_over()
    {
        // The shipped routes group for 5 s to 1 min before the first message. Each pass of a cluster reads the groups
        // again from PostgreSQL: a new group held only in memory started afresh at every pass, so its wait never ended
        // and a cluster paged nothing on such a route (seen in the national HA soak: 291 alerts, no group, no page).
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var cluster = await StartClusterAsync(receiver, "groupwait", webhookTimeout: TimeSpan.FromSeconds(8), deliveryLease: TimeSpan.FromSeconds(10), groupWait: TimeSpan.FromSeconds(3));
        await cluster.WriteDownAsync("01", 3);
        await WaitForAnsweredAsync(receiver, "north-down", TimeSpan.FromSeconds(60));
        await cluster.WaitForDeliveredAsync(1, TimeSpan.FromSeconds(30));
        Assert.Single(receiver.Received);
    }

    private async Task<AlertingCluster> StartClusterAsync(WebhookReceiver receiver, string name, TimeSpan webhookTimeout, TimeSpan deliveryLease, TimeSpan groupWait = default)
    {
        var cluster = new AlertingCluster(
            await postgres.CreateDatabaseAsync(name), influx.Url, await influx.CreateDatabaseAsync(name),
            new Uri(receiver.BaseAddress, "hook"), webhookTimeout, deliveryLease, groupWait: groupWait);
        try
        {
            await cluster.StartAsync("a");
            await cluster.StartAsync("b");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    // Waits (bounded) until a node's /healthz or /metrics holds the text.
    private static async Task UntilAsync(AlertingCluster cluster, string node, string path, string text)
    {
        var clock = Stopwatch.StartNew();
        string body;
        while (!(body = await cluster.Http.GetStringAsync(new Uri(cluster.Url(node), path))).Contains(text, StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{node} /{path} lacks '{text}' after 30 s: {body[..Math.Min(body.Length, 300)]}");
            await Task.Delay(200);
        }
    }

    private static string Key(ReceivedRequest r)
    {
        var header = r.Headers["Idempotency-Key"];
        using var body = JsonDocument.Parse(r.Body);
        Assert.Equal(header, body.RootElement.GetProperty("idempotencyKey").GetString());
        return header;
    }

    private static async Task WaitForAnsweredAsync(WebhookReceiver receiver, string alertname, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!receiver.Received.Any(r => r.Body.Contains(alertname, StringComparison.Ordinal)))
        {
            Assert.True(clock.Elapsed < timeout, $"no answered page for {alertname} within {timeout}; arrivals: {receiver.Arrived.Count}");
            await Task.Delay(50);
        }
    }
}
