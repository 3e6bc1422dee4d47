namespace Supervision.Core.Schema;

/// <summary>Fields of the summary roll-ups and of the collector's parts of them.</summary>
public static class SummaryFields
{
    /// <summary>Scrapes that found the target up (integer sum).</summary>
    public const string UpSum = "up_sum";

    /// <summary>Scrapes (integer count).</summary>
    public const string Scrapes = "scrapes";

    /// <summary>Dossiers received, cumulative: the largest per-scrape sum over procedures in the hour.</summary>
    public const string Received = "received";

    /// <summary>Dossiers resolved on time, cumulative.</summary>
    public const string OnTime = "on_time";

    /// <summary>Dossiers resolved late, cumulative.</summary>
    public const string Late = "late";

    /// <summary>Dossiers overdue at the hour's last scrape.</summary>
    public const string Overdue = "overdue";

    /// <summary>Dossiers in progress at the hour's last scrape.</summary>
    public const string InProgress = "in_progress";

    /// <summary>E-documents sent, cumulative.</summary>
    public const string DocsSent = "docs_sent";

    /// <summary>E-documents received, cumulative.</summary>
    public const string DocsReceived = "docs_received";
}
