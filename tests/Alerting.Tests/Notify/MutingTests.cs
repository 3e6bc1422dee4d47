using System.Text.Json;
using Supervision.Alerting.Muting;
using Supervision.Core.Contracts.Alerting;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Notify;

public sealed class MutingTests
{
    [Fact]
    public async Task a_silenced_alert_sends_nothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var h = NotifyHarness.Create(NotifyHarness.WebhookConfig(new Uri(receiver.BaseAddress, "hook")));
        h.Silences.Upsert(new Silence("s1", [Matcher.Parse("province=\"79\"")], h.Now, h.Now.AddHours(2), "an.nguyen", "planned switch work"));
        var a = NotifyHarness.Firing("26734");

        await h.StepAsync([a]);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(0, (await h.AdvanceAsync(TimeSpan.FromMinutes(1))).Claimed);
        }

        await h.StepAsync([NotifyHarness.Resolved(a, h.Now)]);
        Assert.Equal(0, (await h.AdvanceAsync(TimeSpan.FromMinutes(5))).Claimed);
        Assert.Equal(0, receiver.Hits);
    }

    [Fact]
    public async Task an_alert_notified_as_firing_then_silenced_still_gets_its_resolution()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var h = NotifyHarness.Create(NotifyHarness.WebhookConfig(new Uri(receiver.BaseAddress, "hook")));
        var a = NotifyHarness.Firing("26734");
        await h.StepAsync([a]);
        await h.AdvanceAsync(TimeSpan.FromSeconds(10));
        await receiver.WaitForAsync(1, TimeSpan.FromSeconds(10));

        h.Silences.Upsert(new Silence("s1", [Matcher.Parse("unit=\"26734\"")], h.Now, h.Now.AddHours(2), "an.nguyen", "known issue"));
        await h.StepAsync([a]);
        Assert.Equal(0, (await h.AdvanceAsync(TimeSpan.FromMinutes(10))).Claimed);

        await h.StepAsync([NotifyHarness.Resolved(a, h.Now)]);
        await h.AdvanceAsync(TimeSpan.FromMinutes(1));
        var got = await receiver.WaitForAsync(2, TimeSpan.FromSeconds(10));
        using var doc = JsonDocument.Parse(got[1].Body);
        Assert.Equal("resolved", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal("resolved", doc.RootElement.GetProperty("alerts")[0].GetProperty("status").GetString());
        Assert.NotEqual("0001-01-01T00:00:00Z", doc.RootElement.GetProperty("alerts")[0].GetProperty("endsAt").GetString());
    }

    [Fact]
    public async Task an_alert_that_vanishes_from_the_engine_after_being_notified_is_resolved()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var h = NotifyHarness.Create(NotifyHarness.WebhookConfig(new Uri(receiver.BaseAddress, "hook")));
        await h.StepAsync([NotifyHarness.Firing("26734")]);
        await h.AdvanceAsync(TimeSpan.FromSeconds(10));
        await h.StepAsync([]);
        await h.AdvanceAsync(TimeSpan.FromMinutes(1));
        var got = await receiver.WaitForAsync(2, TimeSpan.FromSeconds(10));
        Assert.Contains("\"status\":\"resolved\"", got[1].Body);
    }

    [Fact]
    public async Task inhibition_from_the_engine_mutes_like_a_silence()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var h = NotifyHarness.Create(NotifyHarness.WebhookConfig(new Uri(receiver.BaseAddress, "hook")));
        var a = NotifyHarness.Firing("26734") with { InhibitedBy = "ProvinceDown-79" };
        await h.StepAsync([a]);
        Assert.Equal(0, (await h.AdvanceAsync(TimeSpan.FromMinutes(2))).Claimed);
    }

    [Fact]
    public async Task a_recurring_maintenance_window_mutes_only_while_open_and_only_its_province()
    {
        await using var h = NotifyHarness.Create(NotifyHarness.WebhookConfig(new Uri("http://127.0.0.1:9/hook")));
        // Every day 22:00 Vietnam time for 2 hours, province 01 only.
        var (saved, errors) = await h.Maintenance.SaveAsync(
            new MaintenanceWindow(string.Empty, "Bảo trì mạng Hà Nội", ["province=\"01\""], null, null, "0 0 22 * * ?", TimeSpan.FromHours(2), "+07:00", string.Empty, "network works", h.Now),
            "binh.tran", h.Now, create: true, CancellationToken.None);
        Assert.Empty(errors);
        Assert.NotNull(saved);

        var mute = h.Services.GetService(typeof(MuteEvaluator)) as MuteEvaluator;
        var hanoi = NotifyHarness.Firing("00004", "01");
        var hcm = NotifyHarness.Firing("26734", "79");
        var at2230 = new DateTimeOffset(2026, 11, 23, 22, 30, 0, TimeSpan.FromHours(7));
        var at0030 = at2230.AddHours(2);
        Assert.Equal(MuteReason.Maintenance, (await mute!.CheckAsync(hanoi, at2230, CancellationToken.None)).Reason);
        Assert.False((await mute.CheckAsync(hcm, at2230, CancellationToken.None)).IsMuted);
        Assert.False((await mute.CheckAsync(hanoi, at0030, CancellationToken.None)).IsMuted);
        Assert.False((await mute.CheckAsync(hanoi, at2230.AddHours(-1), CancellationToken.None)).IsMuted);

        var audit = await h.Audit.ListAsync(10, "maintenance", CancellationToken.None);
        Assert.Equal("binh.tran", Assert.Single(audit).Actor);
    }

    [Fact]
    public async Task a_bad_maintenance_window_is_rejected_with_the_field_named()
    {
        await using var h = NotifyHarness.Create(NotifyHarness.WebhookConfig(new Uri("http://127.0.0.1:9/hook")));
        var (saved, errors) = await h.Maintenance.SaveAsync(
            new MaintenanceWindow(string.Empty, "x", ["province=\"01\""], null, null, "not a cron", null, "+07:00", string.Empty, string.Empty, h.Now),
            "someone", h.Now, create: true, CancellationToken.None);
        Assert.Null(saved);
        Assert.Contains(errors, e => e.StartsWith("cron:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("duration:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("province=\"79\"", true)]
    [InlineData("province!=\"79\"", false)]
    [InlineData("system=~\"ed.*\"", true)]
    [InlineData("system!~\"ed.*\"", false)]
    [InlineData("system=~\"doc\"", false)] // anchored: a part of the value is not a match
    [InlineData("zone!=\"x\"", true)] // a missing label is the empty string
    public void matchers_follow_alertmanager_semantics(string text, bool expected)
    {
        var labels = new Dictionary<string, string> { ["province"] = "79", ["system"] = "edoc" };
        Assert.Equal(expected, Matcher.Parse(text).Matches(labels));
    }
}
