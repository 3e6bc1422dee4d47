using System.Text.Json;
using Supervision.Alerting.Tests.Notify;
using Supervision.Core.Messages;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Routing;

public sealed class GroupingTests
{
    private static string TwoReceivers(Uri baseAddress) => $$"""
        route:
          receiver: ops
          group_by: [province, system]
          group_wait: 10s
          group_interval: 1m
          repeat_interval: 4h
          routes:
            - matchers: ['severity="critical"']
              receiver: ops
              continue: true
            - matchers: ['province=~"79|01"']
              receiver: chat
        receivers:
          - name: ops
            webhook: { url: {{baseAddress}}ops, timeout: 2s }
          - name: chat
            webhook: { url: {{baseAddress}}chat, timeout: 2s }
        """;

    [Fact]
    public async Task two_hundred_communes_of_one_province_failing_at_once_make_one_notification_per_receiver()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var h = NotifyHarness.Create(TwoReceivers(receiver.BaseAddress));
        var alerts = Enumerable.Range(0, 200).Select(i => NotifyHarness.Firing((26000 + i).ToString())).ToArray();

        var first = await h.StepAsync(alerts);
        Assert.Equal(0, first.Claimed); // still inside group_wait: nothing sent yet

        await h.AdvanceAsync(TimeSpan.FromSeconds(5));
        await h.Pipeline.ProcessAsync(alerts, h.Now, CancellationToken.None);
        var pass = await h.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, pass.Delivered);

        var got = await receiver.WaitForAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal(["/chat", "/ops"], got.Select(r => r.Path).Order());
        foreach (var r in got)
        {
            using var doc = JsonDocument.Parse(r.Body);
            Assert.Equal(200, doc.RootElement.GetProperty("alerts").GetArrayLength());
            Assert.Equal("79", doc.RootElement.GetProperty("groupLabels").GetProperty("province").GetString());
        }

        // Nothing more while nothing changes (well within repeat_interval).
        for (var i = 0; i < 10; i++)
        {
            await h.Pipeline.ProcessAsync(alerts, h.Now, CancellationToken.None);
            Assert.Equal(0, (await h.AdvanceAsync(TimeSpan.FromMinutes(1))).Claimed);
        }

        Assert.Equal(2, receiver.Received.Count);
    }

    [Fact]
    public async Task a_new_alert_in_a_notified_group_waits_for_the_group_interval_and_repeats_come_after_the_repeat_interval()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var h = NotifyHarness.Create(NotifyHarness.WebhookConfig(new Uri(receiver.BaseAddress, "hook")));
        var a = NotifyHarness.Firing("26734");
        await h.StepAsync([a]);
        await h.AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.Single(await receiver.WaitForAsync(1, TimeSpan.FromSeconds(10)));

        var b = NotifyHarness.Firing("26737", since: h.Now);
        await h.StepAsync([a, b]);
        Assert.Equal(0, (await h.AdvanceAsync(TimeSpan.FromSeconds(30))).Claimed);
        Assert.Equal(1, (await h.AdvanceAsync(TimeSpan.FromSeconds(30))).Delivered);

        Assert.Equal(0, (await h.AdvanceAsync(TimeSpan.FromHours(3))).Claimed);
        Assert.Equal(1, (await h.AdvanceAsync(TimeSpan.FromHours(1))).Delivered);
        var all = await receiver.WaitForAsync(3, TimeSpan.FromSeconds(10));
        using var last = JsonDocument.Parse(all[^1].Body);
        Assert.Equal(2, last.RootElement.GetProperty("alerts").GetArrayLength());
    }

    [Fact]
    public async Task alerts_of_different_provinces_form_separate_groups()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var h = NotifyHarness.Create(NotifyHarness.WebhookConfig(new Uri(receiver.BaseAddress, "hook")));
        AlertView[] alerts = [NotifyHarness.Firing("26734", "79"), NotifyHarness.Firing("00004", "01"), NotifyHarness.Firing("00007", "01")];
        await h.StepAsync(alerts);
        Assert.Equal(2, (await h.AdvanceAsync(TimeSpan.FromSeconds(10))).Delivered);
    }
}
