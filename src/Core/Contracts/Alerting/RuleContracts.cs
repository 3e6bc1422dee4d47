namespace Supervision.Core.Contracts.Alerting;

/// <summary>Where one rule stands (an item of <c>GET /api/rules</c>).</summary>
/// <param name="Name">Rule name.</param>
/// <param name="Group">Its rule group.</param>
/// <param name="Kind">Kind of rule, as written in the rule file.</param>
/// <param name="LastEvaluation">When it was last evaluated, or null before the first evaluation.</param>
/// <param name="DurationSeconds">How long the last evaluation took.</param>
/// <param name="Error">Error of the last evaluation, or null.</param>
/// <param name="ActiveSamples">Series that matched the condition at the last evaluation.</param>
/// <param name="SkippedOutsideWorkingHours">True when the last evaluation was skipped outside the rule's working hours.</param>
public sealed record RuleStatus(
    string Name,
    string Group,
    string Kind,
    DateTimeOffset? LastEvaluation,
    double DurationSeconds,
    string? Error,
    int ActiveSamples,
    bool SkippedOutsideWorkingHours);

/// <summary>Body of <c>GET /api/rules</c>.</summary>
/// <param name="Rules">Every loaded rule.</param>
/// <param name="ReloadErrors">Errors of the last rule-file reload (file:line and why), empty when it loaded cleanly.</param>
public sealed record RuleStatusList(IReadOnlyList<RuleStatus> Rules, IReadOnlyList<string> ReloadErrors);
