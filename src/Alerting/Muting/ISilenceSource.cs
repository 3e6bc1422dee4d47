namespace Supervision.Alerting.Muting;

/// <summary>
/// Where silences come from. The engine's silence store (behind <c>/api/silences</c>) is adapted to this
/// at wiring time; <see cref="InMemorySilenceSource"/> is the default until then and in tests.
/// </summary>
public interface ISilenceSource
{
    /// <summary>The silences in force at <paramref name="now"/>. Called once per pipeline tick.</summary>
    ValueTask<IReadOnlyList<Silence>> GetActiveAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
