using static Supervision.Core.Influx.InfluxQl;

namespace Supervision.Alerting.Data;

/// <summary>Renders a <see cref="SeriesQuery"/> as InfluxQL with absolute times, so a fake clock works against a real server.</summary>
internal static class SeriesStatement
{
    /// <summary>
    /// The statement: the aggregate per series, filtered (when asked, and when nothing is summed afterwards) by
    /// <see cref="SeriesQuery.Where"/> in an outer query that keeps the grouping, so the answer has the same shape
    /// either way. Sums (<see cref="SeriesQuery.SumBy"/>) are not rendered: <see cref="InfluxMetricSource"/> adds
    /// them up itself, because in InfluxDB 1.6 a sum over a grouped subquery costs many times the subquery.
    /// </summary>
    public static string Render(SeriesQuery q)
    {
        var sb = new StringBuilder(256);
        var filter = q.SumBy is null ? q.Where : null;
        if (filter is not null)
        {
            sb.Append("SELECT \"v\" FROM (");
        }

        sb.Append("SELECT ");
        AppendAggregate(sb, q.Aggregate, q.Field);
        if (filter is not null)
        {
            sb.Append(" AS \"v\"");
        }

        // (From, To]: the window ends at the pass's instant, a point stamped with it included.
        sb.Append(" FROM ").Append(Identifier(q.Measurement)).Append(" WHERE time > ").Append(Time(q.From))
            .Append(" AND time <= ").Append(Time(q.To));
        if (q.Selector.Levels.Count > 0)
        {
            AppendIn(sb, TagNames.Level, q.Selector.Levels.Select(UnitLevelText.Of).ToArray());
        }

        if (q.Selector.Provinces.Count > 0)
        {
            AppendIn(sb, TagNames.Province, q.Selector.Provinces);
        }

        if (q.Selector.Systems.Count > 0)
        {
            AppendIn(sb, TagNames.System, q.Selector.Systems);
        }

        if (q.Units is { } units)
        {
            AppendIn(sb, TagNames.Unit, units);
        }

        AppendGroupBy(sb, q.SumBy is null ? q.GroupBy : []);
        if (filter is not null)
        {
            sb.Append(") WHERE \"v\" ").Append(filter.Operator == "==" ? "=" : filter.Operator).Append(' ')
                .Append(filter.Threshold.ToString("0.###############", CultureInfo.InvariantCulture)); // InfluxQL has no exponent notation
            AppendGroupBy(sb, q.GroupBy);
        }

        return sb.ToString();
    }

    private static void AppendAggregate(StringBuilder sb, Aggregate aggregate, string field)
    {
        if (aggregate is Aggregate.Increase or Aggregate.Unchanged)
        {
            // Two cheap selectors instead of spread(), which reads every point of the window ("unchanged" is asked as
            // an increase of zero: InfluxMetricSource).
            sb.Append("last(").Append(Identifier(field)).Append(") - first(").Append(Identifier(field)).Append(')');
            return;
        }

        sb.Append(Function(aggregate)).Append('(').Append(Identifier(field)).Append(')');
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
            sb.Append(i == 0 ? string.Empty : ",").Append(Identifier(tags[i]));
        }
    }

    private static string Function(Aggregate a) => a switch
    {
        Aggregate.Last => "last",
        Aggregate.Mean => "mean",
        Aggregate.Max => "max",
        Aggregate.Min => "min",
        Aggregate.Sum => "sum",
        Aggregate.Count => "count",
        Aggregate.Spread => "spread",
        _ => throw new ArgumentOutOfRangeException(nameof(a), a, "not a single InfluxQL function"),
    };

    private static void AppendIn(StringBuilder sb, string tag, IReadOnlyList<string> values) => sb.Append(" AND ").Append(TagIn(tag, values));
}
