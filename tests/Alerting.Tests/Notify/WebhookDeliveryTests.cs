using System.Net;
using System.Text.Json;
using Supervision.Alerting.Notify.Store;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Notify;

public sealed class WebhookDeliveryTests
{
    [Fact]
    public async Task a_webhook_carries_its_length_and_points_external_url_at_the_dashboard_by_default()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var h = NotifyHarness.Create(NotifyHarness.WebhookConfig(new Uri(receiver.BaseAddress, "hook")), settings: s => s["Notifications:ExternalUrl"] = null);
        await h.StepAsync([NotifyHarness.Firing("26734")]);
        await h.AdvanceAsync(TimeSpan.FromSeconds(10));
        var r = (await receiver.WaitForAsync(1, TimeSpan.FromSeconds(10)))[0];

        // Alertmanager sends a length; a chunked body is read as empty by simple receivers.
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(r.Body).ToString(System.Globalization.CultureInfo.InvariantCulture), r.Headers["Content-Length"]);
        Assert.False(r.Headers.ContainsKey("Transfer-Encoding"));
        using var doc = JsonDocument.Parse(r.Body);
        Assert.Equal("http://dashboard.test", doc.RootElement.GetProperty("externalURL").GetString());
    }

    [Fact]
    public async Task a_webhook_carries_alertmanager_version_4_json()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var h = NotifyHarness.Create(NotifyHarness.WebhookConfig(new Uri(receiver.BaseAddress, "hook")));
        await h.StepAsync([NotifyHarness.Firing("26734"), NotifyHarness.Firing("26737")]);
        await h.AdvanceAsync(TimeSpan.FromSeconds(10));
        var r = (await receiver.WaitForAsync(1, TimeSpan.FromSeconds(10)))[0];

        Assert.StartsWith("application/json", r.Headers["Content-Type"]);
        Assert.False(string.IsNullOrEmpty(r.Headers["Idempotency-Key"]));
        using var doc = JsonDocument.Parse(r.Body);
        var root = doc.RootElement;
        Assert.Equal(
            ["alerts", "commonAnnotations", "commonLabels", "externalURL", "groupKey", "groupLabels", "idempotencyKey", "receiver", "status", "truncatedAlerts", "version"],
            root.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        // Alertmanager's fields plus the key a receiver drops a repeat by: the same value as the header.
        Assert.Equal(r.Headers["Idempotency-Key"], root.GetProperty("idempotencyKey").GetString());
        Assert.Equal("4", root.GetProperty("version").GetString());
        Assert.Equal("ops", root.GetProperty("receiver").GetString());
        Assert.Equal("firing", root.GetProperty("status").GetString());
        Assert.Equal("http://alerting.test", root.GetProperty("externalURL").GetString());
        Assert.Equal(0, root.GetProperty("truncatedAlerts").GetInt32());
        Assert.Equal("{}:{province=\"79\", system=\"edoc\"}", root.GetProperty("groupKey").GetString());
        Assert.Equal("critical", root.GetProperty("commonLabels").GetProperty("severity").GetString());
        Assert.Equal("https://runbooks.test/target-down", root.GetProperty("commonAnnotations").GetProperty("runbook_url").GetString());

        var alert = root.GetProperty("alerts")[0];
        Assert.Equal(
            ["annotations", "endsAt", "fingerprint", "generatorURL", "labels", "startsAt", "status"],
            alert.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("firing", alert.GetProperty("status").GetString());
        Assert.Equal("0001-01-01T00:00:00Z", alert.GetProperty("endsAt").GetString());
        Assert.Equal("2026-11-23T01:00:00Z", alert.GetProperty("startsAt").GetString());
        Assert.Equal("TargetDown", alert.GetProperty("labels").GetProperty("alertname").GetString());
        Assert.StartsWith("http://dashboard.test/alerts/", alert.GetProperty("generatorURL").GetString());
        Assert.Equal("TargetDown-26734-edoc", alert.GetProperty("fingerprint").GetString());
        var ann = alert.GetProperty("annotations");
        Assert.Equal("Hồ Chí Minh", ann.GetProperty("province_name").GetString());
        Assert.Equal("Phường 26734", ann.GetProperty("unit_name").GetString());
        Assert.Equal("23/11/2026 08:00 (UTC+7)", ann.GetProperty("starts_at_vn").GetString());
    }

    [Fact]
    public async Task a_receiver_down_for_two_minutes_gets_every_notification_afterwards_and_none_twice()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var h = NotifyHarness.Create(NotifyHarness.WebhookConfig(new Uri(receiver.BaseAddress, "hook")));
        receiver.RespondWith(HttpStatusCode.ServiceUnavailable);

        // Three provinces' groups fire while the receiver is down.
        var alerts = new[] { NotifyHarness.Firing("26734", "79"), NotifyHarness.Firing("00004", "01"), NotifyHarness.Firing("20101", "48") };
        await h.StepAsync(alerts);
        var elapsed = TimeSpan.Zero;
        while (elapsed < TimeSpan.FromMinutes(2))
        {
            var pass = await h.AdvanceAsync(TimeSpan.FromSeconds(1));
            Assert.Equal(0, pass.Delivered);
            elapsed += TimeSpan.FromSeconds(1);
        }

        Assert.Empty(receiver.Received);
        Assert.True(receiver.Hits > 3, "the receiver was retried while down");

        receiver.RespondWith(HttpStatusCode.OK);
        for (var i = 0; i < 60; i++)
        {
            await h.AdvanceAsync(TimeSpan.FromSeconds(1));
        }

        var got = receiver.Received;
        Assert.Equal(3, got.Count);
        Assert.Equal(3, got.Select(r => r.Headers["Idempotency-Key"]).Distinct().Count());
        var counts = await h.Outbox.CountByStatusAsync(CancellationToken.None);
        Assert.Equal(3, counts[OutboxStatus.Delivered]);
        Assert.Single(counts);

        var history = await h.Outbox.HistoryForAlertAsync(alerts[0].Id, 10, CancellationToken.None);
        var record = Assert.Single(history);
        Assert.Equal(OutboxStatus.Delivered, record.Status);
        Assert.True(record.AttemptLog.Count > 1);
        Assert.All(record.AttemptLog.SkipLast(1), a => Assert.Equal("retry", a.Outcome));
        Assert.Equal("delivered", record.AttemptLog[^1].Outcome);
    }

    [Fact]
    public async Task a_delivery_killed_between_firing_and_delivered_is_sent_exactly_once_after_restart()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var yaml = NotifyHarness.WebhookConfig(new Uri(receiver.BaseAddress, "hook"));
        var first = NotifyHarness.Create(yaml, folder: Path.Combine(Path.GetTempPath(), "supervision-notify-crash-" + Guid.NewGuid().ToString("N")));
        var folder = first.Folder;
        var alert = NotifyHarness.Firing("26734");
        try
        {
            await first.StepAsync([alert]);
            first.Time.Advance(TimeSpan.FromSeconds(10));
            await first.Pipeline.TickAsync(first.Now, CancellationToken.None);

            // The receiver holds the request; the process dies mid-flight (its token is cut, nothing is completed).
            receiver.Hang(true);
            using var kill = new CancellationTokenSource();
            var inFlight = first.Dispatcher.DeliverDueAsync(first.Now, kill.Token);
            while (receiver.Hits == 0)
            {
                await Task.Delay(10);
            }

            await kill.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inFlight);
        }
        finally
        {
            await first.DisposeAsync();
        }

        receiver.Hang(false);
        await using var second = NotifyHarness.Create(yaml, folder: folder, start: NotifyHarness.Start.AddSeconds(12));
        try
        {
            // Restart: the same alerts come in again; the group remembers it already made this notification.
            await second.StepAsync([alert]);
            Assert.Equal(0, (await second.AdvanceAsync(TimeSpan.FromSeconds(5))).Claimed); // lease still held
            Assert.Equal(1, (await second.AdvanceAsync(TimeSpan.FromSeconds(30))).Delivered);
            for (var i = 0; i < 5; i++)
            {
                await second.Pipeline.ProcessAsync([alert], second.Now, CancellationToken.None);
                Assert.Equal(0, (await second.AdvanceAsync(TimeSpan.FromMinutes(1))).Claimed);
            }

            Assert.Single(receiver.Received);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task a_crash_after_the_notification_was_made_but_before_any_attempt_sends_it_once_after_restart()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var yaml = NotifyHarness.WebhookConfig(new Uri(receiver.BaseAddress, "hook"));
        var folder = Path.Combine(Path.GetTempPath(), "supervision-notify-crash2-" + Guid.NewGuid().ToString("N"));
        var alert = NotifyHarness.Firing("26734");
        await using (var first = NotifyHarness.Create(yaml, folder))
        {
            await first.StepAsync([alert]);
            first.Time.Advance(TimeSpan.FromSeconds(10));
            await first.Pipeline.TickAsync(first.Now, CancellationToken.None); // enqueued, never sent: the process dies here
        }

        Assert.Equal(0, receiver.Hits);
        await using (var second = NotifyHarness.Create(yaml, folder, NotifyHarness.Start.AddSeconds(20)))
        {
            await second.StepAsync([alert]);
            for (var i = 0; i < 5; i++)
            {
                await second.AdvanceAsync(TimeSpan.FromMinutes(1));
            }
        }

        Assert.Single(receiver.Received);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task after_a_restart_timers_wait_for_the_engine_view_instead_of_resolving_everything()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var yaml = NotifyHarness.WebhookConfig(new Uri(receiver.BaseAddress, "hook"));
        var folder = Path.Combine(Path.GetTempPath(), "supervision-notify-restart-" + Guid.NewGuid().ToString("N"));
        var alert = NotifyHarness.Firing("26734");
        await using (var first = NotifyHarness.Create(yaml, folder))
        {
            await first.StepAsync([alert]);
            await first.AdvanceAsync(TimeSpan.FromSeconds(10));
        }

        await using (var second = NotifyHarness.Create(yaml, folder, NotifyHarness.Start.AddMinutes(1)))
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal(0, (await second.AdvanceAsync(TimeSpan.FromMinutes(1))).Claimed);
            }

            await second.StepAsync([alert]);
            Assert.Equal(0, (await second.AdvanceAsync(TimeSpan.FromMinutes(5))).Claimed);
        }

        var only = Assert.Single(receiver.Received);
        Assert.Contains("\"status\":\"firing\"", only.Body);
        Directory.Delete(folder, recursive: true);
    }
}
