namespace Supervision.Dashboard.Summaries;

/// <summary>What a leader asks for: a period and at most one of region, province or commune (none = national).</summary>
/// <param name="Period">Today, 7 or 30 days.</param>
/// <param name="Region">A region or macro region key (config/vn-regions.csv), national scope only.</param>
/// <param name="Province">A 2-digit province code.</param>
/// <param name="Commune">A 5-digit commune code.</param>
public sealed record SummaryRequest(SummaryPeriod Period, string? Region = null, string? Province = null, string? Commune = null);

/// <summary>A request that cannot be answered: an unknown region, province or commune, or one outside the caller's provinces.</summary>
public sealed class SummaryRequestException : Exception
{
    /// <summary>Creates the error.</summary>
    public SummaryRequestException(string message, bool notFound, bool forbidden = false)
        : base(message)
    {
        NotFound = notFound;
        Forbidden = forbidden;
    }

    /// <summary>Creates the error.</summary>
    public SummaryRequestException()
    {
    }

    /// <summary>Creates the error.</summary>
    public SummaryRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error.</summary>
    public SummaryRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the named unit does not exist (404), false for a malformed request (400).</summary>
    public bool NotFound { get; }

    /// <summary>True when the unit exists but lies outside the caller's provinces (403).</summary>
    public bool Forbidden { get; }
}
