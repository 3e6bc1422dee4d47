namespace Supervision.Alerting.Data;

/// <summary>
/// Reads InfluxDB through the project's v1 client: one statement per query, the first numeric column per row; sums
/// over tags (and the filter after them) are made here from the per-series answer (see <see cref="SeriesStatement.Render"/>).
/// The service reads through its <see cref="InfluxReader"/> (the first healthy server, docs/ha.md); tests may give one client.
/// </summary>
internal sealed class InfluxMetricSource(Func<string, CancellationToken, Task<InfluxQueryResult>> query) : IMetricSource
{
    /// <summary>Reads the first healthy server of the reader's list.</summary>
    public InfluxMetricSource(InfluxReader reader)
        : this(reader.QueryAsync)
    {
    }

    /// <summary>Reads one server.</summary>
    public InfluxMetricSource(InfluxClient client)
        : this(client.QueryAsync)
    {
    }

    public async Task<IReadOnlyList<SeriesValue>> QueryAsync(SeriesQuery query, CancellationToken cancellationToken)
    {
        if (query.Aggregate == Aggregate.Unchanged)
        {
            return await UnchangedAsync(query, cancellationToken);
        }

        var rows = await RunAsync(SeriesStatement.Render(query), query.From, cancellationToken);
        return query.SumBy is null ? rows : SeriesSums.Of(rows, query.SumBy, query.Where, query.From);
    }

    /// <summary>
    /// "Unchanged" asked as last − first = 0 (see <see cref="Aggregate.Unchanged"/>): a filter on 1 or 0 becomes a filter on
    /// the increase, so InfluxDB still sends back only the rows asked for.
    /// </summary>
    private async Task<IReadOnlyList<SeriesValue>> UnchangedAsync(SeriesQuery query, CancellationToken ct)
    {
        var where = query.Where switch
        {
            null => null,
            { Operator: "==", Threshold: 1 } or { Operator: "!=", Threshold: 0 } => new ValueFilter("==", 0),
            { Operator: "==", Threshold: 0 } or { Operator: "!=", Threshold: 1 } => new ValueFilter("!=", 0),
            _ => throw new ArgumentException($"'unchanged' is filtered on 1 or 0 only, not {query.Where.Operator} {query.Where.Threshold}", nameof(query)),
        };
        var increases = await QueryAsync(query with { Aggregate = Aggregate.Increase, Where = where, SumBy = null }, ct);
        var rows = new List<SeriesValue>(increases.Count);
        foreach (var row in increases)
        {
            rows.Add(row with { Value = row.Value == 0 ? 1 : 0 });
        }

        return query.SumBy is null ? rows : SeriesSums.Of(rows, query.SumBy, query.Where, query.From);
    }

    public Task<IReadOnlyList<SeriesValue>> QueryRawAsync(string influxQl, DateTimeOffset now, CancellationToken cancellationToken) =>
        RunAsync(influxQl, now, cancellationToken);

    private async Task<IReadOnlyList<SeriesValue>> RunAsync(string q, DateTimeOffset fallbackTime, CancellationToken ct)
    {
        var result = await query(q, ct);
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
