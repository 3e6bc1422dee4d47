using System.Text.Json;
using Supervision.Alerting.Tests.Notify;
using Supervision.Alerting.Tests.Support;
using Supervision.Core.Messages;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Integration;

/// <summary>
/// The test of "one incident, one page", with what ships: the rules of rules/availability.yaml and the routing
/// of config/notifications.yaml (its receivers pointed at a loopback webhook, chat endpoint and a real SMTP server).
/// A province's network outage pages each receiver once, and the hour after it brings no per-commune warning.
/// </summary>
public sealed class ShippedOutageNotificationTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task a_province_network_outage_sends_one_message_per_receiver_and_no_per_commune_warnings_in_the_hour_after()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var smtp = await SmtpServerFixture.StartAsync();
        var notifications = (await File.ReadAllTextAsync(RepoPaths.Combine("config", "notifications.yaml")))
            .Replace("http://127.0.0.1:9095/alerts", new Uri(receiver.BaseAddress, "ops").ToString(), StringComparison.Ordinal)
            .Replace("127.0.0.1:2525", $"{SmtpServerFixture.Host}:{smtp.Port}", StringComparison.Ordinal)
            .Replace("http://127.0.0.1:9096/bot{{secret.token}}/sendMessage", new Uri(receiver.BaseAddress, "chat").ToString(), StringComparison.Ordinal);
        using var engine = EngineHarness.Create(await File.ReadAllTextAsync(RepoPaths.Combine("rules", "availability.yaml")));
        await using var notify = NotifyHarness.Create(notifications, start: engine.Now);

        // The one collector's heartbeat (collector-shard-absent expects shard 0/1).
        var heartbeat = new Dictionary<string, string> { ["collector"] = "c1", ["shard"] = "0/1" };
        async Task RunAsync(int steps, Action scrape)
        {
            for (var i = 0; i < steps; i++)
            {
                await engine.StepAsync(Step, 1, () =>
                {
                    scrape();
                    engine.Source.Add("collector", heartbeat, "targets", 25, engine.Now);
                });
                notify.Time.Advance(Step);
                await notify.StepAsync(engine.Engine.Views);
            }
        }

        // 20 minutes of a healthy fleet, then Hồ Chí Minh city's link (and everything behind it) down for 8 minutes; the
        // on-call engineer acknowledges the page after 3 minutes (so escalation does not page the next person).
        await RunAsync(40, () => engine.ScrapeAll());
        await RunAsync(6, () => engine.ScrapeAll(("P79", "*", 3)));
        var outage = Assert.Single(engine.Engine.Views, v => v.Rule == "province-network-down");
        Assert.Equal(AlertState.Firing, outage.State);
        await engine.Engine.AcknowledgeAsync(outage.Id, "Kỹ sư trực", "đang xử lý", engine.Now, CancellationToken.None);
        await RunAsync(10, () => engine.ScrapeAll(("P79", "*", 3)));

        // The hour after: healthy again; the last hour's availability of every unit of 79 stays low for most of it.
        await RunAsync(120, () => engine.ScrapeAll());
        Assert.NotEqual(AlertState.Firing, engine.StateOf("province-network-down", "79"));
        // The after-effects did happen (the hour-long availability of 79's units fell below 90 % and fired), folded
        // under the outage while it explained them, so never notified.
        Assert.Contains(engine.Engine.Views, v => v.Rule == "unit-availability-low" && v.Labels["province"] == "79" && v.FiredAt is not null);

        var ops = receiver.Received.Where(r => r.Path == "/ops").Select(r => JsonDocument.Parse(r.Body).RootElement).ToArray();
        var chat = receiver.Received.Where(r => r.Path == "/chat").ToArray();
        var mails = smtp.Messages();

        // ops-webhook: one message of the incident when it fired (and one when it resolved), listing the one alert
        // that stands for it and saying what it covers.
        var firing = Assert.Single(ops, m => m.GetProperty("status").GetString() == "firing");
        var alert = Assert.Single(firing.GetProperty("alerts").EnumerateArray());
        Assert.Equal("province-network-down", alert.GetProperty("labels").GetProperty("alertname").GetString());
        Assert.NotEqual("0", alert.GetProperty("annotations").GetProperty("inhibited_alerts").GetString());
        Assert.True(ops.Length <= 2, $"{ops.Length} webhook messages");

        // page-critical: the on-call person once (the firing page) and the resolution.
        Assert.True(mails.Count is >= 1 and <= 2, $"{mails.Count} e-mails");
        var page = await MimeKit.MimeMessage.LoadAsync(mails[0]);
        Assert.EndsWith("@supervision.local", page.To.Mailboxes.Single().Address, StringComparison.Ordinal); // whoever is on call that week
        Assert.StartsWith("[CẢNH BÁO:1]", page.Subject, StringComparison.Ordinal);

        // ops-chat (warnings): nothing at all — no per-commune availability warning after the outage.
        Assert.Empty(chat);
    }
}
