namespace Supervision.Dashboard.OnCall;

/// <summary>A silence matcher as Alerting's API reads and writes it.</summary>
/// <param name="Name">Label name.</param>
/// <param name="Value">Value or regular expression.</param>
/// <param name="IsRegex">Value is a regular expression.</param>
/// <param name="IsEqual">False negates the match.</param>
public sealed record SilenceMatcher(string Name, string Value, bool IsRegex = false, bool IsEqual = true);

/// <summary>State of a silence.</summary>
/// <param name="State"><c>active</c>, <c>pending</c> or <c>expired</c>.</param>
public sealed record SilenceStatus(string State);

/// <summary>A silence from <c>GET /api/silences</c>.</summary>
/// <param name="Id">Id.</param>
/// <param name="Matchers">All must match.</param>
/// <param name="StartsAt">Start.</param>
/// <param name="EndsAt">End.</param>
/// <param name="CreatedBy">Author.</param>
/// <param name="Comment">Why.</param>
/// <param name="Status">Its state now.</param>
public sealed record Silence(string Id, IReadOnlyList<SilenceMatcher> Matchers, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string CreatedBy, string Comment, SilenceStatus Status);

/// <summary>One delivery attempt of a notification.</summary>
/// <param name="Attempt">Number.</param>
/// <param name="StartedAt">Start.</param>
/// <param name="FinishedAt">End.</param>
/// <param name="Outcome">Outcome.</param>
/// <param name="StatusCode">HTTP status, when any.</param>
/// <param name="Error">Error, when any.</param>
public sealed record DeliveryAttempt(int Attempt, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string Outcome, int? StatusCode, string? Error);

/// <summary>A notification that carried an alert (<c>GET /api/alerts/{id}/notifications</c>).</summary>
/// <param name="Id">Outbox id.</param>
/// <param name="Receiver">Receiver name.</param>
/// <param name="Recipient">Person or address, when the receiver resolves one (escalation steps).</param>
/// <param name="GroupKey">Notification group.</param>
/// <param name="Status">Delivery status.</param>
/// <param name="AlertStatus"><c>firing</c> or <c>resolved</c>.</param>
/// <param name="Reason">Why it was sent (first, update, repeat, escalation…).</param>
/// <param name="Attempts">Attempts so far.</param>
/// <param name="CreatedAt">Queued at.</param>
/// <param name="FinishedAt">Delivered or given up at.</param>
/// <param name="LastError">Last error.</param>
/// <param name="AttemptLog">Attempts.</param>
public sealed record NotificationRecord(
    long Id, string Receiver, string? Recipient, string GroupKey, string Status, string AlertStatus, string Reason, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, string? LastError, IReadOnlyList<DeliveryAttempt>? AttemptLog);

/// <summary>One entry of Alerting's audit (<c>GET /api/audit</c>).</summary>
/// <param name="Id">Row id.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who.</param>
/// <param name="Action">What, e.g. <c>escalation.acknowledged</c>.</param>
/// <param name="Subject">On what (a group key for escalations).</param>
/// <param name="Detail">Detail.</param>
public sealed record AlertingAuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string Subject, string? Detail);

/// <summary>Who is on call in one shift.</summary>
/// <param name="User">User id.</param>
/// <param name="FullName">Name.</param>
/// <param name="From">Shift start.</param>
/// <param name="Until">Shift end.</param>
/// <param name="Source">Layer or override.</param>
public sealed record OnCallShift(string? User, string? FullName, DateTimeOffset? From, DateTimeOffset? Until, string? Source);

/// <summary>Now and next of one schedule (<c>GET /api/oncall</c>).</summary>
/// <param name="Schedule">Schedule name.</param>
/// <param name="At">The instant asked about.</param>
/// <param name="Now">On call now.</param>
/// <param name="Next">On call next.</param>
public sealed record OnCallAnswer(string Schedule, DateTimeOffset At, OnCallShift Now, OnCallShift? Next);

/// <summary>A maintenance window to create (<c>POST /api/maintenance</c>).</summary>
/// <param name="Name">Title.</param>
/// <param name="Province">Province code, or null.</param>
/// <param name="System">System key, or null.</param>
/// <param name="StartsAt">Start (one-off) or first day (recurring).</param>
/// <param name="EndsAt">End.</param>
/// <param name="Cron">Quartz cron for recurring windows, or null.</param>
/// <param name="Duration">Length of each occurrence (<c>2h</c>), with <paramref name="Cron"/>.</param>
/// <param name="Comment">Why.</param>
public sealed record MaintenanceRequest(string Name, string? Province, string? System, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string? Cron, string? Duration, string? Comment);

/// <summary>A maintenance window as listed (the fields the console shows).</summary>
/// <param name="Id">Id.</param>
/// <param name="Name">Title.</param>
/// <param name="Matchers">Matchers.</param>
/// <param name="StartsAt">Start.</param>
/// <param name="EndsAt">End.</param>
/// <param name="Cron">Cron, when recurring.</param>
public sealed record MaintenanceWindow(string Id, string Name, IReadOnlyList<string> Matchers, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string? Cron);

/// <summary>A maintenance window with its state now.</summary>
/// <param name="Window">The window.</param>
/// <param name="OpenNow">Mutes now.</param>
/// <param name="NextOpening">Next opening.</param>
public sealed record MaintenanceEntry(MaintenanceWindow Window, bool OpenNow, DateTimeOffset? NextOpening);

/// <summary>One notification group escalated by hand (Alerting's <c>POST /api/alerts/{id}/escalate</c>).</summary>
/// <param name="GroupKey">The group.</param>
/// <param name="Policy">Its escalation policy.</param>
/// <param name="Step">The step paged, 1-based.</param>
/// <param name="Round">The round, 1-based.</param>
/// <param name="Paged">Who was paged.</param>
public sealed record EscalationResult(string GroupKey, string Policy, int Step, int Round, IReadOnlyList<string> Paged);

/// <summary>A notification group (Alerting's <c>GET /api/groups?key=</c>): the alerts one message is about.</summary>
/// <param name="GroupKey">The key.</param>
/// <param name="Receiver">The route's receiver.</param>
/// <param name="GroupLabels">The labels the route groups by.</param>
/// <param name="AlertIds">The alerts it notified as firing.</param>
public sealed record NotificationGroup(string GroupKey, string Receiver, IReadOnlyDictionary<string, string> GroupLabels, IReadOnlyList<string> AlertIds);
