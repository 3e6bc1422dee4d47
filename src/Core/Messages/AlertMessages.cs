namespace Supervision.Core.Messages;

/// <summary>Alert lifecycle states.</summary>
public enum AlertState
{
    /// <summary>Condition false.</summary>
    Inactive,

    /// <summary>Condition true for less than <c>for</c>.</summary>
    Pending,

    /// <summary>Condition true for at least <c>for</c>.</summary>
    Firing,

    /// <summary>Was firing; condition false for longer than <c>keep_firing_for</c>.</summary>
    Resolved,
}

/// <summary>The view of one alert that Alerting pushes to the Dashboard and serves on its API.</summary>
/// <param name="Id">Stable alert id (fingerprint of its labels).</param>
/// <param name="Rule">Rule name.</param>
/// <param name="State">Lifecycle state.</param>
/// <param name="Severity">critical, warning or info.</param>
/// <param name="Labels">Identifying labels (unit, province, system, …).</param>
/// <param name="Annotations">Rendered annotations (summary, description, runbook_url).</param>
/// <param name="ActiveSince">When it became pending.</param>
/// <param name="FiredAt">When it started firing, or null.</param>
/// <param name="ResolvedAt">When it resolved, or null.</param>
/// <param name="StateSince">When it entered its current state.</param>
/// <param name="InhibitedBy">Id of the alert that inhibits it, or null.</param>
/// <param name="AcknowledgedBy">Who acknowledged it, or null.</param>
/// <param name="AcknowledgedAt">When it was acknowledged, or null.</param>
/// <param name="Silenced">True when a silence or maintenance window mutes it.</param>
public sealed record AlertView(
    string Id,
    string Rule,
    AlertState State,
    string Severity,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset ActiveSince,
    DateTimeOffset? FiredAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset StateSince,
    string? InhibitedBy = null,
    string? AcknowledgedBy = null,
    DateTimeOffset? AcknowledgedAt = null,
    bool Silenced = false);

/// <summary>A batch of alert changes pushed by Alerting.</summary>
/// <param name="Alerts">Alerts whose state, acknowledgement or muting changed.</param>
/// <param name="IsSnapshot">True when <paramref name="Alerts"/> is the full set of active alerts (after a (re)connect).</param>
public sealed record AlertChangeBatch(IReadOnlyList<AlertView> Alerts, bool IsSnapshot = false);
