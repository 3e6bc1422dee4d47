namespace Supervision.Alerting.Api;

/// <summary>Body of <c>POST|PUT /api/maintenance</c>.</summary>
/// <param name="Name">Title.</param>
/// <param name="Matchers">Matchers such as <c>system="network"</c>.</param>
/// <param name="Province">Shortcut for <c>province="{code}"</c>.</param>
/// <param name="System">Shortcut for <c>system="{key}"</c>.</param>
/// <param name="StartsAt">One-off start, or first day of a recurring window.</param>
/// <param name="EndsAt">One-off end, or last moment of a recurring window.</param>
/// <param name="Cron">Quartz cron expression for recurring windows.</param>
/// <param name="Duration">Length of each occurrence (<c>2h</c>, <c>90m</c>).</param>
/// <param name="TimeZone">Zone of the cron expression (default <c>+07:00</c>).</param>
/// <param name="Comment">Why.</param>
public sealed record MaintenanceRequest(
    string? Name,
    IReadOnlyList<string>? Matchers,
    string? Province,
    string? System,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    string? Cron,
    string? Duration,
    string? TimeZone,
    string? Comment);

/// <summary>A maintenance window with its current state.</summary>
/// <param name="Window">The window.</param>
/// <param name="OpenNow">True when it mutes now.</param>
/// <param name="NextOpening">Next opening, when known.</param>
public sealed record MaintenanceResponse(Muting.MaintenanceWindow Window, bool OpenNow, DateTimeOffset? NextOpening);

/// <summary>Body of <c>POST /api/oncall/overrides</c>.</summary>
/// <param name="Schedule">Schedule name.</param>
/// <param name="User">Who takes over.</param>
/// <param name="StartsAt">Start.</param>
/// <param name="EndsAt">End.</param>
public sealed record OverrideRequest(string? Schedule, string? User, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <summary>Body of <c>POST /api/mute/check</c>: the labels to test.</summary>
/// <param name="Labels">Alert labels.</param>
public sealed record MuteCheckRequest(IReadOnlyDictionary<string, string>? Labels);
