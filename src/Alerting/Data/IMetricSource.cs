namespace Supervision.Alerting.Data;

/// <summary>
/// One aggregate over one field of one measurement between two instants, grouped by tags
/// (an empty <c>GroupBy</c> means every tag, InfluxQL's <c>GROUP BY *</c>).
/// </summary>
internal sealed record SeriesQuery(
    string Measurement,
    string Field,
    Aggregate Aggregate,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<string> GroupBy,
    RuleSelector Selector)
{
    /// <summary>When set, only these units' series are read (a rule that already knows its few candidates).</summary>
    public IReadOnlyList<string>? Units { get; init; }

    /// <summary>When set, the per-series values are summed into one value per combination of these tags.</summary>
    public IReadOnlyList<string>? SumBy { get; init; }

    /// <summary>
    /// When set, only rows whose value passes come back (after the sum, when there is one). Without a sum InfluxDB
    /// applies it (an outer query over the aggregate), so a fleet-wide question answers with the few rows that break
    /// a threshold instead of one row per series: in InfluxDB 1.6 encoding 13,500 series as JSON costs more than
    /// computing them.
    /// </summary>
    public ValueFilter? Where { get; init; }
}

/// <summary>A threshold test on a value: <c>value Operator Threshold</c>, operators <c>&gt; &gt;= &lt; &lt;= == !=</c>.</summary>
internal sealed record ValueFilter(string Operator, double Threshold)
{
    /// <summary>Whether <paramref name="value"/> passes.</summary>
    public bool Passes(double value) => Operator switch
    {
        ">" => value > Threshold,
        ">=" => value >= Threshold,
        "<" => value < Threshold,
        "<=" => value <= Threshold,
        "==" => value == Threshold,
        _ => value != Threshold,
    };
}

/// <summary>One result series: its tags, the aggregate, and the time of the point for <c>last</c>.</summary>
internal sealed record SeriesValue(IReadOnlyDictionary<string, string> Tags, double Value, DateTimeOffset Time);

/// <summary>Where rules read data from: InfluxDB in production, an in-memory store in tests.</summary>
internal interface IMetricSource
{
    /// <summary>Runs a structured query.</summary>
    Task<IReadOnlyList<SeriesValue>> QueryAsync(SeriesQuery query, CancellationToken cancellationToken);

    /// <summary>Runs an InfluxQL statement written by an operator; the first numeric column of each series is its value.</summary>
    Task<IReadOnlyList<SeriesValue>> QueryRawAsync(string influxQl, DateTimeOffset now, CancellationToken cancellationToken);
}
