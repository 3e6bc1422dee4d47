namespace Supervision.Alerting.Muting;

/// <summary>How a matcher compares a label value, as in Alertmanager.</summary>
public enum MatchOperator
{
    /// <summary><c>=</c>: equal.</summary>
    Equal,

    /// <summary><c>!=</c>: not equal.</summary>
    NotEqual,

    /// <summary><c>=~</c>: the whole value matches the regular expression.</summary>
    Regex,

    /// <summary><c>!~</c>: the whole value does not match the regular expression.</summary>
    NotRegex,
}
