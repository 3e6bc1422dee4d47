namespace Supervision.Core.Influx;

/// <summary>
/// The pieces every reader's InfluxQL is made of, quoted and escaped one way (InfluxDB 1.x's own <c>QuoteIdent</c> and
/// <c>QuoteString</c>: a backslash, the quote and a line break are escaped), so no reader hand-rolls its quoting.
/// Names come from <c>Supervision.Core.Schema</c>; values (unit codes, system keys) may come from a request.
/// </summary>
public static class InfluxQl
{
    /// <summary>A double-quoted identifier (measurement, retention policy, tag or field key): <c>"status_code"</c>.</summary>
    public static string Identifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Quoted(name, '"');
    }

    /// <summary>A retention policy and measurement: <c>"hourly"."summary_unit"</c>.</summary>
    public static string Measurement(string retentionPolicy, string measurement) =>
        Identifier(retentionPolicy) + "." + Identifier(measurement);

    /// <summary>A single-quoted string literal (a tag value to compare with): <c>'79'</c>.</summary>
    public static string StringLiteral(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Quoted(value, '\'');
    }

    /// <summary>
    /// The time literal of an instant, in UTC (RFC 3339), with milliseconds only when it has any, so whole-second
    /// bounds read as people write them: <c>'2026-11-01T13:00:00Z'</c>, <c>'2026-11-01T13:00:00.250Z'</c>.
    /// </summary>
    public static string Time(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return utc.Millisecond == 0
            ? utc.ToString("\\'yyyy-MM-dd'T'HH:mm:ss'Z'\\'", CultureInfo.InvariantCulture)
            : utc.ToString("\\'yyyy-MM-dd'T'HH:mm:ss.fff'Z'\\'", CultureInfo.InvariantCulture);
    }

    /// <summary>The half-open time range [from, to): <c>time &gt;= '…' AND time &lt; '…'</c>.</summary>
    public static string TimeRange(DateTimeOffset from, DateTimeOffset to) => "time >= " + Time(from) + " AND time < " + Time(to);

    /// <summary>The last <paramref name="window"/> before the server's now, in whole seconds: <c>time &gt; now() - 300s</c>.</summary>
    public static string Recent(TimeSpan window) =>
        string.Create(CultureInfo.InvariantCulture, $"time > now() - {(long)window.TotalSeconds}s");

    /// <summary>A tag compared with one value: <c>"unit" = '79'</c>.</summary>
    public static string TagEquals(string tag, string value) => Identifier(tag) + " = " + StringLiteral(value);

    /// <summary>A tag equal to any of <paramref name="values"/>: <c>("system" = 'edoc' OR "system" = 'dossier')</c>.</summary>
    public static string TagIn(string tag, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sb = new StringBuilder("(");
        for (var i = 0; i < values.Count; i++)
        {
            sb.Append(i == 0 ? string.Empty : " OR ").Append(TagEquals(tag, values[i]));
        }

        return sb.Append(')').ToString();
    }

    /// <summary>A list of identifiers (fields to select, tags to group by): <c>"unit", "system"</c>.</summary>
    public static string Identifiers(params ReadOnlySpan<string> names)
    {
        var sb = new StringBuilder();
        foreach (var name in names)
        {
            sb.Append(sb.Length == 0 ? string.Empty : ", ").Append(Identifier(name));
        }

        return sb.ToString();
    }

    private static string Quoted(string text, char quote)
    {
        if (text.AsSpan().IndexOfAny(quote, '\\', '\n') < 0)
        {
            return quote + text + quote;
        }

        var sb = new StringBuilder(text.Length + 8).Append(quote);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\\' => sb.Append("\\\\"),
                '\n' => sb.Append("\\n"),
                _ when c == quote => sb.Append('\\').Append(c),
                _ => sb.Append(c),
            };
        }

        return sb.Append(quote).ToString();
    }
}
