namespace Supervision.Core.Contracts.Alerting;

/// <summary>Body of <c>POST /api/mute/check</c>: the labels to test.</summary>
/// <param name="Labels">Alert labels.</param>
public sealed record MuteCheckRequest(IReadOnlyDictionary<string, string>? Labels);

/// <summary>Answer of <c>POST /api/mute/check</c>.</summary>
/// <param name="Muted">True when a silence, maintenance window or inhibition mutes those labels now.</param>
/// <param name="Reason"><c>none</c>, <c>inhibited</c>, <c>silenced</c> or <c>maintenance</c>.</param>
/// <param name="By">Id of the silence, window or inhibiting alert, or null.</param>
public sealed record MuteCheckAnswer(bool Muted, string Reason, string? By);
