namespace Supervision.Dashboard.OnCall;

/// <summary>
/// Silence matchers as the console edits them, one a line: <c>name="value"</c>, <c>name!="value"</c>,
/// <c>name=~"regex"</c>, <c>name!~"regex"</c> (quotes optional), as Alertmanager writes them.
/// </summary>
public static class MatcherText
{
    /// <summary>The matchers that select exactly this alert's labels (the console's prefill).</summary>
    public static string FromLabels(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var text = new StringBuilder();
        foreach (var (name, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append("=\"").Append(value.Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"\n");
        }

        return text.ToString();
    }

    /// <summary>Parses the text; each error names its line.</summary>
    public static (IReadOnlyList<SilenceMatcher> Matchers, IReadOnlyList<string> Errors) Parse(string? text)
    {
        var matchers = new List<SilenceMatcher>();
        var errors = new List<string>();
        var lines = (text ?? string.Empty).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var op = line.IndexOfAny(['=', '!']);
            if (op <= 0)
            {
                errors.Add($"line {i + 1}: '{line}' is not name=\"value\"");
                continue;
            }

            var name = line[..op].Trim();
            var rest = line[op..];
            var (isEqual, isRegex, skip) = rest switch
            {
                _ when rest.StartsWith("=~", StringComparison.Ordinal) => (true, true, 2),
                _ when rest.StartsWith("!~", StringComparison.Ordinal) => (false, true, 2),
                _ when rest.StartsWith("!=", StringComparison.Ordinal) => (false, false, 2),
                _ when rest.StartsWith('=') => (true, false, 1),
                _ => (true, false, 0),
            };
            if (skip == 0 || !IsLabelName(name))
            {
                errors.Add($"line {i + 1}: '{line}' is not name=\"value\" (operators = != =~ !~)");
                continue;
            }

            var value = rest[skip..].Trim();
            if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            {
                value = value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal);
            }

            matchers.Add(new SilenceMatcher(name, value, isRegex, isEqual));
        }

        if (matchers.Count == 0 && errors.Count == 0)
        {
            errors.Add("at least one matcher is required");
        }

        return (matchers, errors);
    }

    private static bool IsLabelName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
