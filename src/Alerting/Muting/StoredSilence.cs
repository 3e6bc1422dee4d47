namespace Supervision.Alerting.Muting;

/// <summary>A silence as stored by the engine; served on <c>/api/silences</c> as a <see cref="SilenceView"/>.</summary>
internal sealed record StoredSilence(string Id, IReadOnlyList<SilenceMatcher> Matchers, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string CreatedBy, string Comment, DateTimeOffset UpdatedAt)
{
    public Silence ToSilence() => new(Id, Matchers.Select(m => m.ToMatcher()).ToArray(), StartsAt, EndsAt, CreatedBy, Comment);

    public string Status(DateTimeOffset now) => now < StartsAt ? "pending" : now < EndsAt ? "active" : "expired";

    public SilenceView ToView(DateTimeOffset now) => new(Id, Matchers, StartsAt, EndsAt, CreatedBy, Comment, UpdatedAt, new SilenceStatus(Status(now)));
}
