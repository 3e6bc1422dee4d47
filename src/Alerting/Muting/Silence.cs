namespace Supervision.Alerting.Muting;

/// <summary>Stored human intent to mute alerts matching <paramref name="Matchers"/> between two instants.</summary>
/// <param name="Id">Silence id.</param>
/// <param name="Matchers">All must match an alert's labels.</param>
/// <param name="StartsAt">Start (inclusive).</param>
/// <param name="EndsAt">End (exclusive); expiring a silence sets it to now.</param>
/// <param name="CreatedBy">Author.</param>
/// <param name="Comment">Why.</param>
public sealed record Silence(
    string Id,
    IReadOnlyList<Matcher> Matchers,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string CreatedBy,
    string Comment)
{
    /// <summary>True when the silence is in force at <paramref name="now"/>.</summary>
    public bool IsActiveAt(DateTimeOffset now) => StartsAt <= now && now < EndsAt;

    /// <summary>True when the silence is in force and matches the labels.</summary>
    public bool Mutes(IReadOnlyDictionary<string, string> labels, DateTimeOffset now) =>
        IsActiveAt(now) && Matcher.All(Matchers, labels);
}
