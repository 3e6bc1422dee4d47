namespace Supervision.Alerting.Muting;

/// <summary>
/// Where silences come from: the service's <see cref="SilenceStore"/> (behind <c>/api/silences</c>, kept in the
/// state database). Tests of the notification module alone register an in-memory one.
/// </summary>
public interface ISilenceSource
{
    /// <summary>The silences in force at <paramref name="now"/>. Called once per pipeline tick.</summary>
    ValueTask<IReadOnlyList<Silence>> GetActiveAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
