namespace Supervision.Alerting.Engine;

/// <summary>How a rule's last evaluation went (served on <c>GET /api/rules</c>).</summary>
internal sealed record RuleStatus(string Rule, string Group, string Kind, DateTimeOffset? LastEvaluation, double DurationSeconds, string? Error, int ActiveSamples, bool SkippedOutsideWorkingHours);
