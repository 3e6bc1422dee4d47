namespace Supervision.Core.Contracts.Alerting;

/// <summary>One matcher of a silence, as stored and served (Alertmanager's shape).</summary>
/// <param name="Name">Label name (a request without it is refused with 400).</param>
/// <param name="Value">Value or regular expression (a request without it is refused with 400).</param>
/// <param name="IsRegex">Value is a regular expression.</param>
/// <param name="IsEqual">False negates the match.</param>
public sealed record SilenceMatcher(string Name, string Value, bool IsRegex = false, bool IsEqual = true);

/// <summary>Body of <c>POST /api/silences</c> (an <c>id</c> replaces an existing silence).</summary>
/// <param name="Id">Existing silence to replace, or null for a new one.</param>
/// <param name="Matchers">All must match; at least one.</param>
/// <param name="StartsAt">Start; default now.</param>
/// <param name="EndsAt">End (required, after the start).</param>
/// <param name="CreatedBy">Author (required).</param>
/// <param name="Comment">Why.</param>
public sealed record SilenceRequest(
    string? Id, IReadOnlyList<SilenceMatcher>? Matchers, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string? CreatedBy, string? Comment);

/// <summary>Answer of <c>POST /api/silences</c>.</summary>
/// <param name="SilenceId">Id of the created or replaced silence.</param>
public sealed record SilenceCreated(string SilenceId);

/// <summary>State of a silence now.</summary>
/// <param name="State"><c>pending</c>, <c>active</c> or <c>expired</c>.</param>
public sealed record SilenceStatus(string State);

/// <summary>A silence as <c>GET /api/silences</c> and <c>DELETE /api/silences/{id}</c> serve it.</summary>
/// <param name="Id">Id.</param>
/// <param name="Matchers">All must match.</param>
/// <param name="StartsAt">Start.</param>
/// <param name="EndsAt">End.</param>
/// <param name="CreatedBy">Author.</param>
/// <param name="Comment">Why.</param>
/// <param name="UpdatedAt">Last change.</param>
/// <param name="Status">Its state now.</param>
public sealed record SilenceView(
    string Id,
    IReadOnlyList<SilenceMatcher> Matchers,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string CreatedBy,
    string Comment,
    DateTimeOffset UpdatedAt,
    SilenceStatus Status);
