
namespace Supervision.Alerting.Muting;

/// <summary>One matcher as stored and served on the API (Alertmanager's shape).</summary>
internal sealed record SilenceMatcher(string Name, string Value, bool IsRegex = false, bool IsEqual = true)
{
    public Matcher ToMatcher() => new(Name, (IsRegex, IsEqual) switch
    {
        (false, true) => MatchOperator.Equal,
        (false, false) => MatchOperator.NotEqual,
        (true, true) => MatchOperator.Regex,
        _ => MatchOperator.NotRegex,
    }, Value);
}

/// <summary>A silence as stored by the engine and served on <c>/api/silences</c>.</summary>
internal sealed record StoredSilence(string Id, IReadOnlyList<SilenceMatcher> Matchers, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string CreatedBy, string Comment, DateTimeOffset UpdatedAt)
{
    public Silence ToSilence() => new(Id, Matchers.Select(m => m.ToMatcher()).ToArray(), StartsAt, EndsAt, CreatedBy, Comment);

    public string Status(DateTimeOffset now) => now < StartsAt ? "pending" : now < EndsAt ? "active" : "expired";
}
