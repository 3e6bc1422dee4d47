namespace Supervision.Collector.Push;

/// <summary>
/// The per-unit limits of the push intake: a token bucket of points per second (a unit's credentials are its token),
/// and the set of series each unit has written (the cardinality limit). Both live in memory: a restart starts them
/// afresh (documented).
/// </summary>
public sealed class PushLimits(IOptions<CollectorOptions> options, TimeProvider time)
{
    private readonly PushOptions _options = options.Value.Push;
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HashSet<ulong>> _series = new(StringComparer.Ordinal);

    /// <summary>The options in force.</summary>
    public PushOptions Options => _options;

    /// <summary>Takes <paramref name="points"/> from the unit's bucket; false with the wait until they would fit.</summary>
    public bool TryTake(string unit, int points, out TimeSpan retryAfter)
    {
        var bucket = _buckets.GetOrAdd(unit, _ => new Bucket(_options.Burst, time.GetTimestamp()));
        lock (bucket)
        {
            var now = time.GetTimestamp();
            bucket.Tokens = Math.Min(_options.Burst, bucket.Tokens + (time.GetElapsedTime(bucket.At, now).TotalSeconds * _options.PointsPerSecond));
            bucket.At = now;
            if (bucket.Tokens >= points)
            {
                bucket.Tokens -= points;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = TimeSpan.FromSeconds(Math.Ceiling((points - bucket.Tokens) / _options.PointsPerSecond));
            return false;
        }
    }

    /// <summary>
    /// Admits the request's series for <paramref name="unit"/>: known ones always, new ones while the unit is under
    /// <see cref="PushOptions.MaxSeriesPerUnit"/>. Returns how many points were refused; their spans are marked in
    /// <paramref name="refused"/> (index = point).
    /// </summary>
    public int AdmitSeries(string unit, PushedPoints points, Span<bool> refused)
    {
        ArgumentNullException.ThrowIfNull(points);
        var known = _series.GetOrAdd(unit, _ => []);
        var count = 0;
        lock (known)
        {
            for (var i = 0; i < points.Count; i++)
            {
                var hash = points[i].SeriesHash;
                if (known.Contains(hash) || (known.Count < _options.MaxSeriesPerUnit && known.Add(hash)))
                {
                    continue;
                }

                refused[i] = true;
                count++;
            }
        }

        return count;
    }

    /// <summary>Series the unit has written since start.</summary>
    public int SeriesOf(string unit)
    {
        if (!_series.TryGetValue(unit, out var known))
        {
            return 0;
        }

        lock (known)
        {
            return known.Count;
        }
    }

    private sealed class Bucket(double tokens, long at)
    {
        public double Tokens { get; set; } = tokens;

        public long At { get; set; } = at;
    }
}
