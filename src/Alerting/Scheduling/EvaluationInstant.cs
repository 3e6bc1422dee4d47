namespace Supervision.Alerting.Scheduling;

/// <summary>
/// The instant an evaluation pass is made "at". Passes are stamped with the trigger's scheduled fire time, not the
/// moment Quartz got round to running them, so consecutive passes sit exactly one interval apart and a
/// <c>for: 20s</c> on a 10-s group fires on the second pass after the first hit, never the third because the first
/// pass ran 30 ms late (Prometheus stamps its evaluations with the slot time for the same reason).
/// </summary>
internal static class EvaluationInstant
{
    /// <summary>
    /// Beyond this lag a pass is stamped with the wall clock instead: a pass that ran late (a slow previous pass,
    /// a paused process) must still see the data up to now rather than evaluate a moment that has long passed.
    /// </summary>
    public static readonly TimeSpan MaxLag = TimeSpan.FromSeconds(5);

    /// <summary>The scheduled time when it is known and recent, else <paramref name="wall"/>.</summary>
    public static DateTimeOffset Choose(DateTimeOffset? scheduled, DateTimeOffset wall) =>
        scheduled is { } s && s <= wall && wall - s <= MaxLag ? s : wall;
}
