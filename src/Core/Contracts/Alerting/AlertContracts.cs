namespace Supervision.Core.Contracts.Alerting;

// Bodies of Alerting's /api/alerts/* endpoints besides AlertView (Core.Messages, also pushed over the hub).
// Property order is the order of the JSON fields on the wire.

/// <summary>Body of <c>POST /api/alerts/{id}/ack</c> and <c>POST /api/alerts/{id}/escalate</c>.</summary>
/// <param name="By">Who acknowledges or escalates (required; the API answers 400 without it).</param>
/// <param name="Comment">Why, optional.</param>
public sealed record AckRequest(string? By, string? Comment);

/// <summary>One notification group escalated by hand (an item of <c>POST /api/alerts/{id}/escalate</c>'s answer).</summary>
/// <param name="GroupKey">The notification group.</param>
/// <param name="Policy">Its escalation policy.</param>
/// <param name="Step">The step paged (1-based).</param>
/// <param name="Round">The round (1-based).</param>
/// <param name="Paged">Who was paged (people or receivers).</param>
public sealed record ManualEscalation(string GroupKey, string Policy, int Step, int Round, IReadOnlyList<string> Paged);

/// <summary>The error body of a 404 or 409 that is not a problem document (e.g. <c>no firing alert {id}</c>).</summary>
/// <param name="Error">What went wrong, in words.</param>
public sealed record ApiError(string Error);
