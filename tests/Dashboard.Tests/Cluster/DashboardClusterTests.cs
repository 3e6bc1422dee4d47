using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Core.Domain;
using Supervision.Core.Messages;
using Supervision.Testing;

namespace Supervision.Dashboard.Tests.Cluster;

/// <summary>Two Dashboards on one Redis (keys, lock-out, audit, ingest stream), as behind the HA proxy.</summary>
public sealed class DashboardClusterTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private Task<DashboardHost> NodeAsync(string name) =>
        DashboardHost.StartAsync(0, $"--Dashboard:Cluster:Redis={redis.Configuration}", $"--Dashboard:Cluster:NodeName={name}");

    [Fact]
    public async Task a_delta_ingested_at_node_a_reaches_a_wallboard_signed_in_at_a_and_connected_to_node_b_once()
    {
        await using var a = await NodeAsync("a");
        await using var b = await NodeAsync("b");
        // Signed in at A, connected to B: the session cookie holds across nodes (shared data-protection keys).
        var cookies = await TestUsers.SignInAsync(a.Address, TestUsers.Admin);
        var messages = new ConcurrentQueue<(string Kind, JsonElement Payload)>();
        await using var wall = new HubConnectionBuilder().WithUrl(new Uri(b.Address, HubNames.StatusHubPath), o => o.Cookies = cookies).Build();
        wall.On<JsonElement>(HubNames.Snapshot, p => messages.Enqueue((HubNames.Snapshot, p)));
        wall.On<JsonElement>(HubNames.Delta, p => messages.Enqueue((HubNames.Delta, p)));
        await wall.StartAsync();
        await wall.InvokeAsync(HubNames.Join, HubNames.NationalGroup);

        await using var ingest = await a.IngestAsync();
        var now = TimeProvider.System.GetUtcNow();
        var down = TestInventory.Communes("79").SelectMany(TestInventory.TargetsOf)
            .Select(t => new TargetState(t, TargetStatus.Down, StatusReason.Refused, null, now, now)).ToArray();
        await ingest.InvokeAsync(HubNames.PushStatusChanges, new StatusChangeBatch("collector-a", down));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!messages.Any(m => m.Kind == HubNames.Delta && Mentions79(m.Payload)))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"no delta for 79 at node B; got {string.Join(", ", messages.Select(m => m.Kind))}");
            await Task.Delay(50);
        }

        // The national figures a collector reports at A are B's too (its walls show them, not "—").
        await ingest.InvokeAsync(HubNames.PushFigures, new FigureReport("collector-a", now, DateOnly.FromDateTime(Supervision.Core.Calendar.VietnamTime.ToVietnam(now).DateTime), 42, 7, 3, 100, 100));
        var figuresB = b.App.Services.GetRequiredService<Supervision.Dashboard.Live.LiveState>().Figures;
        clock.Restart();
        while (figuresB.Current().DocumentsPerMinute != 42)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"B's figures stay {figuresB.Current()}");
            await Task.Delay(50);
        }

        // Node B holds the change itself: a wallboard joining there later gets it in its snapshot.
        Assert.Equal(TargetStatus.Down, b.App.Services.GetRequiredService<Supervision.Dashboard.Live.LiveState>().National().Provinces.Single(p => p.Code == "79").Status);
        await Task.Delay(600);
        Assert.Single(messages, m => m.Kind == HubNames.Delta && Mentions79(m.Payload));
    }

    [Fact]
    public async Task failures_at_one_node_lock_the_name_at_the_other_and_both_audit_lists_show_them()
    {
        await using var a = await NodeAsync("a");
        await using var b = await NodeAsync("b");
        using var atA = TestUsers.Client(a.Address);
        using var atB = TestUsers.Client(b.Address);
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await TestUsers.PostSignInAsync(i % 2 == 0 ? atA : atB, TestUsers.Operator, "wrong-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var right = await TestUsers.PostSignInAsync(atB, TestUsers.Operator, TestUsers.Password(TestUsers.Operator));
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var audit = a.App.Services.GetRequiredService<Supervision.Dashboard.Security.AuditLog>().Recent(50, TestUsers.Operator);
        Assert.Contains(audit, e => e.Action == "signin.locked" && e.Outcome == "denied");
    }

    private static bool Mentions79(JsonElement delta) =>
        delta.TryGetProperty("provinces", out var list) && list.EnumerateArray().Any(p => p.GetProperty("code").GetString() == "79");
}
