using System.Text.RegularExpressions;

namespace Supervision.Alerting.Muting;

/// <summary>
/// One label matcher (<c>province="79"</c>, <c>system!="edoc"</c>, <c>severity=~"critical|warning"</c>).
/// A missing label counts as the empty string, as in Alertmanager, so <c>x!="a"</c> matches alerts without <c>x</c>.
/// </summary>
public sealed class Matcher
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);
    private readonly Regex? _regex;

    /// <summary>Builds a matcher; a regular expression is anchored to the whole value.</summary>
    /// <exception cref="ArgumentException">The name is empty or the expression does not compile.</exception>
    public Matcher(string name, MatchOperator op, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("matcher label name is empty", nameof(name));
        }

        Name = name;
        Operator = op;
        Value = value;
        if (op is MatchOperator.Regex or MatchOperator.NotRegex)
        {
            try
            {
                _regex = new Regex("^(?:" + value + ")$", RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"matcher {name}: invalid regular expression '{value}': {ex.Message}", nameof(value), ex);
            }
        }
    }

    /// <summary>Label name.</summary>
    public string Name { get; }

    /// <summary>Comparison.</summary>
    public MatchOperator Operator { get; }

    /// <summary>Value or expression.</summary>
    public string Value { get; }

    /// <summary>True when the labels satisfy this matcher.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var actual = labels.TryGetValue(Name, out var v) ? v : string.Empty;
        return Operator switch
        {
            MatchOperator.Equal => string.Equals(actual, Value, StringComparison.Ordinal),
            MatchOperator.NotEqual => !string.Equals(actual, Value, StringComparison.Ordinal),
            MatchOperator.Regex => _regex!.IsMatch(actual),
            _ => !_regex!.IsMatch(actual),
        };
    }

    /// <summary>True when every matcher matches (an empty list matches everything).</summary>
    public static bool All(IReadOnlyList<Matcher> matchers, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        for (var i = 0; i < matchers.Count; i++)
        {
            if (!matchers[i].Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Parses <c>name op value</c> where op is one of <c>= != =~ !~</c> and the value may be double-quoted
    /// (with <c>\"</c> and <c>\\</c> escapes).
    /// </summary>
    /// <exception cref="FormatException">The text is not a matcher; the message says why.</exception>
    public static Matcher Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim();
        var i = 0;
        while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '_'))
        {
            i++;
        }

        var name = s[..i];
        if (name.Length == 0)
        {
            throw new FormatException($"matcher '{text}': expected a label name first");
        }

        var rest = s[i..].TrimStart();
        MatchOperator op;
        int opLength;
        if (rest.StartsWith("=~", StringComparison.Ordinal)) { op = MatchOperator.Regex; opLength = 2; }
        else if (rest.StartsWith("!~", StringComparison.Ordinal)) { op = MatchOperator.NotRegex; opLength = 2; }
        else if (rest.StartsWith("!=", StringComparison.Ordinal)) { op = MatchOperator.NotEqual; opLength = 2; }
        else if (rest.StartsWith('=')) { op = MatchOperator.Equal; opLength = 1; }
        else
        {
            throw new FormatException($"matcher '{text}': expected one of = != =~ !~ after '{name}'");
        }

        var raw = rest[opLength..].Trim();
        var value = raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"' ? Unquote(raw[1..^1]) : raw;
        try
        {
            return new Matcher(name, op, value);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"matcher '{text}': {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var op = Operator switch
        {
            MatchOperator.Equal => "=",
            MatchOperator.NotEqual => "!=",
            MatchOperator.Regex => "=~",
            _ => "!~",
        };
        return Name + op + "\"" + Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    private static string Unquote(string s)
    {
        if (!s.Contains('\\', StringComparison.Ordinal))
        {
            return s;
        }

        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                i++;
            }

            sb.Append(s[i]);
        }

        return sb.ToString();
    }
}
