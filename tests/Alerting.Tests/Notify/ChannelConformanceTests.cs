using Microsoft.Extensions.DependencyInjection;
using Supervision.Alerting.Notify;
using Supervision.Alerting.Notify.Channels;

namespace Supervision.Alerting.Tests.Notify;

/// <summary>A receiver endpoint for a conformance run.</summary>
/// <param name="Receiver">The receiver definition pointing at it (with <see cref="ChannelConformanceTests.Secret"/> where the channel has a secret).</param>
/// <param name="Delivered">How many messages it accepted so far.</param>
/// <param name="Hits">How many attempts reached it (for hanging endpoints: connections/requests seen).</param>
/// <param name="Server">Stops it.</param>
public sealed record ChannelTarget(ReceiverDefinition Receiver, Func<int> Delivered, Func<int> Hits, IAsyncDisposable Server);

/// <summary>
/// What every channel must do, whatever its protocol: deliver to a working receiver, turn an outage into a
/// retryable failure, give up an attempt at its timeout (retryable), and never put a secret in a log line or
/// an error. Each channel's test class derives from this and supplies the three endpoints.
/// </summary>
public abstract class ChannelConformanceTests
{
    /// <summary>The secret every target carries; it must never show up.</summary>
    public const string Secret = "s3cr3t-T0ken-9f8e7d6c";

    protected static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);

    protected abstract ReceiverKind Kind { get; }

    protected abstract Task<ChannelTarget> StartWorkingAsync();

    protected abstract Task<ChannelTarget> StartFailingAsync();

    protected abstract Task<ChannelTarget> StartHangingAsync();

    protected static NotifyHarness Harness() => NotifyHarness.Create(NotifyHarness.WebhookConfig(new Uri("http://127.0.0.1:9/unused")));

    protected static Notification SampleNotification(string receiver, string? recipient = null)
    {
        var a = NotifyHarness.Firing("26734");
        var alert = new NotificationAlert(a.Id, a.Rule, NotificationAlert.Firing, a.Severity, a.Labels, a.Annotations, a.FiredAt!.Value, null, "Hồ Chí Minh", "Phường Tân Định", null);
        return new Notification("key-" + Guid.NewGuid().ToString("N"), receiver, receiver, recipient, "{}:{province=\"79\"}", NotificationAlert.Firing,
            new Dictionary<string, string> { ["province"] = "79" }, [alert], NotifyHarness.Start, "new alert group");
    }

    protected INotificationChannel ChannelOf(NotifyHarness h) =>
        h.Services.GetServices<INotificationChannel>().Single(c => c.Kind == Kind);

    [Fact]
    public async Task it_delivers_to_a_working_receiver()
    {
        await using var h = Harness();
        var target = await StartWorkingAsync();
        await using (target.Server)
        {
            var result = await ChannelOf(h).SendAsync(target.Receiver, SampleNotification(target.Receiver.Name), CancellationToken.None);
            Assert.True(result.Delivered, result.Error);
            Assert.Equal(1, target.Delivered());
        }
    }

    [Fact]
    public async Task a_receiver_that_is_down_gives_a_retryable_failure()
    {
        await using var h = Harness();
        var target = await StartFailingAsync();
        await using (target.Server)
        {
            var result = await ChannelOf(h).SendAsync(target.Receiver, SampleNotification(target.Receiver.Name), CancellationToken.None);
            Assert.False(result.Delivered);
            Assert.True(result.Retryable, result.Error);
            Assert.False(string.IsNullOrEmpty(result.Error));
        }
    }

    [Fact]
    public async Task an_attempt_that_hangs_ends_at_its_timeout_as_a_retryable_failure()
    {
        await using var h = Harness();
        var target = await StartHangingAsync();
        await using (target.Server)
        {
            var send = ChannelOf(h).SendAsync(target.Receiver, SampleNotification(target.Receiver.Name), CancellationToken.None);
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (target.Hits() == 0 && !send.IsCompleted)
            {
                await Task.Delay(10, guard.Token);
            }

            h.Time.Advance(AttemptTimeout + TimeSpan.FromSeconds(1));
            var result = await send.WaitAsync(guard.Token);
            Assert.False(result.Delivered);
            Assert.True(result.Retryable, result.Error);
            Assert.Equal(0, target.Delivered());
        }
    }

    [Fact]
    public async Task no_secret_appears_in_logs_or_errors()
    {
        await using var h = Harness();
        var errors = new List<string?>();
        foreach (var start in new Func<Task<ChannelTarget>>[] { StartWorkingAsync, StartFailingAsync })
        {
            var target = await start();
            await using (target.Server)
            {
                errors.Add((await ChannelOf(h).SendAsync(target.Receiver, SampleNotification(target.Receiver.Name), CancellationToken.None)).Error);
            }
        }

        Assert.NotEmpty(h.Logs.GetSnapshot());
        Assert.All(errors, e => Assert.DoesNotContain(Secret, e ?? string.Empty, StringComparison.Ordinal));
        Assert.All(h.Logs.GetSnapshot(), r =>
        {
            Assert.DoesNotContain(Secret, r.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Uri.EscapeDataString(Secret), r.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, r.Exception?.ToString() ?? string.Empty, StringComparison.Ordinal);
        });
    }
}
