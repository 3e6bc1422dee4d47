namespace Supervision.Core.Schema;

/// <summary>Fields of the <c>scrape</c> measurement.</summary>
public static class ScrapeFields
{
    /// <summary>1 when up or degraded, else 0 (integer).</summary>
    public const string Up = "up";

    /// <summary>Status name: <c>Up</c>, <c>Degraded</c>, <c>Down</c>, <c>Unknown</c> (string).</summary>
    public const string Status = "status";

    /// <summary>0 Up, 1 Degraded, 2 Unknown, 3 Down (integer; a roll-up is the maximum).</summary>
    public const string StatusCode = "status_code";

    /// <summary>Why: the name of a <c>StatusReason</c> (string).</summary>
    public const string Reason = "reason";

    /// <summary>Wall time of the scrape, health and metrics, in seconds (float).</summary>
    public const string DurationSeconds = "duration_seconds";

    /// <summary>Samples parsed from <c>/metrics</c> (integer).</summary>
    public const string Samples = "samples";
}

/// <summary>Fields of the <c>health</c> measurement.</summary>
public static class HealthFields
{
    /// <summary><c>Healthy</c>, <c>Degraded</c>, <c>Unhealthy</c> (string).</summary>
    public const string Status = ScrapeFields.Status;

    /// <summary>0 Healthy, 1 Degraded, 2 Unhealthy (integer).</summary>
    public const string StatusCode = ScrapeFields.StatusCode;

    /// <summary>The entry's own duration in seconds, when it reports one (float).</summary>
    public const string DurationSeconds = ScrapeFields.DurationSeconds;
}

/// <summary>Fields of the <c>collector</c> measurement (one point per agent and interval).</summary>
public static class CollectorFields
{
    /// <summary>Targets the agent owns now, scraped and pushed (integer).</summary>
    public const string Targets = "targets";

    /// <summary>Scrapes since the agent started (integer, cumulative).</summary>
    public const string Scrapes = "scrapes";
}
