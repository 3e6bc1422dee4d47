namespace Supervision.Collector.Scraping;

/// <summary>
/// The raw outcome of a scrape's two requests: each body in an array rented from the shared pool for as
/// long as the scrape waits on the network, returned by <see cref="Dispose"/>. Keeping only the bytes a
/// target actually sent (not a fixed buffer per scrape in flight) is what bounds memory when thousands of
/// scrapes wait on slow or hanging targets.
/// </summary>
public sealed class FetchedScrape : IDisposable
{
    internal FetchedScrape(long started)
    {
        Started = started;
    }

    /// <summary>Timestamp (TimeProvider) when the requests began.</summary>
    public long Started { get; }

    internal FetchOutcome Metrics { get; set; }

    internal FetchOutcome Health { get; set; }

    internal byte[]? MetricsBody { get; set; }

    internal byte[]? HealthBody { get; set; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (MetricsBody is { } metrics)
        {
            ArrayPool<byte>.Shared.Return(metrics);
            MetricsBody = null;
        }

        if (HealthBody is { } health)
        {
            ArrayPool<byte>.Shared.Return(health);
            HealthBody = null;
        }
    }
}
