using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Core.Domain;
using Supervision.Core.Messages;
using Supervision.Testing;

namespace Supervision.Dashboard.Tests.Hubs;

public sealed class StatusHubTests
{
    private static TargetState State(string id, TargetStatus status, DateTimeOffset? at = null)
    {
        var now = at ?? TimeProvider.System.GetUtcNow();
        return new TargetState(id, status, status == TargetStatus.Up ? StatusReason.None : StatusReason.Refused, null, now, now);
    }

    private static JsonElement Province(JsonElement national, string code) =>
        national.GetProperty("provinces").EnumerateArray().Single(p => p.GetProperty("code").GetString() == code);

    [Fact]
    public async Task a_national_subscriber_gets_a_snapshot_of_all_34_provinces_on_join()
    {
        await using var host = await DashboardHost.StartAsync();
        await using var sub = await Subscriber.JoinAsync(host.Address, HubNames.NationalGroup);
        var snapshot = await sub.NextAsync(HubNames.Snapshot);
        Assert.Equal(34, snapshot.GetProperty("provinces").GetArrayLength());
        Assert.Equal(168, Province(snapshot, "79").GetProperty("communes").GetProperty("total").GetInt32());
        Assert.True(Province(snapshot, "79").GetProperty("stale").GetBoolean());
    }

