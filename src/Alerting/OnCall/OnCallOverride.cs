namespace Supervision.Alerting.OnCall;

/// <summary>A person taking a schedule over for a time (swap, sick cover), above every layer.</summary>
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
