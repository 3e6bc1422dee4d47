using System.Diagnostics.Metrics;

namespace Supervision.Alerting.Notify.Delivery;

/// <summary>
/// Instruments of the notification module (meter <c>Supervision.Alerting.Notify</c>); prometheus-net's meter
/// adapter exports them on <c>/metrics</c> with the service's own metrics.
/// </summary>
public sealed class NotifyMetrics
{
    /// <summary>Meter name.</summary>
    public const string MeterName = "Supervision.Alerting.Notify";

    private readonly Counter<long> _enqueued;
    private readonly Counter<long> _attempts;
    private readonly Histogram<double> _attemptSeconds;
    private readonly Histogram<double> _deliveryDelaySeconds;

    /// <summary>Creates the instruments.</summary>
    public NotifyMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _enqueued = meter.CreateCounter<long>("supervision_notifications_enqueued", description: "Notifications written to the outbox, by receiver.");
        _attempts = meter.CreateCounter<long>("supervision_notification_attempts", description: "Delivery attempts, by receiver and outcome (delivered, retry, failed, abandoned).");
        _attemptSeconds = meter.CreateHistogram<double>("supervision_notification_attempt_seconds", "s", "Duration of one delivery attempt.");
        _deliveryDelaySeconds = meter.CreateHistogram<double>("supervision_notification_delivery_delay_seconds", "s", "Time from enqueue to accepted delivery.");
    }

    /// <summary>Counts an enqueued notification.</summary>
    public void Enqueued(string receiver) => _enqueued.Add(1, new KeyValuePair<string, object?>("receiver", receiver));

    /// <summary>Records an attempt.</summary>
    public void Attempt(string receiver, string outcome, TimeSpan duration, TimeSpan? sinceEnqueue)
    {
        var r = new KeyValuePair<string, object?>("receiver", receiver);
        _attempts.Add(1, r, new KeyValuePair<string, object?>("outcome", outcome));
        _attemptSeconds.Record(duration.TotalSeconds, r);
        if (sinceEnqueue is { } delay)
        {
            _deliveryDelaySeconds.Record(delay.TotalSeconds, r);
        }
    }
}