    [Fact]
    public async Task ingested_changes_reach_the_national_group_as_a_delta_with_the_rolled_up_province()
    {
        await using var host = await DashboardHost.StartAsync();
        await using var sub = await Subscriber.JoinAsync(host.Address, HubNames.NationalGroup);
        await sub.NextAsync(HubNames.Snapshot);
        await using var ingest = await host.IngestAsync();
        var hcm = TestInventory.Communes("79");
        // Every system of the province up, and a third of its communes' network down.
        var states = TestInventory.TargetsOf("79").Select(t => State(t, TargetStatus.Up))
            .Concat(hcm.SelectMany(TestInventory.TargetsOf).Select(t => State(t, t.EndsWith("/network", StringComparison.Ordinal) && int.Parse(t[..5], System.Globalization.CultureInfo.InvariantCulture) % 3 == 0 ? TargetStatus.Down : TargetStatus.Up)))
            .ToArray();
        await ingest.InvokeAsync(HubNames.PushStatusChanges, new StatusChangeBatch("collector-test", states));

        var delta = await sub.NextAsync(HubNames.Delta, d => d.GetProperty("provinces").EnumerateArray().Any(p => p.GetProperty("code").GetString() == "79"));
        var province = delta.GetProperty("provinces").EnumerateArray().Single(p => p.GetProperty("code").GetString() == "79");
        var down = province.GetProperty("communes").GetProperty("down").GetInt32();
        Assert.Equal(hcm.Count(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture) % 3 == 0), down);
        var share = down / 168.0;
        Assert.Equal(share >= 0.25 ? "Down" : share >= 0.05 ? "Degraded" : "Up", province.GetProperty("status").GetString());
        Assert.False(province.GetProperty("stale").GetBoolean());
        Assert.Equal(1, delta.GetProperty("provinces").GetArrayLength());
    }

    [Fact]
    public async Task a_province_subscriber_gets_only_its_own_province()
    {
        await using var host = await DashboardHost.StartAsync();
        await using var hcm = await Subscriber.JoinAsync(host.Address, HubNames.ProvinceGroup("79"));
        await using var hanoi = await Subscriber.JoinAsync(host.Address, HubNames.ProvinceGroup("01"));
        var snapshot = await hcm.NextAsync(HubNames.Snapshot);
        Assert.Equal(168, snapshot.GetProperty("communes").GetArrayLength());
        await hanoi.NextAsync(HubNames.Snapshot);

        await using var ingest = await host.IngestAsync();
        await ingest.InvokeAsync(HubNames.PushStatusChanges, new StatusChangeBatch("c", [State("26737/edoc", TargetStatus.Down)]));
        var delta = await hcm.NextAsync(HubNames.Delta);
        var unit = Assert.Single(delta.GetProperty("units").EnumerateArray());
        Assert.Equal("26737", unit.GetProperty("id").GetString());
        Assert.Equal("Down", unit.GetProperty("status").GetString());

        await Task.Delay(800); // several coalescing periods: a Hà Nội delta would have arrived by now
        Assert.DoesNotContain(hanoi.Messages, m => m.Kind == HubNames.Delta);
    }

    [Fact]
    public async Task a_burst_of_3000_changes_is_a_few_messages_not_3000()
    {
        await using var host = await DashboardHost.StartAsync();
        await using var sub = await Subscriber.JoinAsync(host.Address, HubNames.NationalGroup);
        await sub.NextAsync(HubNames.Snapshot);
        await using var ingest = await host.IngestAsync();
        var targets = TestInventory.FleetTargets().Take(3000).ToArray();
        foreach (var chunk in targets.Chunk(100))
        {
            await ingest.InvokeAsync(HubNames.PushStatusChanges, new StatusChangeBatch("burst", chunk.Select(t => State(t, TargetStatus.Down)).ToArray()));
        }

        await sub.NextAsync(HubNames.Delta);
        await Task.Delay(1000);
        var deltas = sub.Messages.Count(m => m.Kind == HubNames.Delta);
        Assert.InRange(deltas, 1, 10);
        var national = host.App.Services.GetRequiredService<Live.LiveState>().National();
        Assert.Equal(3000, national.Targets.Down);
    }

    [Fact]
    public async Task the_ingest_hub_refuses_a_missing_or_wrong_key_with_401()
    {
        await using var host = await DashboardHost.StartAsync();
        using var http = new HttpClient();
        var response = await http.PostAsync(new Uri(host.Address, HubNames.IngestHubPath + "/negotiate?negotiateVersion=1"), null);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        var ex = await Assert.ThrowsAnyAsync<HttpRequestException>(() => host.IngestAsync("wrong-key-wrong-key"));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, ex.StatusCode);
    }

    [Fact]
    public async Task joining_an_unknown_group_is_a_clear_error()
    {
        await using var host = await DashboardHost.StartAsync();
        var ex = await Assert.ThrowsAsync<HubException>(() => Subscriber.JoinAsync(host.Address, "province:99"));
        Assert.Contains("unknown group 'province:99'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task after_a_dashboard_restart_subscribers_reconnect_and_a_collector_snapshot_restores_the_state()
    {
        var port = FreePort.Next();
        var host = await DashboardHost.StartAsync(port);
        var sub = await Subscriber.JoinAsync(host.Address, HubNames.NationalGroup);
        await using var _ = sub;
        await sub.NextAsync(HubNames.Snapshot);
        await host.DisposeAsync();

        await using var restarted = await DashboardHost.StartAsync(port);
        await using var ingest = await restarted.IngestAsync();
        var targets = TestInventory.TargetsOf("79").Concat(TestInventory.Communes("79").SelectMany(TestInventory.TargetsOf));
        await ingest.InvokeAsync(HubNames.PushStatusSnapshot, new StatusSnapshot("c", 0, 1, targets.Select(t => State(t, t.StartsWith("79/", StringComparison.Ordinal) ? TargetStatus.Down : TargetStatus.Up)).ToArray()));

        // Reconnected and re-joined: whether the restored province came in the re-join snapshot or in a delta
        // after it, the subscriber's view of it is what the collector reported.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (sub.ProvinceStatus("79") != "Down" && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        Assert.Equal(HubConnectionState.Connected, sub.Connection.State);
        Assert.True(sub.Messages.Count(m => m.Kind == HubNames.Snapshot) >= 2, "no snapshot after the reconnect");
        Assert.Equal("Down", sub.ProvinceStatus("79"));
        Assert.Equal("Unknown", Province(sub.Messages.Last(m => m.Kind == HubNames.Snapshot).Payload, "01").GetProperty("status").GetString());
    }
}
