namespace Supervision.Alerting.Muting;

/// <summary>
/// Planned work during which matching alerts are muted. One-off: <see cref="StartsAt"/>..<see cref="EndsAt"/>.
/// Recurring: each firing of the Quartz <see cref="Cron"/> expression (in <see cref="TimeZone"/>) opens the
/// window for <see cref="Duration"/>, optionally bounded by <see cref="StartsAt"/>/<see cref="EndsAt"/>.
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
