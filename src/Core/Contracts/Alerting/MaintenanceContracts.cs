namespace Supervision.Core.Contracts.Alerting;

/// <summary>
/// Planned work during which matching alerts are muted. One-off: <see cref="StartsAt"/>..<see cref="EndsAt"/>.
/// Recurring: each firing of the Quartz <see cref="Cron"/> expression (in <see cref="TimeZone"/>) opens the
/// window for <see cref="Duration"/>, optionally bounded by <see cref="StartsAt"/>/<see cref="EndsAt"/>.
/// Alerting stores it as this JSON too, so a field renamed here is a stored-data change.
/// </summary>
/// <param name="Id">Window id.</param>
/// <param name="Name">Short title, e.g. "Bảo trì mạng Hà Nội".</param>
/// <param name="Matchers">Which alerts (e.g. <c>province="01"</c>, <c>system="network"</c>); stored as text.</param>
/// <param name="StartsAt">Start of a one-off window, or the first day a recurring one applies.</param>
/// <param name="EndsAt">End of a one-off window, or the last moment a recurring one applies.</param>
/// <param name="Cron">Quartz cron expression (seconds first), e.g. <c>0 0 22 ? * SAT</c>, or null.</param>
/// <param name="Duration">Length of each recurring occurrence.</param>
/// <param name="TimeZone">Zone of the cron expression (default <c>+07:00</c>).</param>
/// <param name="CreatedBy">Author.</param>
/// <param name="Comment">Why.</param>
/// <param name="UpdatedAt">Last change.</param>
public sealed record MaintenanceWindow(
    string Id,
    string Name,
    IReadOnlyList<string> Matchers,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    string? Cron,
    TimeSpan? Duration,
    string TimeZone,
    string CreatedBy,
    string Comment,
    DateTimeOffset UpdatedAt);

/// <summary>A maintenance window with its state now (<c>GET /api/maintenance</c> items, and the answer of a change).</summary>
/// <param name="Window">The window.</param>
/// <param name="OpenNow">True when it mutes now.</param>
/// <param name="NextOpening">Next opening, when known.</param>
public sealed record MaintenanceEntry(MaintenanceWindow Window, bool OpenNow, DateTimeOffset? NextOpening);

/// <summary>Body of <c>POST /api/maintenance</c> and <c>PUT /api/maintenance/{id}</c>.</summary>
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
