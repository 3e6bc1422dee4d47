namespace Supervision.Alerting.Data;

/// <summary>
/// A small InfluxDB stand-in for rule tests and benchmarks: points in memory, the same aggregates and
/// grouping semantics as InfluxQL (a tag absent from a point groups as the empty string and is dropped).
/// Raw InfluxQL is answered by <see cref="RawAnswers"/> keyed by the statement.
/// </summary>
internal sealed class InMemoryMetricSource : IMetricSource
{
    private readonly Dictionary<string, List<Point>> _byMeasurement = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Dictionary<string, Func<DateTimeOffset, IReadOnlyList<SeriesValue>>> RawAnswers { get; } = new(StringComparer.Ordinal);

    public int Queries { get; private set; }

    public void Add(string measurement, IReadOnlyDictionary<string, string> tags, string field, double value, DateTimeOffset time)
    {
        lock (_gate)
        {
            if (!_byMeasurement.TryGetValue(measurement, out var list))
            {
                _byMeasurement[measurement] = list = [];
            }

            list.Add(new Point(tags, field, value, time));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _byMeasurement.Clear();
        }
    }

    public Task<IReadOnlyList<SeriesValue>> QueryAsync(SeriesQuery query, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Queries++;
            if (!_byMeasurement.TryGetValue(query.Measurement, out var points))
            {
                return Task.FromResult<IReadOnlyList<SeriesValue>>([]);
            }

            var groups = new Dictionary<string, SeriesAccumulator>(StringComparer.Ordinal);
            foreach (var p in points)
            {
                if (p.Time <= query.From || p.Time > query.To || !string.Equals(p.Field, query.Field, StringComparison.Ordinal) || !query.Selector.Matches(p.Tags)
                    || (query.Units is { } units && !(p.Tags.TryGetValue(TagNames.Unit, out var unit) && units.Contains(unit))))
                {
                    continue;
                }

                var tags = query.GroupBy.Count == 0 ? p.Tags : TagProjection.Of(p.Tags, query.GroupBy);
                var key = Key(tags);
                if (!groups.TryGetValue(key, out var acc))
                {
                    groups[key] = acc = new SeriesAccumulator(tags);
                }

                acc.Add(p.Value, p.Time.UtcTicks);
            }

            var result = new List<SeriesValue>(groups.Count);
            foreach (var acc in groups.Values)
            {
                result.Add(new SeriesValue(acc.Tags, acc.Result(query.Aggregate), query.Aggregate == Aggregate.Last ? new DateTimeOffset(acc.LastTime, TimeSpan.Zero) : query.From));
            }

            return Task.FromResult(SeriesSums.Finish(query, result));
        }
    }

    public Task<IReadOnlyList<SeriesValue>> QueryRawAsync(string influxQl, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Queries++;
        }

        return Task.FromResult(RawAnswers.TryGetValue(influxQl, out var f) ? f(now) : (IReadOnlyList<SeriesValue>)[]);
    }

    private static string Key(IReadOnlyDictionary<string, string> tags) =>
        string.Join('\u001f', tags.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));

    private sealed record Point(IReadOnlyDictionary<string, string> Tags, string Field, double Value, DateTimeOffset Time);
}
