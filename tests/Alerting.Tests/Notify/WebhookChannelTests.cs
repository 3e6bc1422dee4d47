using System.Net;
using Supervision.Alerting.Notify.Channels;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Notify;

public sealed class WebhookChannelTests : ChannelConformanceTests
{
    protected override ReceiverKind Kind => ReceiverKind.Webhook;

    protected override Task<ChannelTarget> StartWorkingAsync() => StartAsync(r => { });

    protected override Task<ChannelTarget> StartFailingAsync() => StartAsync(r => r.RespondWith(HttpStatusCode.ServiceUnavailable));

    protected override Task<ChannelTarget> StartHangingAsync() => StartAsync(r => r.Hang(true));

    [Fact]
    public async Task the_bearer_token_is_sent_and_a_client_error_is_not_retried()
    {
        await using var h = Harness();
        var target = await StartAsync(r => { });
        var rejecting = await StartAsync(r => r.RespondWith(HttpStatusCode.BadRequest));
        await using (target.Server)
        await using (rejecting.Server)
        {
            var channel = ChannelOf(h);
            Assert.True((await channel.SendAsync(target.Receiver, SampleNotification("ops"), CancellationToken.None)).Delivered);
            var received = ((WebhookReceiverHandle)target.Server).Receiver.Received.Single();
            Assert.Equal("Bearer " + Secret, received.Headers["Authorization"]);

            var rejected = await channel.SendAsync(rejecting.Receiver, SampleNotification("ops"), CancellationToken.None);
            Assert.False(rejected.Retryable);
            Assert.Equal(400, rejected.StatusCode);
        }
    }

    private static async Task<ChannelTarget> StartAsync(Action<WebhookReceiver> setup)
    {
        var receiver = await WebhookReceiver.StartAsync();
        setup(receiver);
        var def = new ReceiverDefinition("ops", ReceiverKind.Webhook, Webhook: new WebhookSettings(new Uri(receiver.BaseAddress, "hook"), Secret, AttemptTimeout, 0));
        return new ChannelTarget(def, () => receiver.Received.Count, () => receiver.Hits, new WebhookReceiverHandle(receiver));
    }
}

/// <summary>Lets a conformance target own a webhook receiver.</summary>
internal sealed class WebhookReceiverHandle(WebhookReceiver receiver) : IAsyncDisposable
{
    public WebhookReceiver Receiver { get; } = receiver;

    public ValueTask DisposeAsync() => Receiver.DisposeAsync();
}
