using static Supervision.Core.Influx.InfluxQl;

namespace Supervision.Core.Schema;

/// <summary>
/// The InfluxQL of the Dashboard's reads of the <c>scrape</c> measurement (schema: docs/storage.md), built from the
/// Core schema's names, so the collector's writes and these reads cannot drift apart. Column aliases are given where
/// the reader picks a column by a name other than the field's.
/// </summary>
public static class ScrapeStatements
{
    /// <summary>Column of <see cref="LatestStates"/>: the last <c>status_code</c>.</summary>
    public const string Code = "code";

    /// <summary>Columns of <see cref="StatusHistory"/>: the worst status code, the share up and the scrapes of a bucket.</summary>
    public const string Worst = "worst";

    /// <inheritdoc cref="Worst"/>
    public const string UpShare = "up";

    /// <inheritdoc cref="Worst"/>
    public const string Count = "n";

    /// <summary>Column of <see cref="Availability"/>: the hourly mean of <c>up</c>.</summary>
    public const string Mean = "mean";

    /// <summary>The last status code and reason of every target scraped within <paramref name="window"/>, per unit and system.</summary>
    public static string LatestStates(TimeSpan window) =>
        $"SELECT last({Identifier(ScrapeFields.StatusCode)}) AS {Code}, last({Identifier(ScrapeFields.Reason)}) AS {ScrapeFields.Reason} " +
        $"FROM {Identifier(Measurements.Scrape)} WHERE {Recent(window)} GROUP BY {Identifiers(TagNames.Unit, TagNames.System)}";

    /// <summary>The hourly share up of one unit's targets over the last day, per system.</summary>
    public static string Availability(string unitId) =>
        $"SELECT mean({Identifier(ScrapeFields.Up)}) FROM {Identifier(Measurements.Scrape)} WHERE {TagEquals(TagNames.Unit, unitId)} " +
        $"AND {Recent(TimeSpan.FromDays(1))} GROUP BY time(1h), {Identifier(TagNames.System)} fill(none)";

    /// <summary>The worst status, share up and scrapes of one unit's targets (or one of them) per bucket in [from, to).</summary>
    public static string StatusHistory(string unitId, string? system, DateTimeOffset from, DateTimeOffset to, TimeSpan bucket)
    {
        var systemFilter = system is null ? string.Empty : " AND " + TagEquals(TagNames.System, system);
        return $"SELECT max({Identifier(ScrapeFields.StatusCode)}) AS {Worst}, mean({Identifier(ScrapeFields.Up)}) AS {UpShare}, count({Identifier(ScrapeFields.Up)}) AS {Count} " +
            $"FROM {Identifier(Measurements.Scrape)} WHERE {TagEquals(TagNames.Unit, unitId)}{systemFilter} AND {TimeRange(from, to)} " +
            string.Create(CultureInfo.InvariantCulture, $"GROUP BY time({(long)bucket.TotalSeconds}s), {Identifier(TagNames.System)} fill(none)");
    }

    /// <summary>The last <paramref name="count"/> scrapes of each system of one unit within the last hour, newest first.</summary>
    public static string LastScrapes(string unitId, int count) =>
        $"SELECT {Identifiers(ScrapeFields.Status, ScrapeFields.Reason, ScrapeFields.DurationSeconds, ScrapeFields.Samples)} FROM {Identifier(Measurements.Scrape)} " +
        $"WHERE {TagEquals(TagNames.Unit, unitId)} AND {Recent(TimeSpan.FromHours(1))} GROUP BY {Identifier(TagNames.System)} " +
        string.Create(CultureInfo.InvariantCulture, $"ORDER BY time DESC LIMIT {count}");
}
