using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Supervision.Alerting.Muting;
using Supervision.Alerting.Notify.Delivery;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Notify;

public sealed class DeliveryWorkerTests
{
    [Fact]
    public async Task the_worker_delivers_as_soon_as_the_pipeline_enqueues_without_waiting_for_a_tick()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var yaml = NotifyHarness.WebhookConfig(new Uri(receiver.BaseAddress, "hook")).Replace("group_wait: 10s", "group_wait: 0s", StringComparison.Ordinal);
        await using var h = NotifyHarness.Create(yaml, settings: s => s["Notifications:TickInterval"] = "01:00:00");
        var worker = h.Services.GetServices<IHostedService>().OfType<NotificationWorker>().Single();
        await worker.StartAsync(CancellationToken.None);
        try
        {
            await h.Pipeline.ProcessAsync([NotifyHarness.Firing("26734")], h.Now, CancellationToken.None);
            Assert.Single(await receiver.WaitForAsync(1, TimeSpan.FromSeconds(10)));
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task max_alerts_truncates_the_webhook_and_counts_the_rest()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var yaml = NotifyHarness.WebhookConfig(new Uri(receiver.BaseAddress, "hook")).Replace("timeout: 2s", "timeout: 2s\n      max_alerts: 50", StringComparison.Ordinal);
        await using var h = NotifyHarness.Create(yaml);
        await h.StepAsync(Enumerable.Range(0, 120).Select(i => NotifyHarness.Firing((27000 + i).ToString())).ToArray());
        await h.AdvanceAsync(TimeSpan.FromSeconds(10));
        using var doc = JsonDocument.Parse((await receiver.WaitForAsync(1, TimeSpan.FromSeconds(10)))[0].Body);
        Assert.Equal(50, doc.RootElement.GetProperty("alerts").GetArrayLength());
        Assert.Equal(70, doc.RootElement.GetProperty("truncatedAlerts").GetInt32());
    }

    [Fact]
    public async Task an_expired_silence_no_longer_mutes()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var h = NotifyHarness.Create(NotifyHarness.WebhookConfig(new Uri(receiver.BaseAddress, "hook")));
        h.Silences.Upsert(new Silence("s1", [Matcher.Parse("province=\"79\"")], h.Now, h.Now.AddHours(8), "an", "work"));
        var a = NotifyHarness.Firing("26734");
        await h.StepAsync([a]);
        Assert.Equal(0, (await h.AdvanceAsync(TimeSpan.FromMinutes(1))).Claimed);

        Assert.True(h.Silences.Expire("s1", h.Now));
        await h.StepAsync([a]);
        await h.AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.Single(await receiver.WaitForAsync(1, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task escalation_progress_survives_a_restart()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var yaml = $$$"""
            route: { receiver: page, group_by: [province], group_wait: 5s }
            receivers:
              - { name: page, escalation: p }
              - name: pager
                http: { url: "{{{receiver.BaseAddress}}}page/{{recipient}}", body: "x", timeout: 2s }
            users:
              - { name: an, receiver: pager, address: an }
              - { name: binh, receiver: pager, address: binh }
            escalation_policies:
              - name: p
                steps:
                  - { after: 5m, targets: [{ user: an }] }
                  - { after: 5m, targets: [{ user: binh }] }
            """;
        var folder = Path.Combine(Path.GetTempPath(), "supervision-notify-esc-" + Guid.NewGuid().ToString("N"));
        var a = NotifyHarness.Firing("26734");
        await using (var first = NotifyHarness.Create(yaml, folder))
        {
            await first.StepAsync([a]);
            await first.AdvanceAsync(TimeSpan.FromSeconds(5));
            await first.AdvanceAsync(TimeSpan.FromMinutes(2));
        }

        await using (var second = NotifyHarness.Create(yaml, folder, NotifyHarness.Start.AddMinutes(3)))
        {
            await second.StepAsync([a]);
            Assert.Equal(["/page/an"], receiver.Received.Select(r => r.Path));
            await second.AdvanceAsync(TimeSpan.FromMinutes(3));
            Assert.Equal(["/page/an", "/page/binh"], receiver.Received.Select(r => r.Path));
        }

        Directory.Delete(folder, recursive: true);
    }
}
