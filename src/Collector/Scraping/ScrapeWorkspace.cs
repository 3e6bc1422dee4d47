using Supervision.Core.Influx;
using Supervision.Collector.Parsing;

namespace Supervision.Collector.Scraping;

/// <summary>
/// The buffers one scrape works in, reused from scrape to scrape so a steady fleet allocates little:
/// the raw bodies, the decoded text, a parser (which keeps the family names it has seen) and the
/// line-protocol output of the scrape.
/// </summary>
public sealed class ScrapeWorkspace
{
    internal byte[] MetricsBytes = new byte[64 * 1024];
    internal byte[] HealthBytes = new byte[8 * 1024];
    internal char[] Text = new char[64 * 1024];

    /// <summary>The exposition parser.</summary>
    public ExpositionParser Parser { get; } = new();

    /// <summary>The scrape's points.</summary>
    public LineProtocolBuilder Lines { get; } = new();
}
