namespace Supervision.Core.Contracts.Alerting;

/// <summary>Who is on call at an instant.</summary>
/// <param name="User">Person name, or null when nobody is.</param>
/// <param name="FullName">Display name.</param>
/// <param name="From">Start of this stretch (a hand-off or override start), when known.</param>
/// <param name="Until">When the next person takes over, or null when nothing changes within the horizon.</param>
/// <param name="Source">Layer name or <c>override:{id}</c>.</param>
public sealed record OnCallShift(string? User, string? FullName, DateTimeOffset? From, DateTimeOffset? Until, string? Source);

/// <summary>Now and next for a schedule (<c>GET /api/oncall</c>).</summary>
/// <param name="Schedule">Schedule name.</param>
/// <param name="At">The instant asked about.</param>
/// <param name="Now">Who is on call at that instant.</param>
/// <param name="Next">Who takes over next.</param>
public sealed record OnCallAnswer(string Schedule, DateTimeOffset At, OnCallShift Now, OnCallShift? Next);

/// <summary>
/// A person taking a schedule over for a time (swap, sick cover), above every layer. Alerting stores it as this
/// JSON too, so a field renamed here is a stored-data change.
/// </summary>
/// <param name="Id">Override id.</param>
/// <param name="Schedule">Schedule name.</param>
/// <param name="User">Who is on call instead.</param>
/// <param name="StartsAt">Start (inclusive).</param>
/// <param name="EndsAt">End (exclusive).</param>
/// <param name="CreatedBy">Who made it.</param>
/// <param name="CreatedAt">When it was made (the newest override wins where they overlap).</param>
public sealed record OnCallOverride(
    string Id,
    string Schedule,
    string User,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string CreatedBy,
    DateTimeOffset CreatedAt);

/// <summary>Body of <c>POST /api/oncall/overrides</c>.</summary>
/// <param name="Schedule">Schedule name.</param>
/// <param name="User">Who takes over.</param>
/// <param name="StartsAt">Start.</param>
/// <param name="EndsAt">End.</param>
public sealed record OverrideRequest(string? Schedule, string? User, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <summary>One rotation layer of a schedule, as <c>GET /api/oncall/schedules</c> shows it.</summary>
/// <param name="Name">Layer name.</param>
/// <param name="Rotation"><c>daily</c> or <c>weekly</c>.</param>
/// <param name="Start">Local date of the first shift, <c>yyyy-MM-dd</c>.</param>
/// <param name="Handoff">Local hand-off time, <c>HH:mm</c>.</param>
/// <param name="Users">People, in rotation order.</param>
public sealed record OnCallLayerView(string Name, string Rotation, string Start, string Handoff, IReadOnlyList<string> Users);

/// <summary>An on-call schedule (an item of <c>GET /api/oncall/schedules</c>).</summary>
/// <param name="Name">Schedule name.</param>
/// <param name="TimeZone">Zone of its hand-offs.</param>
/// <param name="Layers">Its layers; the last one wins where they overlap.</param>
public sealed record OnCallScheduleView(string Name, string TimeZone, IReadOnlyList<OnCallLayerView> Layers);
