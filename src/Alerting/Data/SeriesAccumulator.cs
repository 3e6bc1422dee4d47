namespace Supervision.Alerting.Data;

/// <summary>
/// One group's aggregate over the points it is given, with InfluxQL's meanings (<c>last</c> is the value of the latest
/// point, <c>increase</c> is last − first, <c>spread</c> is max − min); shared by the in-memory stores that answer
/// <see cref="SeriesQuery"/> instead of InfluxDB.
/// </summary>
internal sealed class SeriesAccumulator(IReadOnlyDictionary<string, string> tags)
{
    private double _sum;
    private double _min = double.MaxValue;
    private double _max = double.MinValue;
    private long _count;
    private double _last;
    private double _first;
    private long _firstTime = long.MaxValue;
    private long _lastTime = long.MinValue;

    /// <summary>The group's tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; } = tags;

    /// <summary>Whether any point was added.</summary>
    public bool IsEmpty => _count == 0;

    /// <summary>The time of the latest point, in the unit the points were added with.</summary>
    public long LastTime => _lastTime;

    /// <summary>Adds a point: its value and time (any monotonic unit, the same for every point).</summary>
    public void Add(double value, long time)
    {
        _sum += value;
        _count++;
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
        if (time >= _lastTime)
        {
            _lastTime = time;
            _last = value;
        }

        if (time < _firstTime)
        {
            _firstTime = time;
            _first = value;
        }
    }

    /// <summary>The aggregate.</summary>
    public double Result(Aggregate aggregate) => aggregate switch
    {
        Aggregate.Last => _last,
        Aggregate.Mean => _sum / _count,
        Aggregate.Max => _max,
        Aggregate.Min => _min,
        Aggregate.Sum => _sum,
        Aggregate.Count => _count,
        Aggregate.Increase => _last - _first,
        Aggregate.Unchanged => _max == _min ? 1 : 0,
        _ => _max - _min,
    };
}
