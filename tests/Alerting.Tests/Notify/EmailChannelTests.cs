using System.Net;
using System.Net.Sockets;
using MimeKit;
using Supervision.Alerting.Notify.Channels;
using Supervision.Core.Mail;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Notify;

public sealed class EmailChannelTests : ChannelConformanceTests
{
    protected override ReceiverKind Kind => ReceiverKind.Email;

    protected override async Task<ChannelTarget> StartWorkingAsync()
    {
        var smtp = await SmtpServerFixture.StartAsync();
        return new ChannelTarget(Settings(smtp.Port, withPassword: false), () => smtp.Messages().Count, () => 1, smtp);
    }

    // Nothing listens on the port: connection refused.
    protected override Task<ChannelTarget> StartFailingAsync() =>
        Task.FromResult(new ChannelTarget(Settings(FreePort.Next(), withPassword: true), () => 0, () => 1, new Nothing()));

    // Accepts the connection and never greets.
    protected override Task<ChannelTarget> StartHangingAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = 0;
        var clients = new List<TcpClient>();
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    clients.Add(await listener.AcceptTcpClientAsync());
                    Interlocked.Increment(ref accepted);
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Listener stopped.
            }
        });
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return Task.FromResult(new ChannelTarget(Settings(port, withPassword: true), () => 0, () => Volatile.Read(ref accepted), new Stopper(() =>
        {
            listener.Stop();
            clients.ForEach(c => c.Dispose());
        })));
    }

    [Fact]
    public async Task an_email_reaches_a_real_smtp_server_with_readable_html_and_text_bodies()
    {
        await using var smtp = await SmtpServerFixture.StartAsync();
        await using var h = Harness();
        var receiver = Settings(smtp.Port, withPassword: false);
        var result = await ChannelOf(h).SendAsync(receiver, SampleNotification("mail", recipient: "an.nguyen@example.vn"), CancellationToken.None);
        Assert.True(result.Delivered, result.Error);

        var file = (await smtp.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10)))[0];
        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal("an.nguyen@example.vn", message.To.Mailboxes.Single().Address);
        Assert.Equal("alerts@supervision.test", message.From.Mailboxes.Single().Address);
        Assert.StartsWith("[CẢNH BÁO:1] edoc of 26734 is down", message.Subject);
        Assert.Contains("Phường Tân Định, Hồ Chí Minh", message.Subject);
        Assert.Contains("23/11/2026 08:00 (UTC+7)", message.TextBody);
        Assert.Contains("Phường Tân Định, Hồ Chí Minh", message.TextBody);
        Assert.Contains("http://dashboard.test/alerts/TargetDown-26734-edoc", message.TextBody);
        Assert.Contains("https://runbooks.test/target-down", message.TextBody);
        Assert.Contains("<table", message.HtmlBody);
        Assert.Contains("href=\"https://runbooks.test/target-down\"", message.HtmlBody);
        Assert.Contains("Phường Tân Định, Hồ Chí Minh", message.HtmlBody);
    }

    [Fact]
    public async Task a_receiver_set_to_english_gets_english_words_and_the_rules_english_summary()
    {
        await using var h = Harness();
        var sample = SampleNotification("mail");
        var texts = new Dictionary<string, string>(sample.Alerts[0].Annotations)
        {
            ["summary"] = "Liên thông văn bản điện tử của Phường Tân Định mất kết nối",
            ["summary_en"] = "edoc of Phường Tân Định is down",
            ["covers_communes"] = "56",
            ["inhibited_alerts"] = "224",
        };
        var notification = sample with { Alerts = [sample.Alerts[0] with { Annotations = texts }] };
        var channel = (EmailChannel)ChannelOf(h);
        var settings = Settings(25, withPassword: false).Email!;

        var vi = channel.BuildMessage(settings, notification);
        Assert.StartsWith("[CẢNH BÁO:1] Liên thông văn bản điện tử của Phường Tân Định mất kết nối", vi.Subject);
        Assert.Contains("Nơi: Phường Tân Định, Hồ Chí Minh", vi.TextBody);
        // One message for the incident, saying what it covers.
        Assert.Contains("Bao gồm: 56 xã, 224 cảnh báo được gộp vào sự cố này", vi.TextBody);
        Assert.Contains("Bao gồm: 56 xã, 224 cảnh báo", vi.HtmlBody);
        Assert.Contains("<html lang=\"vi\">", vi.HtmlBody);

        var en = channel.BuildMessage(settings, notification, MessageLanguage.English);
        Assert.StartsWith("[FIRING:1] edoc of Phường Tân Định is down", en.Subject);
        Assert.Contains("Where: Phường Tân Định, Hồ Chí Minh", en.TextBody);
        Assert.Contains("Covers: 56 communes, 224 alerts folded under this incident", en.TextBody);
        Assert.Contains("<html lang=\"en\">", en.HtmlBody);
    }

    [Fact]
    public async Task the_on_call_engineer_is_paged_by_email_through_the_whole_pipeline()
    {
        await using var smtp = await SmtpServerFixture.StartAsync();
        var yaml = $$"""
            route: { receiver: page, group_by: [province], group_wait: 5s }
            receivers:
              - { name: page, escalation: critical }
              - name: mail
                email: { smarthost: "127.0.0.1:{{smtp.Port}}", from: "alerts@supervision.test", to: ["ops@supervision.test"], security: none, timeout: 5s }
            users:
              - { name: an, full_name: Nguyễn Văn An, receiver: mail, address: an.nguyen@example.vn }
            schedules:
              - name: primary
                layers: [{ rotation: weekly, handoff: "08:00", start: "2026-11-16", users: [an] }]
            escalation_policies:
              - name: critical
                steps: [{ after: 5m, targets: [{ schedule: primary }] }]
            """;
        await using var h = NotifyHarness.Create(yaml);
        await h.StepAsync([NotifyHarness.Firing("26734"), NotifyHarness.Firing("26737")]);
        await h.AdvanceAsync(TimeSpan.FromSeconds(5));

        var message = await MimeMessage.LoadAsync((await smtp.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10)))[0]);
        Assert.Equal("an.nguyen@example.vn", message.To.Mailboxes.Single().Address);
        Assert.StartsWith("[CẢNH BÁO:2]", message.Subject);
        Assert.Contains("Hồ Chí Minh (2 đơn vị)", message.Subject);
        Assert.Contains("leo thang bước 1", message.TextBody);
    }

    private static ReceiverDefinition Settings(int port, bool withPassword) =>
        new("mail", ReceiverKind.Email, Email: new EmailSettings(
            SmtpServerFixture.Host, port, "alerts@supervision.test", ["ops@supervision.test"],
            withPassword ? "alerts" : null, withPassword ? Secret : null, SmtpSecurity.None, AttemptTimeout));

    private sealed class Nothing : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Stopper(Action stop) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            stop();
            return ValueTask.CompletedTask;
        }
    }
}
