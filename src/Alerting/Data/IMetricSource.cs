using Supervision.Alerting.Rules;

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
    RuleSelector Selector);

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
