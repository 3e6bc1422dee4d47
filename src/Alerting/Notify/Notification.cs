namespace Supervision.Alerting.Notify;

/// <summary>One alert as it stood when its notification was made; self-contained so a retry after a restart sends the same text.</summary>
/// <param name="Id">Alert id (fingerprint).</param>
/// <param name="Rule">Rule name.</param>
/// <param name="Status"><c>firing</c> or <c>resolved</c>.</param>
/// <param name="Severity">critical, warning or info.</param>
/// <param name="Labels">Labels.</param>
/// <param name="Annotations">Annotations (summary, description, runbook_url).</param>
/// <param name="StartsAt">When it started firing.</param>
/// <param name="EndsAt">When it resolved, or null.</param>
/// <param name="ProvinceName">Province name, when known.</param>
/// <param name="UnitName">Commune/ward (or province) name of the alert's unit, when known.</param>
/// <param name="AcknowledgedBy">Who acknowledged it, or null.</param>
public sealed record NotificationAlert(
    string Id,
    string Rule,
    string Status,
    string Severity,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    string? ProvinceName,
    string? UnitName,
    string? AcknowledgedBy)
{
    /// <summary>Status text of a firing alert.</summary>
    public const string Firing = "firing";

    /// <summary>Status text of a resolved alert.</summary>
    public const string Resolved = "resolved";

    /// <summary>The summary annotation, or the rule name.</summary>
    public string Summary => Annotations.TryGetValue("summary", out var s) && !string.IsNullOrWhiteSpace(s) ? s : Rule;

    /// <summary>The summary in a language: English receivers get <c>summary_en</c> when the rule has one.</summary>
    public string SummaryIn(Channels.MessageLanguage language) =>
        language == Channels.MessageLanguage.English && Annotations.TryGetValue("summary_en", out var en) && !string.IsNullOrWhiteSpace(en) ? en : Summary;

    /// <summary>The runbook link, or null.</summary>
    public string? RunbookUrl => Annotations.TryGetValue("runbook_url", out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;
}

/// <summary>One message to one receiver (and, for a page, one person), as stored in the outbox.</summary>
/// <param name="IdempotencyKey">Unique per notification; also sent to receivers so they can drop a repeat.</param>
/// <param name="Receiver">The receiver that delivers it (webhook, e-mail or http).</param>
/// <param name="RouteReceiver">The receiver named by the route (an escalation receiver for pages).</param>
/// <param name="Recipient">A person's address on <paramref name="Receiver"/>, or null for the receiver's own.</param>
/// <param name="GroupKey">Group key.</param>
/// <param name="Status"><c>firing</c> when any alert fires, else <c>resolved</c>.</param>
/// <param name="GroupLabels">Labels the group is keyed by.</param>
/// <param name="Alerts">Alerts, firing first.</param>
/// <param name="CreatedAt">When the pipeline made it.</param>
/// <param name="Reason">Why it was sent (first, update, repeat, escalation step …).</param>
public sealed record Notification(
    string IdempotencyKey,
    string Receiver,
    string RouteReceiver,
    string? Recipient,
    string GroupKey,
    string Status,
    IReadOnlyDictionary<string, string> GroupLabels,
    IReadOnlyList<NotificationAlert> Alerts,
    DateTimeOffset CreatedAt,
    string Reason);
