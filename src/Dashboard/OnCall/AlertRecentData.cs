namespace Supervision.Dashboard.OnCall;

/// <summary>The recent data of an alert's target (docs/console.md): its status history and last scrapes.</summary>
/// <param name="Unit">The alert's unit, or null when the alert names none.</param>
/// <param name="System">The alert's system, or null for every system of the unit.</param>
/// <param name="From">Start of the history.</param>
/// <param name="To">End of the history (when it was read).</param>
/// <param name="History">Status per system in buckets of <see cref="AlertRecentDataLoader.Bucket"/>.</param>
/// <param name="Scrapes">The last scrapes per system, newest first.</param>
/// <param name="Note">Why there is nothing to show (no unit label, unknown unit, no InfluxDB, InfluxDB failed), else null.</param>
public sealed record AlertRecentData(string? Unit, string? System, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<StatusHistory> History, IReadOnlyList<ScrapeRecord> Scrapes, string? Note);

/// <summary>
/// Reads the recent data of one alert's target from InfluxDB when a user opens the alert — one unit, so it
/// is a small read, never done for the whole list. The user must be allowed the alert's province, as for
/// every console action; only unit codes of the inventory and system keys of the catalogue reach InfluxQL.
/// </summary>
public sealed class AlertRecentDataLoader(InfluxQueries queries, Inventory inventory, TimeProvider time)
{
    /// <summary>How far back the history goes.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>One history bucket (twelve an hour).</summary>
    public static readonly TimeSpan Bucket = TimeSpan.FromMinutes(5);

    /// <summary>Scrapes listed per system.</summary>
    public const int ScrapesShown = 6;

    /// <summary>The recent data of <paramref name="alert"/>; throws <see cref="ConsoleAccessDeniedException"/> outside the user's provinces.</summary>
    public async Task<AlertRecentData> LoadAsync(ClaimsPrincipal user, AlertView alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (!ProvinceScope.Of(user).Allows(alert))
        {
            throw new ConsoleAccessDeniedException($"alert {alert.Id} is outside the provinces you may see");
        }

        var to = time.GetUtcNow();
        var from = to - Window;
        var unitLabel = alert.Labels.GetValueOrDefault("unit");
        var systemLabel = alert.Labels.GetValueOrDefault("system");
        if (unitLabel is null)
        {
            return Empty(null, systemLabel, from, to, "cảnh báo không gắn đơn vị · the alert names no unit (it covers a province or the country)");
        }

        if (inventory.FindUnit(unitLabel) is null)
        {
            return Empty(unitLabel, systemLabel, from, to, $"đơn vị {unitLabel} không có trong danh mục · unit {unitLabel} is not in the inventory");
        }

        var system = systemLabel is not null && SystemCatalogue.Find(systemLabel) is not null ? systemLabel : null;
        if (!queries.Enabled)
        {
            return Empty(unitLabel, system, from, to, "InfluxDB chưa cấu hình · no InfluxDB configured (Dashboard:Influx:Url)");
        }

        try
        {
            var history = await queries.StatusHistoryAsync(unitLabel, system, from, to, Bucket, cancellationToken);
            var scrapes = await queries.LastScrapesAsync(unitLabel, ScrapesShown, cancellationToken);
            if (system is not null)
            {
                scrapes = scrapes.Where(s => s.System == system).ToArray();
            }

            return new AlertRecentData(unitLabel, system, from, to, history, scrapes, history.Count == 0 && scrapes.Count == 0 ? "không có lần thu thập nào trong 1 giờ qua · no scrapes in the last hour" : null);
        }
        catch (InfluxException ex)
        {
            return Empty(unitLabel, system, from, to, "không đọc được InfluxDB · InfluxDB could not be read: " + ex.Message);
        }
    }

    private static AlertRecentData Empty(string? unit, string? system, DateTimeOffset from, DateTimeOffset to, string note) =>
        new(unit, system, from, to, [], [], note);
}
