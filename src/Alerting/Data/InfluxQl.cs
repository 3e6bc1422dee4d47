using System.Globalization;
using System.Text;
using Supervision.Alerting.Rules;

namespace Supervision.Alerting.Data;

/// <summary>Renders a <see cref="SeriesQuery"/> as InfluxQL with absolute times, so a fake clock works against a real server.</summary>
internal static class InfluxQl
{
    /// <summary>
    /// The statement: the aggregate per series, then (when asked) summed per <see cref="SeriesQuery.SumBy"/> tags in a
    /// query over it, then (when asked) filtered by <see cref="SeriesQuery.Where"/> in an outer query that keeps the
    /// grouping, so the answer has the same shape either way.
    /// </summary>
    public static string Render(SeriesQuery q)
    {
        var sb = new StringBuilder(256);
        var nested = q.SumBy is not null || q.Where is not null;
        if (q.Where is not null)
        {
            sb.Append("SELECT \"v\" FROM (");
        }

        if (q.SumBy is not null)
        {
            sb.Append("SELECT sum(\"v\") AS \"v\" FROM (");
        }

        sb.Append("SELECT ").Append(Function(q.Aggregate)).Append("(\"").Append(Escape(q.Field)).Append("\")");
        if (nested)
        {
            sb.Append(" AS \"v\"");
        }

        sb.Append(" FROM \"").Append(Escape(q.Measurement)).Append("\" WHERE time > '").Append(Time(q.From))
            .Append("' AND time <= '").Append(Time(q.To)).Append('\'');
        if (q.Selector.Levels.Count > 0)
        {
            AppendIn(sb, "level", q.Selector.Levels.Select(RuleSelector.LevelText).ToArray());
        }

        if (q.Selector.Provinces.Count > 0)
        {
            AppendIn(sb, "province", q.Selector.Provinces);
        }

        if (q.Selector.Systems.Count > 0)
        {
            AppendIn(sb, "system", q.Selector.Systems);
        }

        if (q.Units is { } units)
        {
            AppendIn(sb, "unit", units);
        }

        AppendGroupBy(sb, q.GroupBy);
        if (q.SumBy is { } sumBy)
        {
            sb.Append(')');
            AppendGroupBy(sb, sumBy);
        }

        if (q.Where is { } where)
        {
            sb.Append(") WHERE \"v\" ").Append(where.Operator == "==" ? "=" : where.Operator).Append(' ')
                .Append(where.Threshold.ToString("0.###############", CultureInfo.InvariantCulture)); // InfluxQL has no exponent notation
            AppendGroupBy(sb, q.SumBy ?? q.GroupBy);
        }

        return sb.ToString();
    }

    private static void AppendGroupBy(StringBuilder sb, IReadOnlyList<string> tags)
    {
        sb.Append(" GROUP BY ");
        if (tags.Count == 0)
        {
            sb.Append('*');
            return;
        }

        for (var i = 0; i < tags.Count; i++)
        {
            sb.Append(i == 0 ? "\"" : ",\"").Append(Escape(tags[i])).Append('"');
        }
    }

    public static string Function(Aggregate a) => a switch
    {
        Aggregate.Last => "last",
        Aggregate.Mean => "mean",
        Aggregate.Max => "max",
        Aggregate.Min => "min",
        Aggregate.Sum => "sum",
        Aggregate.Count => "count",
        _ => "spread",
    };

    private static void AppendIn(StringBuilder sb, string tag, IReadOnlyList<string> values)
    {
        sb.Append(" AND (");
        for (var i = 0; i < values.Count; i++)
        {
            sb.Append(i == 0 ? "\"" : " OR \"").Append(tag).Append("\" = '").Append(values[i].Replace("'", "\\'", StringComparison.Ordinal)).Append('\'');
        }

        sb.Append(')');
    }

    private static string Escape(string identifier) => identifier.Replace("\"", "\\\"", StringComparison.Ordinal);

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
