using System.Text.RegularExpressions;

namespace Supervision.Core.Influx.Backfill;

/// <summary>
/// One <c>CREATE CONTINUOUS QUERY</c> line of scripts/influxdb-setup.iql: its name, its body (the
/// <c>SELECT … INTO … GROUP BY time(interval[, offset]) …</c> InfluxDB runs) and the grid of its buckets.
/// </summary>
/// <param name="Name">The query's name, e.g. <c>cq_summary_unit_day_h17</c>.</param>
/// <param name="Body">The statement between BEGIN and END.</param>
/// <param name="Interval">The <c>GROUP BY time()</c> interval.</param>
/// <param name="Offset">The <c>GROUP BY time()</c> offset (zero when absent).</param>
/// <param name="Line">1-based line in the setup file, for messages.</param>
public sealed partial record ContinuousQueryDefinition(string Name, string Body, TimeSpan Interval, TimeSpan Offset, int Line)
{
    /// <summary>Reads every continuous query of a setup file's lines; a CREATE line it cannot read is an error naming the line.</summary>
    public static IReadOnlyList<ContinuousQueryDefinition> Parse(IReadOnlyList<string> lines, string file)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var found = new List<ContinuousQueryDefinition>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (!lines[i].StartsWith("CREATE CONTINUOUS QUERY ", StringComparison.Ordinal))
            {
                continue;
            }

            var match = Definition().Match(lines[i]);
            var time = match.Success ? GroupByTime().Match(match.Groups["body"].Value) : Match.Empty;
            if (!time.Success)
            {
                throw new FormatException($"{file}:{i + 1}: not a continuous query with BEGIN SELECT … GROUP BY time(…) … END");
            }

            var offset = time.Groups["offset"].Success ? Duration(time.Groups["offset"].Value, file, i + 1) : TimeSpan.Zero;
            found.Add(new ContinuousQueryDefinition(match.Groups["name"].Value, match.Groups["body"].Value, Duration(time.Groups["interval"].Value, file, i + 1), offset, i + 1));
        }

        return found;
    }

    /// <summary>The first bucket start at or after <paramref name="instant"/>.</summary>
    public DateTimeOffset BucketAtOrAfter(DateTimeOffset instant)
    {
        var floor = BucketAtOrBefore(instant);
        return floor == instant ? floor : floor + Interval;
    }

    /// <summary>The last bucket start at or before <paramref name="instant"/> (InfluxDB's grid: epoch + offset + k·interval).</summary>
    public DateTimeOffset BucketAtOrBefore(DateTimeOffset instant)
    {
        var ticks = instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks - Offset.Ticks;
        var k = ticks / Interval.Ticks;
        if (ticks % Interval.Ticks < 0)
        {
            k--;
        }

        return DateTimeOffset.UnixEpoch + Offset + TimeSpan.FromTicks(k * Interval.Ticks);
    }

    /// <summary>The body limited to [from, to) (added to its WHERE, or as one), for database <paramref name="database"/>.</summary>
    public string Over(DateTimeOffset from, DateTimeOffset to, string database)
    {
        var range = InfluxQl.TimeRange(from, to);
        var body = Body.Replace($"\"{Database}\".", $"\"{database}\".", StringComparison.Ordinal);
        var where = body.IndexOf(" WHERE ", StringComparison.Ordinal);
        var groupBy = body.IndexOf(" GROUP BY ", StringComparison.Ordinal);
        return where >= 0
            ? body[..(where + 7)] + range + " AND " + body[(where + 7)..]
            : body[..groupBy] + " WHERE " + range + body[groupBy..];
    }

    /// <summary>The database the setup file names.</summary>
    public const string Database = "supervision";

    private static TimeSpan Duration(string text, string file, int line)
    {
        var unit = text[^1];
        if (!long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            throw new FormatException($"{file}:{line}: duration '{text}' is not a number and a unit (m, h, d)");
        }

        return unit switch
        {
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            'w' => TimeSpan.FromDays(7 * n),
            _ => throw new FormatException($"{file}:{line}: duration '{text}' has unit '{unit}'; the setup uses m, h, d or w"),
        };
    }

    [GeneratedRegex("^CREATE CONTINUOUS QUERY \"(?<name>[^\"]+)\" ON \"[^\"]+\"(?: RESAMPLE [^B]*)? BEGIN (?<body>.*) END$")]
    private static partial Regex Definition();

    [GeneratedRegex(@" GROUP BY time\((?<interval>\d+[a-z])(?:, (?<offset>\d+[a-z]))?\)")]
    private static partial Regex GroupByTime();
}
