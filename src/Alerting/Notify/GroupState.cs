namespace Supervision.Alerting.Notify;

/// <summary>
/// What the pipeline remembers about one aggregation group (Alertmanager's aggrGroup plus nflog entry):
/// when it was last notified and which firing alerts that notification carried. Stored as JSON in
/// <c>notify_group</c>, in the same transaction as the outbox rows it produced.
/// </summary>
public sealed class GroupState
{
    /// <summary>Group key.</summary>
    public string GroupKey { get; set; } = string.Empty;

    /// <summary>Route id.</summary>
    public string RouteId { get; set; } = string.Empty;

    /// <summary>Receiver named by the route.</summary>
    public string Receiver { get; set; } = string.Empty;

    /// <summary>Grouping labels.</summary>
    public Dictionary<string, string> GroupLabels { get; set; } = [];

    /// <summary>When the group's first alert arrived (start of group_wait); part of idempotency keys.</summary>
    public DateTimeOffset FirstSeen { get; set; }

    /// <summary>Last notification, or null before the first.</summary>
    public DateTimeOffset? LastFlush { get; set; }

    /// <summary>Number of notifications made for this group.</summary>
    public int FlushSeq { get; set; }

    /// <summary>Firing alerts the last notification carried (and muted ones notified earlier), by id.</summary>
    public Dictionary<string, NotificationAlert> Notified { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Escalation progress when the receiver is an escalation policy.</summary>
    public EscalationProgress? Escalation { get; set; }

    /// <summary>True once written to the store.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Persisted { get; set; }
}

/// <summary>Where an escalation stands for one group.</summary>
public sealed class EscalationProgress
{
    /// <summary>Running: waiting for an acknowledgement.</summary>
    public const string Active = "active";

    /// <summary>Stopped by an acknowledgement (resumes on un-ack).</summary>
    public const string Acknowledged = "acknowledged";

    /// <summary>Every round done without acknowledgement.</summary>
    public const string Exhausted = "exhausted";

    /// <summary>Policy name.</summary>
    public string Policy { get; set; } = string.Empty;

    /// <summary>Current step (0-based).</summary>
    public int Step { get; set; }

    /// <summary>Current round (1-based).</summary>
    public int Round { get; set; } = 1;

    /// <summary>When the current step was notified.</summary>
    public DateTimeOffset StepStartedAt { get; set; }

    /// <summary>active, acknowledged or exhausted.</summary>
    public string Status { get; set; } = Active;

    /// <summary>Who acknowledged, when stopped by an ack.</summary>
    public string? AcknowledgedBy { get; set; }

    /// <summary>Bumped on every resume, so re-pages get new idempotency keys.</summary>
    public int Generation { get; set; }

    /// <summary>Everyone paged so far: they get the group's updates and its resolution.</summary>
    public List<Contact> Contacted { get; set; } = [];

    /// <summary>The API's copy (<c>GET /api/escalations</c>, <c>GET /api/groups</c>), detached from this mutable state.</summary>
    public EscalationProgressView ToView() =>
        new(Policy, Step, Round, StepStartedAt, Status, AcknowledgedBy, Generation, [.. Contacted.Select(c => new EscalationContactView(c.Receiver, c.Recipient, c.Label))]);
}

/// <summary>A way to reach someone: a receiver and an address on it.</summary>
/// <param name="Receiver">Webhook, e-mail or http receiver.</param>
/// <param name="Recipient">Address (e-mail, chat id) or null for the receiver's own.</param>
/// <param name="Label">Who this is, e.g. <c>user:an.nguyen</c>.</param>
public sealed record Contact(string Receiver, string? Recipient, string Label);
