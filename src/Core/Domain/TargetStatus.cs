namespace Supervision.Core.Domain;

/// <summary>Status of a target. Ordered from best to worst so that a rollup is the maximum.</summary>
public enum TargetStatus
{
    /// <summary>Scraped and healthy.</summary>
    Up = 0,

    /// <summary>Answered, but reports a degraded health entry or is slow.</summary>
    Degraded = 1,

    /// <summary>Never seen, or the last observation is stale.</summary>
    Unknown = 2,

    /// <summary>Refused, timed out, unhealthy, or answered with an error.</summary>
    Down = 3,
}

/// <summary>Why a target has its status.</summary>
public enum StatusReason
{
    /// <summary>Nothing wrong.</summary>
    None = 0,

    /// <summary>The scrape did not finish within the timeout.</summary>
    Timeout,

    /// <summary>The connection was refused or reset.</summary>
    Refused,

    /// <summary>The endpoint answered with a non-success HTTP status.</summary>
    HttpStatus,

    /// <summary>The health check reported an unhealthy (or degraded) entry.</summary>
    UnhealthyEntry,

    /// <summary>The body could not be parsed.</summary>
    ParseError,

    /// <summary>The body exceeded the size cap.</summary>
    Oversize,

    /// <summary>No fresh observation within the staleness window.</summary>
    Stale,

    /// <summary>Never scraped yet.</summary>
    NeverSeen,

    /// <summary>A push target sent nothing for longer than its expected period allows (docs/push-intake.md).</summary>
    PushMissed,
}
