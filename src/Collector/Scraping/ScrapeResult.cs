namespace Supervision.Collector.Scraping;

/// <summary>What one scrape of a target (health and metrics) found.</summary>
/// <param name="Status">Up, Degraded or Down.</param>
/// <param name="Reason">Why.</param>
/// <param name="Detail">Human-readable detail (HTTP status, parse error line, unhealthy entries), or null.</param>
/// <param name="Duration">Wall time of the scrape.</param>
/// <param name="Samples">Samples parsed from <c>/metrics</c>.</param>
/// <param name="Health">The parsed health report, when there was one.</param>
/// <param name="Totals">The sums the roll-ups and live figures need (none when the body did not parse).</param>
public sealed record ScrapeResult(TargetStatus Status, StatusReason Reason, string? Detail, TimeSpan Duration, int Samples, HealthReport? Health, ScrapeTotals Totals = default);

/// <summary>The outcome of one HTTP fetch, before the body is interpreted.</summary>
internal readonly record struct FetchOutcome(StatusReason Failure, string? Detail, int StatusCode, int Length, string? ContentType)
{
    public bool Ok => Failure == StatusReason.None;
}
