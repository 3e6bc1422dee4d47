namespace Supervision.Alerting.Muting;

/// <summary>Turns the API's matcher shape (a Core contract) into the engine's <see cref="Matcher"/>.</summary>
internal static class SilenceMatcherExtensions
{
    /// <summary>The matcher; throws <see cref="ArgumentException"/> for an invalid regular expression.</summary>
    public static Matcher ToMatcher(this SilenceMatcher m) => new(m.Name, (m.IsRegex, m.IsEqual) switch
    {
        (false, true) => MatchOperator.Equal,
        (false, false) => MatchOperator.NotEqual,
        (true, true) => MatchOperator.Regex,
        _ => MatchOperator.NotRegex,
    }, m.Value);
}
