namespace Supervision.Alerting.Data;

/// <summary>Per-series values summed into one value per combination of some tags, then filtered: <see cref="SeriesQuery.SumBy"/>.</summary>
internal static class SeriesSums
{
    /// <summary>
    /// Sums <paramref name="rows"/> by <paramref name="keys"/> (a tag a row lacks, or holds empty, is left out of its
    /// group, as InfluxQL groups it), keeps the sums that pass <paramref name="where"/>, stamped <paramref name="time"/>.
    /// </summary>
    public static IReadOnlyList<SeriesValue> Of(IReadOnlyList<SeriesValue> rows, IReadOnlyList<string> keys, ValueFilter? where, DateTimeOffset time)
    {
        var sums = new Dictionary<string, (Dictionary<string, string> Tags, double Sum)>(StringComparer.Ordinal);
        var key = new System.Text.StringBuilder(64);
        foreach (var row in rows)
        {
            var tags = TagProjection.Of(row.Tags, keys);
            key.Clear();
            foreach (var (k, v) in tags)
            {
                key.Append(k).Append('=').Append(v).Append('\u001f');
            }

            var id = key.ToString();
            sums[id] = sums.TryGetValue(id, out var acc) ? (acc.Tags, acc.Sum + row.Value) : (tags, row.Value);
        }

        var result = new List<SeriesValue>(sums.Count);
        foreach (var (tags, sum) in sums.Values)
        {
            if (where is null || where.Passes(sum))
            {
                result.Add(new SeriesValue(tags, sum, time));
            }
        }

        return result;
    }

    /// <summary>
    /// What an in-memory store answers once it has one row per group: summed by <see cref="SeriesQuery.SumBy"/> and
    /// filtered, or filtered alone, as InfluxDB plus <see cref="InfluxMetricSource"/> would answer.
    /// </summary>
    public static IReadOnlyList<SeriesValue> Finish(SeriesQuery query, List<SeriesValue> rows)
    {
        if (query.SumBy is { } sumBy)
        {
            return Of(rows, sumBy, query.Where, query.From);
        }

        if (query.Where is { } where)
        {
            rows.RemoveAll(r => !where.Passes(r.Value));
        }

        return rows;
    }
}
