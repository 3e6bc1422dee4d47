namespace Supervision.Simulator.Faults;

/// <summary>The combined effect of every fault active on one target at one instant.</summary>
public struct FaultEffects
{
    /// <summary>Never answer.</summary>
    public bool Hang { get; set; }

    /// <summary>Unreachable, and how.</summary>
    public DownMode? Down { get; set; }

    /// <summary>Added latency before answering (the largest of the active slow faults).</summary>
    public int DelayMs { get; set; }

    /// <summary>Answer malformed exposition.</summary>
    public bool Garbage { get; set; }

    /// <summary>Answer about this many bytes of exposition (0: normal size).</summary>
    public long OversizeBytes { get; set; }

    /// <summary>Start of the earliest active stall, or null.</summary>
    public DateTimeOffset? StallStart { get; set; }

    /// <summary>Product of the active drop factors (1 when none): scales gauges of current load.</summary>
    public double LoadFactor { get; set; }

    /// <summary>No fault at all.</summary>
    public static FaultEffects None => new() { LoadFactor = 1 };
}
