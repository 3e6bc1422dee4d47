namespace Supervision.Core.Domain;

/// <summary>The live state of one target as last observed.</summary>
/// <param name="TargetId">The target id <c>{unit}/{system}</c>.</param>
/// <param name="Status">Current status.</param>
/// <param name="Reason">Why it has that status.</param>
/// <param name="Detail">Human-readable detail (HTTP status, the unhealthy entry, the parse error's line), or null.</param>
/// <param name="Since">When the target entered this status.</param>
/// <param name="ObservedAt">When the observation was made (scrape time).</param>
public sealed record TargetState(
    string TargetId,
    TargetStatus Status,
    StatusReason Reason,
    string? Detail,
    DateTimeOffset Since,
    DateTimeOffset ObservedAt);
