namespace Supervision.Alerting.Evaluation;

/// <summary>
/// One evaluation pass's view of the data: rules of a group that ask the same question (same measurement, field,
/// aggregate, window, grouping and selector, e.g. <c>down</c> and <c>absent</c> over the same window) share one
/// query. Made per pass, so nothing is ever stale; rules of a pass run one after another, so no locking.
/// Raw InfluxQL rules are not shared: they may use the server's <c>now()</c>.
/// </summary>
internal sealed class PassQueryCache(IMetricSource inner) : IMetricSource
{
    private readonly Dictionary<string, Task<IReadOnlyList<SeriesValue>>> _results = new(StringComparer.Ordinal);

    /// <summary>How many queries were answered from the pass's earlier results.</summary>
    public int Shared { get; private set; }

    public Task<IReadOnlyList<SeriesValue>> QueryAsync(SeriesQuery query, CancellationToken cancellationToken)
    {
        // The aggregate too: "unchanged" renders like an increase but answers 1 or 0.
        var key = query.Aggregate + "|" + SeriesStatement.Render(query);
        if (_results.TryGetValue(key, out var earlier) && !earlier.IsFaulted && !earlier.IsCanceled)
        {
            Shared++;
            return earlier;
        }

        var task = inner.QueryAsync(query, cancellationToken);
        _results[key] = task;
        return task;
    }

    public Task<IReadOnlyList<SeriesValue>> QueryRawAsync(string influxQl, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.QueryRawAsync(influxQl, now, cancellationToken);
}
