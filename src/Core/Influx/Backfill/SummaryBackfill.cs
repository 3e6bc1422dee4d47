namespace Supervision.Core.Influx.Backfill;

/// <summary>
/// Fills the summary roll-ups (every <c>cq_summary_*</c> continuous query of scripts/influxdb-setup.iql) for a past
/// range by running the queries' own bodies with a time range, in the file's order, so the 1-hour summary roll-ups are
/// filled before the read-outs chained from them (docs/summaries.md, "Back-fill"). Only buckets that lie wholly inside
/// the range are written, each over all its data, exactly as the continuous query writes it: running it again, or over
/// an overlapping range, writes the same points (InfluxDB keeps one point per series and time), so it is idempotent.
/// </summary>
public static class SummaryBackfill
{
    /// <summary>The continuous queries that feed the summaries.</summary>
    public const string Prefix = "cq_summary_";

    /// <summary>Back-fills [from, to) one day at a time (oldest first), reporting each query when done.</summary>
    public static Task<IReadOnlyList<BackfillStep>> RunAsync(
        Func<string, CancellationToken, Task> execute, IReadOnlyList<ContinuousQueryDefinition> queries, DateTimeOffset from, DateTimeOffset to,
        string database, Action<BackfillStep>? progress, CancellationToken cancellationToken) =>
        RunAsync(execute, queries, from, to, database, TimeSpan.FromDays(1), progress, cancellationToken);

    /// <summary>
    /// Back-fills [from, to) with statements of about <paramref name="span"/> each (at least one bucket): a shorter span
    /// writes fewer points per statement, for a loaded InfluxDB whose write timeout a day of every unit's hours outlasts.
    /// </summary>
    public static async Task<IReadOnlyList<BackfillStep>> RunAsync(
        Func<string, CancellationToken, Task> execute, IReadOnlyList<ContinuousQueryDefinition> queries, DateTimeOffset from, DateTimeOffset to,
        string database, TimeSpan span, Action<BackfillStep>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execute);
        ArgumentNullException.ThrowIfNull(queries);
        var steps = new List<BackfillStep>();
        foreach (var query in queries)
        {
            if (!query.Name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var first = query.BucketAtOrAfter(from);
            var end = query.BucketAtOrBefore(to);
            // A day's worth of whole buckets per statement (by default) keeps each request to ~3,400 series × one day.
            var chunk = query.Interval * Math.Max(1, (int)Math.Ceiling(span / query.Interval));
            var statements = 0;
            for (var start = first; start < end; start += chunk)
            {
                var stop = start + chunk < end ? start + chunk : end;
                try
                {
                    await execute(query.Over(start, stop, database), cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    throw new BackfillException($"{query.Name} (setup line {query.Line}) over [{start:u}, {stop:u}): {ex.Message}", ex);
                }

                statements++;
            }

            var step = new BackfillStep(query, first, end > first ? end : first, statements);
            steps.Add(step);
            progress?.Invoke(step);
        }

        return steps;
    }
}
