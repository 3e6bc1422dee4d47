namespace Supervision.Alerting.Api;

/// <summary>Body of <c>POST /api/alerts/{id}/ack</c>.</summary>
/// <param name="By">Who acknowledges.</param>
/// <param name="Comment">Why, optional.</param>
public sealed record AckRequest(string? By, string? Comment);

/// <summary>One matcher in a silence request.</summary>
/// <param name="Name">Label name.</param>
/// <param name="Value">Value or regular expression.</param>
/// <param name="IsRegex">Value is a regular expression.</param>
/// <param name="IsEqual">False negates the match.</param>
public sealed record SilenceMatcherRequest(string? Name, string? Value, bool IsRegex = false, bool IsEqual = true);

/// <summary>Body of <c>POST /api/silences</c> (an <c>id</c> updates an existing silence).</summary>
/// <param name="Id">Existing silence to replace, or null.</param>
/// <param name="Matchers">All must match.</param>
/// <param name="StartsAt">Start; default now.</param>
/// <param name="EndsAt">End.</param>
/// <param name="CreatedBy">Author.</param>
/// <param name="Comment">Why.</param>
public sealed record SilenceRequest(string? Id, IReadOnlyList<SilenceMatcherRequest>? Matchers, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string? CreatedBy, string? Comment);
