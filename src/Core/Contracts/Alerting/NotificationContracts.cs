namespace Supervision.Core.Contracts.Alerting;

/// <summary>One recorded delivery attempt of a notification.</summary>
/// <param name="Attempt">Number (1-based).</param>
/// <param name="StartedAt">Start.</param>
/// <param name="FinishedAt">End.</param>
/// <param name="Outcome">Outcome.</param>
/// <param name="StatusCode">HTTP status, when any.</param>
/// <param name="Error">Error, when any.</param>
public sealed record DeliveryAttempt(int Attempt, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string Outcome, int? StatusCode, string? Error);

/// <summary>A notification and its attempts (an item of <c>GET /api/alerts/{id}/notifications</c>).</summary>
/// <param name="Id">Outbox id.</param>
/// <param name="IdempotencyKey">Key that makes a re-sent message recognisable to the receiver.</param>
/// <param name="Receiver">Receiver name.</param>
/// <param name="Recipient">Person or address, when the receiver resolves one (escalation steps).</param>
/// <param name="GroupKey">Notification group.</param>
/// <param name="Status">Delivery status (<c>pending</c>, <c>in_flight</c>, <c>delivered</c>, <c>failed</c>, <c>abandoned</c>).</param>
/// <param name="AlertStatus"><c>firing</c> or <c>resolved</c>.</param>
/// <param name="Reason">Why it was sent (first, update, repeat, escalation…).</param>
/// <param name="Attempts">Attempts so far.</param>
/// <param name="CreatedAt">Queued at.</param>
/// <param name="FinishedAt">Delivered or given up at.</param>
/// <param name="LastError">Last error.</param>
/// <param name="AttemptLog">Every attempt.</param>
public sealed record NotificationRecord(
    long Id,
    string IdempotencyKey,
    string Receiver,
    string? Recipient,
    string GroupKey,
    string Status,
    string AlertStatus,
    string Reason,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    string? LastError,
    IReadOnlyList<DeliveryAttempt> AttemptLog);

/// <summary>One way someone was reached by an escalation.</summary>
/// <param name="Receiver">Webhook, e-mail or http receiver.</param>
/// <param name="Recipient">Address (e-mail, chat id) or null for the receiver's own.</param>
/// <param name="Label">Who this is, e.g. <c>user:an.nguyen</c>.</param>
public sealed record EscalationContactView(string Receiver, string? Recipient, string Label);

/// <summary>Where the escalation of one notification group stands.</summary>
/// <param name="Policy">Policy name.</param>
/// <param name="Step">Current step (0-based).</param>
/// <param name="Round">Current round (1-based).</param>
/// <param name="StepStartedAt">When the current step was notified.</param>
/// <param name="Status"><c>active</c>, <c>acknowledged</c> or <c>exhausted</c>.</param>
/// <param name="AcknowledgedBy">Who acknowledged, when stopped by an acknowledgement.</param>
/// <param name="Generation">Bumped on every resume.</param>
/// <param name="Contacted">Everyone paged so far.</param>
public sealed record EscalationProgressView(
    string Policy,
    int Step,
    int Round,
    DateTimeOffset StepStartedAt,
    string Status,
    string? AcknowledgedBy,
    int Generation,
    IReadOnlyList<EscalationContactView> Contacted);

/// <summary>An escalating notification group (an item of <c>GET /api/escalations</c>).</summary>
/// <param name="GroupKey">The group.</param>
/// <param name="Progress">Where its escalation stands.</param>
public sealed record EscalationEntry(string GroupKey, EscalationProgressView Progress);

/// <summary>A notification group (<c>GET /api/groups?key=</c>): the alerts one message is about.</summary>
/// <param name="GroupKey">The key.</param>
/// <param name="Receiver">The route's receiver.</param>
/// <param name="GroupLabels">The labels the route groups by.</param>
/// <param name="AlertIds">The alerts it has notified as firing (their pages are <c>/alerts/{id}</c>).</param>
/// <param name="Escalation">Its escalation progress, when its receiver escalates.</param>
public sealed record NotificationGroup(
    string GroupKey, string Receiver, IReadOnlyDictionary<string, string> GroupLabels, IReadOnlyList<string> AlertIds, EscalationProgressView? Escalation);
