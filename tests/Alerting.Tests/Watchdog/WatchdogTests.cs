using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Supervision.Alerting.Notify.Channels;
using Supervision.Alerting.Notify.Config;
using Supervision.Alerting.Tests.Notify;
using Supervision.Alerting.Tests.Support;
using Supervision.Alerting.Watchdog;
using Supervision.Core.Influx;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Watchdog;

public sealed class WatchdogTests
{
    [Fact]
    public async Task the_watchdog_beats_to_its_receiver_and_the_dashboard_while_healthy_and_falls_silent_when_influxdb_or_evaluation_stops()
    {
        using var h = EngineHarness.Create(MinimalRules.Yaml);
        await h.EvaluateAsync();
        // A stand-in for InfluxDB's /ping (200 while "up"), and the outside receiver of the beats.
        await using var influx = await WebhookReceiver.StartAsync();
        await using var outside = await WebhookReceiver.StartAsync();
        await using var notify = NotifyHarness.Create(NotifyHarness.WebhookConfig(new Uri(outside.BaseAddress, "deadman")));
        using var http = new HttpClient();
        var watchdog = new WatchdogService(
            Options.Create(new WatchdogOptions { Receiver = "ops" }), h.Engine, new InfluxReader(() => http, new InfluxOptions { Url = influx.BaseAddress.ToString() }),
            h.Sink, notify.Services.GetRequiredService<NotificationsConfig>(), notify.Services.GetServices<INotificationChannel>(), h.Time, NullLogger<WatchdogService>.Instance);

        var healthy = await watchdog.BeatAsync(h.Now, CancellationToken.None);
        Assert.True(healthy.Healthy, healthy.Problem);
        var beat = Assert.Single(await outside.WaitForAsync(1, TimeSpan.FromSeconds(10)));
        Assert.Contains("\"alertname\":\"watchdog\"", beat.Body, StringComparison.Ordinal);
        Assert.Empty(Assert.Single(h.Sink.Batches, b => b.Count == 0));

        // InfluxDB stops answering: no beat, so the outside receiver pages.
        influx.RespondWith(HttpStatusCode.ServiceUnavailable);
        var down = await watchdog.BeatAsync(h.Now, CancellationToken.None);
        Assert.False(down.Healthy);
        Assert.Contains("InfluxDB", down.Problem, StringComparison.Ordinal);

        // InfluxDB back, but no rule evaluated for longer than MaxEvaluationAge (a stalled scheduler): still silent.
        influx.RespondWith(HttpStatusCode.OK);
        var stalled = await watchdog.BeatAsync(h.Now + new WatchdogOptions().MaxEvaluationAge + TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.False(stalled.Healthy);
        Assert.Contains("evaluation", stalled.Problem, StringComparison.Ordinal);
        Assert.Single(outside.Received);
        Assert.Equal(1, watchdog.Beats);
    }

    [Fact]
    public void a_watchdog_receiver_that_notifications_yaml_lacks_stops_the_service_at_start()
    {
        var result = new WatchdogOptionsValidator(["ops"]).Validate(null, new WatchdogOptions { Receiver = "deadman" });
        Assert.True(result.Failed);
        Assert.Contains("Alerting:Watchdog:Receiver 'deadman'", result.FailureMessage, StringComparison.Ordinal);
    }
}
