namespace Supervision.Dashboard.OnCall;

/// <summary>Kinds of timeline entries (also the CSS class of each row).</summary>
public enum TimelineKind
{
    /// <summary>Condition became true.</summary>
    Pending,

    /// <summary>Started firing.</summary>
    Fired,

    /// <summary>A notification went out (or failed).</summary>
    Notified,

    /// <summary>Acknowledged.</summary>
    Acknowledged,

    /// <summary>Acknowledgement removed.</summary>
    Unacknowledged,

    /// <summary>An escalation step.</summary>
    Escalated,

    /// <summary>Silenced, or another console action.</summary>
    Action,

    /// <summary>Resolved.</summary>
    Resolved,
}

/// <summary>One line of an alert's timeline.</summary>
/// <param name="At">When.</param>
/// <param name="Kind">What kind.</param>
/// <param name="Text">What happened, with who.</param>
public sealed record TimelineEntry(DateTimeOffset At, TimelineKind Kind, string Text);

/// <summary>
/// An alert's story from its own times, the notifications that carried it, Alerting's audit of its group
/// (escalation steps) and the Dashboard's audit of actions on it, oldest first.
/// </summary>
public static class AlertTimeline
{
    /// <summary>Builds the timeline, in Vietnamese unless <paramref name="english"/>.</summary>
    public static IReadOnlyList<TimelineEntry> Build(
        AlertView alert, IReadOnlyList<NotificationRecord> notifications, IReadOnlyList<AlertingAuditEntry> alertingAudit, IReadOnlyList<AuditEntry> dashboardAudit,
        bool english = false)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(notifications);
        ArgumentNullException.ThrowIfNull(alertingAudit);
        ArgumentNullException.ThrowIfNull(dashboardAudit);
        var entries = new List<TimelineEntry> { new(alert.ActiveSince, TimelineKind.Pending, (english ? "pending: " : "bắt đầu (đang chờ): ") + alert.Rule) };
        if (alert.FiredAt is { } fired)
        {
            entries.Add(new TimelineEntry(fired, TimelineKind.Fired, english ? "firing" : "đang kích hoạt"));
        }

        if (alert.ResolvedAt is { } resolved)
        {
            entries.Add(new TimelineEntry(resolved, TimelineKind.Resolved, english ? "resolved" : "đã khắc phục"));
        }

        foreach (var n in notifications)
        {
            var who = n.Recipient is { Length: > 0 } r ? $"{r} {(english ? "via" : "qua")} {n.Receiver}" : n.Receiver;
            var outcome = n.Status switch
            {
                "delivered" or "sent" => string.Empty,
                _ when n.LastError is { Length: > 0 } e => $" — {n.Status}: {e}",
                _ => $" — {n.Status}",
            };
            entries.Add(new TimelineEntry(n.FinishedAt ?? n.CreatedAt, TimelineKind.Notified, $"{(english ? "notified" : "đã báo")} {who} ({n.AlertStatus}, {n.Reason}){outcome}"));
        }

        var groups = notifications.Select(n => n.GroupKey).ToHashSet(StringComparer.Ordinal);
        foreach (var a in alertingAudit.Where(a => groups.Contains(a.Subject) && a.Action.StartsWith("escalation.", StringComparison.Ordinal)))
        {
            entries.Add(new TimelineEntry(a.At, TimelineKind.Escalated, $"{EscalationText(a.Action["escalation.".Length..], english)} ({a.Actor})"));
        }

        var ackRecorded = false;
        foreach (var d in dashboardAudit.Where(d => d.Target == alert.Id && d.Outcome == "ok"))
        {
            var (kind, verb) = d.Action switch
            {
                "alert.ack" => (TimelineKind.Acknowledged, english ? "acknowledged by" : "xác nhận bởi"),
                "alert.unack" => (TimelineKind.Unacknowledged, english ? "acknowledgement removed by" : "bỏ xác nhận bởi"),
                "alert.escalate" => (TimelineKind.Escalated, english ? "escalated by" : "leo thang bởi"),
                _ => (TimelineKind.Action, d.Action + (english ? " by" : " bởi")),
            };
            ackRecorded |= kind == TimelineKind.Acknowledged && alert.AcknowledgedAt is { } at && Math.Abs((at - d.At).TotalSeconds) < 60;
            entries.Add(new TimelineEntry(d.At, kind, d.Detail is { Length: > 0 } detail ? $"{verb} {d.Actor}: {detail}" : $"{verb} {d.Actor}"));
        }

        // Acknowledged elsewhere (another Dashboard, Alerting's API): the alert itself still says who and when.
        if (!ackRecorded && alert is { AcknowledgedBy: { } by, AcknowledgedAt: { } ackAt })
        {
            entries.Add(new TimelineEntry(ackAt, TimelineKind.Acknowledged, (english ? "acknowledged by " : "xác nhận bởi ") + by));
        }

        // Stable order by time: at the same instant, the alert's own events come before what followed from them.
        return [.. entries.OrderBy(e => e.At)];
    }

    // Alerting's escalation audit actions (escalation.acknowledged, …) in words.
    private static string EscalationText(string action, bool english) => (action, english) switch
    {
        ("acknowledged", false) => "dừng leo thang: đã xác nhận",
        ("resumed", false) => "tiếp tục leo thang",
        ("exhausted", false) => "hết các bước leo thang, chưa ai xác nhận",
        ("manual", false) => "leo thang thủ công",
        ("acknowledged", true) => "escalation stopped: acknowledged",
        ("resumed", true) => "escalation resumed",
        ("exhausted", true) => "escalation exhausted without acknowledgement",
        ("manual", true) => "escalated by hand",
        _ => action,
    };

    /// <summary>Vietnam time, as the console shows every instant.</summary>
    public static string Format(DateTimeOffset at) => Supervision.Core.Calendar.VietnamTime.ToVietnam(at).ToString("HH:mm:ss dd/MM", CultureInfo.InvariantCulture);
}
