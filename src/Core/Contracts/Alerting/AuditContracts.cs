namespace Supervision.Core.Contracts.Alerting;

/// <summary>One audited change in Alerting (an item of <c>GET /api/audit</c>).</summary>
/// <param name="Id">Row id.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who.</param>
/// <param name="Action">What, e.g. <c>maintenance.create</c> or <c>escalation.acknowledged</c>.</param>
/// <param name="Subject">Which object (a group key for escalations).</param>
/// <param name="Detail">The new value or a note (JSON or text).</param>
public sealed record AlertingAuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string Subject, string? Detail);
