using System.Net;
using System.Text.Json;
using Supervision.Alerting.Notify.Channels;
using Supervision.Alerting.Notify.Config;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Notify;

public sealed class HttpTemplateChannelTests : ChannelConformanceTests
{
    private const string TelegramBody = """{"chat_id": "{{recipient}}", "text": "{{text|json}}", "disable_web_page_preview": true}""";

    protected override ReceiverKind Kind => ReceiverKind.Http;

    protected override Task<ChannelTarget> StartWorkingAsync() => StartAsync(r => { });

    protected override Task<ChannelTarget> StartFailingAsync() => StartAsync(r => r.RespondWith(HttpStatusCode.BadGateway));

    protected override Task<ChannelTarget> StartHangingAsync() => StartAsync(r => r.Hang(true));

    [Fact]
    public async Task a_telegram_like_template_renders_the_message_with_names_vietnam_time_and_links()
    {
        await using var h = Harness();
        var target = await StartAsync(r => { });
        await using (target.Server)
        {
            var result = await ChannelOf(h).SendAsync(target.Receiver, SampleNotification("chat", recipient: "-100777"), CancellationToken.None);
            Assert.True(result.Delivered, result.Error);
            var got = ((WebhookReceiverHandle)target.Server).Receiver.Received.Single();
            Assert.Equal($"/bot{Secret}/sendMessage", got.Path);
            using var doc = JsonDocument.Parse(got.Body);
            Assert.Equal("-100777", doc.RootElement.GetProperty("chat_id").GetString());
            var text = doc.RootElement.GetProperty("text").GetString()!;
            Assert.Contains("edoc of 26734 is down", text);
            Assert.Contains("Phường Tân Định, Hồ Chí Minh", text);
            Assert.Contains("23/11/2026 08:00 (UTC+7)", text);
            Assert.Contains("http://dashboard.test/alerts/", text);
            Assert.Contains("https://runbooks.test/target-down", text);
        }
    }

    [Fact]
    public void a_template_with_an_unknown_variable_is_rejected_at_load_with_the_field_named()
    {
        var yaml = """
            route: { receiver: chat }
            receivers:
              - name: chat
                http:
                  url: "http://127.0.0.1:9/x"
                  body: '{"text": "{{summry}}"}'
            """;
        var ex = Assert.Throws<NotificationConfigException>(() => NotificationsConfigLoader.Parse(yaml, "notifications.yaml"));
        Assert.Contains("notifications.yaml: receivers[0].http.body: unknown variable 'summry'", ex.Message);
    }

    private static async Task<ChannelTarget> StartAsync(Action<WebhookReceiver> setup)
    {
        var receiver = await WebhookReceiver.StartAsync();
        setup(receiver);
        var def = new ReceiverDefinition("chat", ReceiverKind.Http, Http: new HttpTemplateSettings(
            receiver.BaseAddress + "bot{{secret.token}}/sendMessage", "POST", "application/json", TelegramBody,
            new Dictionary<string, string>(), new Dictionary<string, string> { ["token"] = Secret }, "-100123", AttemptTimeout));
        return new ChannelTarget(def, () => receiver.Received.Count, () => receiver.Hits, new WebhookReceiverHandle(receiver));
    }
}
