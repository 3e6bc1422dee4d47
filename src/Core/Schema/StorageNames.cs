namespace Supervision.Core.Schema;

/// <summary>
/// The storage schema's names (docs/storage.md), typed once: the collector writes them, alerting and the
/// Dashboard read them, so a rename breaks the build instead of an end-to-end test.
/// </summary>
public static class Measurements
{
    /// <summary>One point per scrape and target.</summary>
    public const string Scrape = "scrape";

    /// <summary>One point per health entry and scrape.</summary>
    public const string Health = "health";

    /// <summary>One point per collector agent and interval.</summary>
    public const string Collector = "collector";

    /// <summary>Per unit and hour, the collector's part of <c>hourly.summary_unit</c> (raw retention policy).</summary>
    public const string SummaryUnitPart = "summary_unit_part";

    /// <summary>Per province, level, system and hour, the collector's part of <c>hourly.summary_availability</c>.</summary>
    public const string SummaryAvailabilityPart = "summary_availability_part";

    /// <summary>Leaders' per-unit hourly summary (retention policy <c>hourly</c>).</summary>
    public const string SummaryUnit = "summary_unit";

    /// <summary>Leaders' per-system hourly availability (retention policy <c>hourly</c>).</summary>
    public const string SummaryAvailability = "summary_availability";
}

/// <summary>Tag keys every target's points carry.</summary>
public static class TagNames
{
    /// <summary>Official unit code.</summary>
    public const string Unit = "unit";

    /// <summary>Two-digit province code (absent for central agencies).</summary>
    public const string Province = "province";

    /// <summary>System key.</summary>
    public const string System = "system";

    /// <summary><c>central</c>, <c>province</c> or <c>commune</c>.</summary>
    public const string Level = "level";

    /// <summary>The agent that wrote the point.</summary>
    public const string Collector = "collector";
}

/// <summary>Fields of the <c>scrape</c> measurement.</summary>
public static class ScrapeFields
{
    /// <summary>1 when up or degraded, else 0 (integer).</summary>
    public const string Up = "up";

    /// <summary>Status name (string).</summary>
    public const string Status = "status";

    /// <summary>0 Up, 1 Degraded, 2 Unknown, 3 Down (integer).</summary>
    public const string StatusCode = "status_code";

    /// <summary>Why (string).</summary>
    public const string Reason = "reason";

    /// <summary>Wall time of the scrape (float).</summary>
    public const string DurationSeconds = "duration_seconds";

    /// <summary>Samples parsed (integer).</summary>
    public const string Samples = "samples";
}

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

/// <summary>Metric names of the catalogue that the center itself computes with (docs/storage.md, "Metric catalogue").</summary>
public static class CatalogueMetrics
{
    /// <summary>Counter, label <c>procedure</c>.</summary>
    public const string DossierReceived = "dossier_received_total";

    /// <summary>Counter, labels <c>procedure</c>, <c>timeliness</c>.</summary>
    public const string DossierResolved = "dossier_resolved_total";

    /// <summary>Gauge, label <c>procedure</c>.</summary>
    public const string DossierOverdue = "dossier_overdue";

    /// <summary>Gauge, label <c>procedure</c>.</summary>
    public const string DossierInProgress = "dossier_in_progress";

    /// <summary>Counter, label <c>channel</c>.</summary>
    public const string EdocDocumentsSent = "edoc_documents_sent_total";

    /// <summary>Counter, label <c>channel</c>.</summary>
    public const string EdocDocumentsReceived = "edoc_documents_received_total";

    /// <summary>The label that splits resolved dossiers.</summary>
    public const string TimelinessLabel = "timeliness";

    /// <summary><c>timeliness</c> of dossiers resolved in time.</summary>
    public const string OnTime = "on_time";

    /// <summary><c>timeliness</c> of dossiers resolved late.</summary>
    public const string Late = "late";
}
