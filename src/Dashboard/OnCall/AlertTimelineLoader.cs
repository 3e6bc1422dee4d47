namespace Supervision.Dashboard.OnCall;

/// <summary>A timeline and, when Alerting could not be asked, why its part is missing.</summary>
/// <param name="Entries">Oldest first.</param>
/// <param name="Error">Alerting's error, or null.</param>
public sealed record TimelineLoad(IReadOnlyList<TimelineEntry> Entries, string? Error);

/// <summary>
/// Reads what an alert's timeline is made of (Alerting's notifications of the alert and escalation audit, the
/// Dashboard's own audit) for the console and the alert page alike. Without Alerting the timeline still has the
/// alert's own times and the Dashboard's actions.
/// </summary>
public sealed class AlertTimelineLoader(AlertingClient alerting, AuditLog audit)
{
    /// <summary>Loads the timeline of <paramref name="alert"/>, in Vietnamese unless <paramref name="english"/>.</summary>
    public async Task<TimelineLoad> LoadAsync(AlertView alert, bool english, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        IReadOnlyList<NotificationRecord> notifications = [];
        IReadOnlyList<AlertingAuditEntry> escalations = [];
        string? error = null;
        if (alerting.Enabled)
        {
            try
            {
                notifications = await alerting.NotificationsAsync(alert.Id, cancellationToken);
                escalations = await alerting.AuditAsync("escalation.", 200, cancellationToken);
            }
            catch (AlertingApiException ex)
            {
                error = ex.Message;
            }
        }

        return new TimelineLoad(AlertTimeline.Build(alert, notifications, escalations, audit.Recent(200, alert.Id), english), error);
    }
}
