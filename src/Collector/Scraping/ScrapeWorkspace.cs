namespace Supervision.Collector.Scraping;

/// <summary>
/// What turning fetched bodies into points needs: the decoded text, a parser (which keeps the family
/// names it has seen), the sample mapper and the line-protocol output of the scrape. Held only while a
/// scrape's bodies are processed (no I/O in between), so a pool of a few serves thousands of scrapes in
/// flight; the buffers start small and grow to the largest body they have met.
/// </summary>
public sealed class ScrapeWorkspace
{
    internal char[] Text = new char[8 * 1024];

    /// <summary>The decoded metrics body of the last scrape (valid until the workspace is used again).</summary>
    public ReadOnlySpan<char> MetricsText => Text.AsSpan(0, TextLength);

    /// <summary>Characters of <see cref="MetricsText"/>.</summary>
    public int TextLength { get; internal set; }

    /// <summary>Why the last body could not be read at all, when it could not.</summary>
    public ParseError? Failure { get; internal set; }

    /// <summary>The exposition parser.</summary>
    public ExpositionParser Parser { get; } = new();

    /// <summary>A workspace that stores every sample.</summary>
    public ScrapeWorkspace()
        : this(StorePolicy.All)
    {
    }

    /// <summary>A workspace whose points follow <paramref name="policy"/>.</summary>
    public ScrapeWorkspace(StorePolicy policy)
    {
        Points = new SamplePointWriter(policy);
    }

    /// <summary>The rules the last body broke that the parser tolerated.</summary>
    public ExpositionProblems Problems { get; } = new();

    /// <summary>Maps samples to points.</summary>
    public SamplePointWriter Points { get; }

    /// <summary>The scrape's points.</summary>
    public LineProtocolBuilder Lines { get; } = new(16 * 1024);
}
