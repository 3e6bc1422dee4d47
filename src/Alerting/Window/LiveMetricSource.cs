namespace Supervision.Alerting.Window;

/// <summary>Answers from the live window what it holds in full, and sends everything else to InfluxDB.</summary>
internal sealed class LiveMetricSource(LiveWindow window, InfluxMetricSource influx, LiveMetrics metrics) : IMetricSource
{
    public Task<IReadOnlyList<SeriesValue>> QueryAsync(SeriesQuery query, CancellationToken cancellationToken)
    {
        if (window.TryQuery(query, out var rows))
        {
            metrics.AnsweredFromWindow.Inc();
            return Task.FromResult(rows);
        }

        metrics.SentToInflux.Inc();
        return influx.QueryAsync(query, cancellationToken);
    }

    public Task<IReadOnlyList<SeriesValue>> QueryRawAsync(string influxQl, DateTimeOffset now, CancellationToken cancellationToken)
    {
        metrics.SentToInflux.Inc();
        return influx.QueryRawAsync(influxQl, now, cancellationToken);
    }
}
