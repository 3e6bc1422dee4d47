namespace Supervision.Dashboard.Boards;

/// <summary>One series of a panel's InfluxQL result.</summary>
/// <param name="Province">The series' <c>province</c> tag, or null.</param>
/// <param name="Values">Its values in time order (nulls dropped).</param>
public sealed record PanelSeries(string? Province, IReadOnlyList<double> Values);

/// <summary>The last result of a panel's InfluxQL query.</summary>
/// <param name="Series">The series, or empty.</param>
/// <param name="Error">Why the last run failed, or null.</param>
/// <param name="At">When it was read.</param>
public sealed record PanelResult(IReadOnlyList<PanelSeries> Series, string? Error, DateTimeOffset At)
{
    /// <summary>The last value of the first series, or null.</summary>
    public double? Latest => Series.Count > 0 && Series[0].Values.Count > 0 ? Series[0].Values[^1] : null;
}

/// <summary>
/// Runs the boards' InfluxQL queries, each at most once per its <c>refreshSeconds</c> however many screens show
/// it: a hundred kiosks on one board cost InfluxDB one query. Pages read the last result and never wait.
/// </summary>
public sealed partial class PanelQueryCache(InfluxQueries queries, TimeProvider time, ILogger<PanelQueryCache> logger)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The statement a panel runs (<c>$province</c> replaced), or null when it has no InfluxQL query.</summary>
    public static string? Statement(PanelDefinition panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        return panel.Query is { Source: QuerySource.InfluxQL } query
            ? query.Expression.Replace("$province", panel.ProvinceCode ?? string.Empty, StringComparison.Ordinal)
            : null;
    }

    /// <summary>The panel's last result (null before the first answer), starting a refresh when it is due.</summary>
    public PanelResult? Get(PanelDefinition panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (Statement(panel) is not { } statement)
        {
            return null;
        }

        if (!queries.Enabled)
        {
            return new PanelResult([], "no InfluxDB configured (Dashboard:Influx:Url)", time.GetUtcNow());
        }

        var entry = _entries.GetOrAdd(statement, _ => new Entry());
        var now = time.GetUtcNow();
        if (now >= entry.DueAt && Interlocked.CompareExchange(ref entry.Running, 1, 0) == 0)
        {
            entry.DueAt = now + TimeSpan.FromSeconds(panel.Query!.RefreshSeconds);
            _ = RefreshAsync(entry, statement);
        }

        return entry.Result;
    }

    private async Task RefreshAsync(Entry entry, string statement)
    {
        try
        {
            var result = await queries.QueryAsync(statement, CancellationToken.None);
            var series = result.Series.Select(s => new PanelSeries(
                s.Tag(TagNames.Province),
                Enumerable.Range(0, s.Values.Count).Select(i => s.Double(i, s.Columns.Count > 1 ? s.Columns[^1] : "value")).OfType<double>().ToArray())).ToArray();
            entry.Result = new PanelResult(series, result.Statements.Count > 0 ? result.Statements[0].Error : null, time.GetUtcNow());
        }
        catch (Exception ex) when (ex is InfluxException or HttpRequestException or TaskCanceledException)
        {
            // Shown on the panel as "—" with the reason; the next refresh tries again.
            entry.Result = new PanelResult(entry.Result?.Series ?? [], ex.Message, time.GetUtcNow());
            LogQueryFailed(logger, statement, ex.Message);
        }
        finally
        {
            Volatile.Write(ref entry.Running, 0);
        }
    }

    [LoggerMessage(EventId = 3211, Level = LogLevel.Warning, Message = "Board query failed: {Statement}: {Error}")]
    private static partial void LogQueryFailed(ILogger logger, string statement, string error);

    private sealed class Entry
    {
        public int Running;
        public DateTimeOffset DueAt = DateTimeOffset.MinValue;
        public volatile PanelResult? Result;
    }
}
