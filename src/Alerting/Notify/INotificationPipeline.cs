namespace Supervision.Alerting.Notify;

/// <summary>
/// The entry point from the alerting engine. Call <see cref="ProcessAsync"/> after every evaluation with the
/// current views of all alerts (firing, and resolved ones still known); the module's worker re-runs the last
/// views every tick so group waits and escalation timers fire between evaluations.
/// </summary>
public interface INotificationPipeline
{
    /// <summary>
    /// Routes, groups, mutes and escalates <paramref name="alerts"/> as of <paramref name="now"/>, and enqueues
    /// the notifications that are due in the persistent outbox (delivery happens in the background).
    /// An alert that was notified as firing and no longer appears in <paramref name="alerts"/> is treated as resolved,
    /// so the first call after a restart must carry the engine's restored alerts.
    /// </summary>
    Task ProcessAsync(IReadOnlyList<AlertView> alerts, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Re-runs the pipeline on the last alerts given to <see cref="ProcessAsync"/> (timers only); does nothing
    /// before the first <see cref="ProcessAsync"/> of this process, so a restart never reads as "all resolved".
    /// </summary>
    Task TickAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Escalates by hand every escalating group that notified <paramref name="alertId"/>: the next step of its policy is
    /// paged now (reason "escalated by …", audited <c>escalation.manual</c>); empty when no escalation policy covers it.
    /// </summary>
    Task<IReadOnlyList<ManualEscalation>> EscalateAsync(string alertId, string by, DateTimeOffset now, CancellationToken cancellationToken);
}
