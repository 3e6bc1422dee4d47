namespace Supervision.Dashboard.Queries;

/// <summary>One scrape of a target as the collector recorded it (measurement <c>scrape</c>).</summary>
/// <param name="System">System key.</param>
/// <param name="At">When.</param>
/// <param name="Status">Up, Degraded, Down, Unknown.</param>
/// <param name="Reason">Why (None when fine).</param>
/// <param name="DurationSeconds">Wall time of the scrape.</param>
/// <param name="Samples">Samples parsed from /metrics.</param>
public sealed record ScrapeRecord(string System, DateTimeOffset At, string Status, string Reason, double? DurationSeconds, double? Samples);

/// <summary>One time bucket of a target's status history (measurement <c>scrape</c>).</summary>
/// <param name="At">Start of the bucket.</param>
/// <param name="Worst">The worst status scraped in it (Down over Unknown over Degraded over Up).</param>
/// <param name="UpShare">Share of its scrapes that found the target up (Up or Degraded).</param>
/// <param name="Scrapes">Scrapes in it.</param>
public sealed record StatusBucket(DateTimeOffset At, TargetStatus Worst, double UpShare, int Scrapes);

/// <summary>A system's status history: its buckets in time order, empty ones left out.</summary>
/// <param name="System">System key.</param>
/// <param name="Buckets">Buckets with at least one scrape.</param>
public sealed record StatusHistory(string System, IReadOnlyList<StatusBucket> Buckets);

/// <summary>
/// The Dashboard's reads from InfluxDB (schema: docs/storage.md), all through one <see cref="Reader"/>: the first healthy
/// server of <c>Dashboard:Influx:Servers</c> (docs/ha.md). Absent when no InfluxDB is configured.
/// </summary>
public sealed class InfluxQueries(IHttpClientFactory httpClients, IOptions<DashboardOptions> options, TimeProvider? time = null, ILogger<InfluxReader>? logger = null)
{
    /// <summary>The reader every InfluxDB read of the Dashboard goes through (summaries too), or null without an InfluxDB.</summary>
    public InfluxReader? Reader { get; } = options.Value.Influx is { } influx ? new InfluxReader(() => httpClients.CreateClient("influx"), influx, time, logger) : null;

    /// <summary>True when an InfluxDB is configured.</summary>
    public bool Enabled => Reader is not null;

    /// <summary>The latest status of every target within <paramref name="window"/>, to rebuild after a restart.</summary>
    public async Task<IReadOnlyList<TargetState>> LatestStatesAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        var result = await Client().QueryAsync(ScrapeStatements.LatestStates(window), cancellationToken);
        var states = new List<TargetState>();
        foreach (var series in result.Series)
        {
            if (series.Tag(TagNames.Unit) is not { } unit || series.Tag(TagNames.System) is not { } system)
            {
                continue;
            }

            var at = DateTimeOffset.FromUnixTimeMilliseconds((long)(series.Double(0, "time") ?? 0));
            var status = (TargetStatus)(int)(series.Double(0, ScrapeStatements.Code) ?? (int)TargetStatus.Unknown);
            var reason = Enum.TryParse<StatusReason>(series.String(0, ScrapeFields.Reason), out var r) ? r : StatusReason.None;
            states.Add(new TargetState(Target.MakeId(unit, system), status, reason, "rebuilt from InfluxDB", at, at));
        }

        return states;
    }

    /// <summary>Hourly availability of one unit's targets over the last day (sparklines).</summary>
    public async Task<IReadOnlyDictionary<string, double[]>> AvailabilityAsync(string unitId, CancellationToken cancellationToken)
    {
        var result = await Client().QueryAsync(ScrapeStatements.Availability(unitId), cancellationToken);
        return result.Series.ToDictionary(
            s => s.Tag(TagNames.System) ?? string.Empty,
            s => Enumerable.Range(0, s.Values.Count).Select(i => s.Double(i, ScrapeStatements.Mean) ?? 0).ToArray(),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// The status history of one unit's targets (or one of them) in [from, to), in buckets of <paramref name="bucket"/>.
    /// <paramref name="unitId"/> and <paramref name="system"/> are codes of the inventory and the catalogue (quoted as literals).
    /// </summary>
    public async Task<IReadOnlyList<StatusHistory>> StatusHistoryAsync(string unitId, string? system, DateTimeOffset from, DateTimeOffset to, TimeSpan bucket, CancellationToken cancellationToken)
    {
        var result = await Client().QueryAsync(ScrapeStatements.StatusHistory(unitId, system, from, to, bucket), cancellationToken);
        var histories = new List<StatusHistory>(result.Series.Count);
        foreach (var series in result.Series)
        {
            var buckets = new StatusBucket[series.Values.Count];
            for (var i = 0; i < buckets.Length; i++)
            {
                buckets[i] = new StatusBucket(
                    DateTimeOffset.FromUnixTimeMilliseconds((long)(series.Double(i, "time") ?? 0)),
                    (TargetStatus)(int)(series.Double(i, ScrapeStatements.Worst) ?? (int)TargetStatus.Unknown),
                    series.Double(i, ScrapeStatements.UpShare) ?? 0,
                    (int)(series.Double(i, ScrapeStatements.Count) ?? 0));
            }

            histories.Add(new StatusHistory(series.Tag(TagNames.System) ?? string.Empty, buckets));
        }

        histories.Sort((a, b) => string.CompareOrdinal(a.System, b.System));
        return histories;
    }

    /// <summary>Runs a read-only statement (a board's query).</summary>
    public Task<InfluxQueryResult> QueryAsync(string influxQl, CancellationToken cancellationToken) => Client().QueryAsync(influxQl, cancellationToken);

    /// <summary>The last <paramref name="count"/> scrapes of each system of one unit within the last hour, newest first.</summary>
    public async Task<IReadOnlyList<ScrapeRecord>> LastScrapesAsync(string unitId, int count, CancellationToken cancellationToken)
    {
        var result = await Client().QueryAsync(ScrapeStatements.LastScrapes(unitId, count), cancellationToken);
        var scrapes = new List<ScrapeRecord>();
        foreach (var series in result.Series)
        {
            for (var i = 0; i < series.Values.Count; i++)
            {
                scrapes.Add(new ScrapeRecord(
                    series.Tag(TagNames.System) ?? string.Empty,
                    DateTimeOffset.FromUnixTimeMilliseconds((long)(series.Double(i, "time") ?? 0)),
                    series.String(i, ScrapeFields.Status) ?? "Unknown",
                    series.String(i, ScrapeFields.Reason) ?? string.Empty,
                    series.Double(i, ScrapeFields.DurationSeconds),
                    series.Double(i, ScrapeFields.Samples)));
            }
        }

        return scrapes;
    }

    private InfluxReader Client() => Reader ?? throw new InvalidOperationException("no InfluxDB configured");
}
