namespace Supervision.Core.Schema;

/// <summary>
/// The storage schema's measurement names (docs/storage.md), typed once: the collector writes them, alerting and the
/// Dashboard read them, so a rename breaks the build instead of an end-to-end test. Scraped samples go to one
/// measurement per system kind, named by the system key (<see cref="Domain.SystemCatalogue"/>); their fields are the
/// metric names (<see cref="CatalogueMetrics"/>).
/// </summary>
public static class Measurements
{
    /// <summary>One point per scrape and target (fields: <see cref="ScrapeFields"/>; tags: the target's, and <see cref="TagNames.Collector"/>).</summary>
    public const string Scrape = "scrape";

    /// <summary>One point per health entry and scrape (fields: <see cref="HealthFields"/>; tags: the target's, and <see cref="TagNames.Entry"/>).</summary>
    public const string Health = "health";

    /// <summary>One point per collector agent and interval (fields: <see cref="CollectorFields"/>; tags <see cref="TagNames.Collector"/>, <see cref="TagNames.Shard"/>).</summary>
    public const string Collector = "collector";

    /// <summary>Per unit and hour, the collector's part of <c>hourly.summary_unit</c> (retention policy <c>raw</c>).</summary>
    public const string SummaryUnitPart = "summary_unit_part";

    /// <summary>Per province, level, system and hour, the collector's part of <c>hourly.summary_availability</c>.</summary>
    public const string SummaryAvailabilityPart = "summary_availability_part";

    /// <summary>What every summary measurement's name begins with (parts, roll-ups, read-outs): only the center writes them.</summary>
    public const string SummaryPrefix = "summary_";

    /// <summary>Leaders' per-unit hourly summary (retention policy <c>hourly</c>; fields: <see cref="SummaryFields"/>).</summary>
    public const string SummaryUnit = "summary_unit";

    /// <summary>Leaders' per-system hourly availability (retention policy <c>hourly</c>; fields <see cref="SummaryFields.UpSum"/>, <see cref="SummaryFields.Scrapes"/>).</summary>
    public const string SummaryAvailability = "summary_availability";

    /// <summary>Read-out of <see cref="SummaryUnit"/>: at each hour h the last counters of [h, h + 6 h) (retention policy <c>hourly</c>).</summary>
    public const string SummaryUnitEdge = "summary_unit_edge";

    /// <summary>
    /// One point per <c>seed-history</c> run (retention policy <c>daily</c>, as long as the roll-ups it fed): the range of simulated
    /// history written (fields: <see cref="SeedFields"/>). Its presence marks the summaries over that range as simulated data;
    /// named like the summaries so the push intake refuses it (only the center writes it).
    /// </summary>
    public const string SummarySeeded = "summary_seeded";

    /// <summary>
    /// The day roll-up of <paramref name="summary"/> (<see cref="SummaryUnit"/> or <see cref="SummaryAvailability"/>) whose days
    /// are cut at <paramref name="hourUtc"/>:00 UTC, e.g. <c>summary_unit_h17</c> (retention policy <c>daily</c>).
    /// </summary>
    public static string DayRollup(string summary, int hourUtc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hourUtc);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hourUtc, 23);
        return summary + "_h" + hourUtc.ToString("00", CultureInfo.InvariantCulture);
    }
}

/// <summary>The retention policies of the database (docs/storage.md, "Retention policies").</summary>
public static class RetentionPolicies
{
    /// <summary>30 days, the default: scraped samples, synthesised series and the summary parts.</summary>
    public const string Raw = "raw";

    /// <summary>2 years: the hourly summaries and their read-outs.</summary>
    public const string Hourly = "hourly";

    /// <summary>2 years: the summaries' day roll-ups.</summary>
    public const string Daily = "daily";
}
