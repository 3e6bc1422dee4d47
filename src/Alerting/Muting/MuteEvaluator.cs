namespace Supervision.Alerting.Muting;

/// <summary>
/// Inhibition (from the engine), silences and maintenance windows answer one question in one place.
/// Take a <see cref="MuteSnapshot"/> once per tick and ask it about each alert, so every alert of the tick
/// sees the same silences and the same "now".
/// </summary>
public sealed class MuteEvaluator
{
    private readonly ISilenceSource _silences;
    private readonly MaintenanceService _maintenance;

    /// <summary>Creates the evaluator.</summary>
    public MuteEvaluator(ISilenceSource silences, MaintenanceService maintenance)
    {
        _silences = silences;
        _maintenance = maintenance;
    }

    /// <summary>The silences and open windows at <paramref name="now"/>.</summary>
    public async Task<MuteSnapshot> SnapshotAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        new(now, await _silences.GetActiveAsync(now, cancellationToken), await _maintenance.OpenAtAsync(now, cancellationToken));

    /// <summary>Is this alert muted now? (One-off convenience; loops should use a snapshot.)</summary>
    public async Task<MuteDecision> CheckAsync(AlertView alert, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await SnapshotAsync(now, cancellationToken)).Check(alert);
}

/// <summary>The muting facts of one instant.</summary>
public sealed class MuteSnapshot
{
    private readonly IReadOnlyList<Silence> _silences;
    private readonly IReadOnlyList<MaintenanceCalendar> _windows;

    /// <summary>Creates a snapshot.</summary>
    public MuteSnapshot(DateTimeOffset now, IReadOnlyList<Silence> silences, IReadOnlyList<MaintenanceCalendar> windows)
    {
        Now = now;
        _silences = silences;
        _windows = windows;
    }

    /// <summary>The instant.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The decision for an alert: inhibition first, then silences, then maintenance windows.</summary>
    /// <remarks>
    /// The view's own <c>Silenced</c> flag is not consulted: the engine set it from a snapshot of this same class,
    /// so the labels give the same answer, and an expired silence stops muting at once instead of one pass late.
    /// </remarks>
    public MuteDecision Check(AlertView alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return alert.InhibitedBy is { } by ? new MuteDecision(MuteReason.Inhibited, by) : Check(alert.Labels);
    }

    /// <summary>The decision for a label set (silences, then maintenance windows).</summary>
    public MuteDecision Check(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var s in _silences)
        {
            if (s.Mutes(labels, Now))
            {
                return new MuteDecision(MuteReason.Silenced, s.Id);
            }
        }

        foreach (var w in _windows)
        {
            if (w.Mutes(labels, Now))
            {
                return new MuteDecision(MuteReason.Maintenance, w.Window.Id);
            }
        }

        return MuteDecision.NotMuted;
    }
}
