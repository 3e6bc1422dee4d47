using System.Globalization;
using System.Text;
using Supervision.Alerting.Rules;

namespace Supervision.Alerting.Data;

/// <summary>Renders a <see cref="SeriesQuery"/> as InfluxQL with absolute times, so a fake clock works against a real server.</summary>
internal static class InfluxQl
{
    public static string Render(SeriesQuery q)
    {
        var sb = new StringBuilder(256);
        sb.Append("SELECT ").Append(Function(q.Aggregate)).Append("(\"").Append(Escape(q.Field)).Append("\") FROM \"")
            .Append(Escape(q.Measurement)).Append("\" WHERE time > '").Append(Time(q.From))
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

        sb.Append(" GROUP BY ");
        if (q.GroupBy.Count == 0)
        {
            sb.Append('*');
        }
        else
        {
            for (var i = 0; i < q.GroupBy.Count; i++)
            {
                sb.Append(i == 0 ? "\"" : ",\"").Append(Escape(q.GroupBy[i])).Append('"');
            }
        }

        return sb.ToString();
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
