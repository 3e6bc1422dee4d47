using Supervision.Core.Influx;

namespace Supervision.Alerting.Data;

/// <summary>
/// Reads InfluxDB through the project's v1 client: one statement per query, the first numeric column per row; sums
/// over tags (and the filter after them) are made here from the per-series answer (see <see cref="InfluxQl.Render"/>).
/// </summary>
internal sealed class InfluxMetricSource(InfluxClient client) : IMetricSource
{
    public async Task<IReadOnlyList<SeriesValue>> QueryAsync(SeriesQuery query, CancellationToken cancellationToken)
    {
        var rows = await RunAsync(InfluxQl.Render(query), query.From, cancellationToken);
        return query.SumBy is null ? rows : SeriesSums.Of(rows, query.SumBy, query.Where, query.From);
    }

    public Task<IReadOnlyList<SeriesValue>> QueryRawAsync(string influxQl, DateTimeOffset now, CancellationToken cancellationToken) =>
        RunAsync(influxQl, now, cancellationToken);

    private async Task<IReadOnlyList<SeriesValue>> RunAsync(string q, DateTimeOffset fallbackTime, CancellationToken ct)
    {
        var result = await client.QueryAsync(q, ct);
        var list = new List<SeriesValue>();
        foreach (var s in result.Series)
        {
            IReadOnlyDictionary<string, string> tags = s.Tags;
            foreach (var v in s.Tags.Values)
            {
                if (v.Length == 0)
                {
                    // A GROUP BY tag the series lacks (central has no province) comes back empty: drop it.
                    tags = s.Tags.Where(kv => kv.Value.Length > 0).ToDictionary(StringComparer.Ordinal);
                    break;
                }
            }

            var timeIndex = s.ColumnIndex("time");
            var valueIndex = -1;
            for (var i = 0; i < s.Columns.Count; i++)
            {
                if (i != timeIndex)
                {
                    valueIndex = i;
                    break;
                }
            }

            if (valueIndex < 0)
            {
                continue;
            }

            foreach (var row in s.Values)
            {
                double? value = row[valueIndex] switch
                {
                    long l => l,
                    double d => d,
                    _ => null,
                };
                if (value is null)
                {
                    continue;
                }

                var time = timeIndex >= 0 && row[timeIndex] is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : fallbackTime;
                list.Add(new SeriesValue(tags, value.Value, time));
            }
        }

        return list;
    }
}
