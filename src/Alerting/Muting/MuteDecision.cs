namespace Supervision.Alerting.Muting;

/// <summary>Why an alert is muted.</summary>
public enum MuteReason
{
    /// <summary>Not muted.</summary>
    None,

    /// <summary>Inhibited by another alert (decided by the engine).</summary>
    Inhibited,

    /// <summary>A silence matches it.</summary>
    Silenced,

    /// <summary>A maintenance window covers it.</summary>
    Maintenance,
}

/// <summary>The one answer to "is this muted now?".</summary>
/// <param name="Reason">Why, or <see cref="MuteReason.None"/>.</param>
/// <param name="By">Id of the inhibiting alert, silence or window.</param>
public readonly record struct MuteDecision(MuteReason Reason, string? By)
{
    /// <summary>Not muted.</summary>
    public static MuteDecision NotMuted => new(MuteReason.None, null);

    /// <summary>True when muted.</summary>
    public bool IsMuted => Reason != MuteReason.None;
}
