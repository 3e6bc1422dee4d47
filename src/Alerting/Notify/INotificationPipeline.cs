using Supervision.Core.Messages;

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

/// <summary>One group escalated by hand.</summary>
/// <param name="GroupKey">The notification group.</param>
/// <param name="Policy">Its escalation policy.</param>
/// <param name="Step">The step paged (1-based).</param>
/// <param name="Round">The round (1-based).</param>
/// <param name="Paged">Who was paged (people or receivers).</param>
public sealed record ManualEscalation(string GroupKey, string Policy, int Step, int Round, IReadOnlyList<string> Paged);

/// <summary>A notification group as <c>GET /api/groups?key=</c> shows it.</summary>
/// <param name="GroupKey">The key.</param>
/// <param name="Receiver">The route's receiver.</param>
/// <param name="GroupLabels">The labels the route groups by.</param>
/// <param name="AlertIds">The alerts it has notified as firing (their pages are <c>/alerts/{id}</c>).</param>
/// <param name="Escalation">Its escalation progress, when its receiver escalates.</param>
public sealed record NotificationGroupView(
    string GroupKey, string Receiver, IReadOnlyDictionary<string, string> GroupLabels, IReadOnlyList<string> AlertIds, EscalationProgress? Escalation);
