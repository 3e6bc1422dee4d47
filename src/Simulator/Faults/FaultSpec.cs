namespace Supervision.Simulator.Faults;

/// <summary>Which targets a fault reaches. Fields combine with AND; an empty selector reaches every target.</summary>
/// <param name="Unit">A unit id: that unit's own targets.</param>
/// <param name="Province">A province code: the province's own targets and all of its communes' targets.</param>
/// <param name="System">A system key.</param>
/// <param name="Fraction">In (0, 1]: a deterministic random subset (by seed and fault id) of the matching targets.</param>
public sealed record FaultSelector(string? Unit = null, string? Province = null, string? System = null, double? Fraction = null);

/// <summary>Parameters of a fault, defaults filled in.</summary>
/// <param name="Mode">down: refused or 503 (default 503).</param>
/// <param name="DelayMs">slow: added latency (default 2000 ms).</param>
/// <param name="PeriodSeconds">flap: length of each down and each up phase (default 30 s).</param>
/// <param name="Factor">drop: share of normal throughput that remains (default 0.1).</param>
/// <param name="Bytes">oversize: approximate response size (default 16 MiB).</param>
public sealed record FaultParameters(
    DownMode Mode = DownMode.ServiceUnavailable,
    int DelayMs = FaultParameters.DefaultDelayMs,
    int PeriodSeconds = FaultParameters.DefaultPeriodSeconds,
    double Factor = FaultParameters.DefaultFactor,
    long Bytes = FaultParameters.DefaultBytes)
{
    /// <summary>Default slow delay.</summary>
    public const int DefaultDelayMs = 2000;

    /// <summary>Default flap half-period.</summary>
    public const int DefaultPeriodSeconds = 30;

    /// <summary>Default drop factor.</summary>
    public const double DefaultFactor = 0.1;

    /// <summary>Default oversize body: 16 MiB, well past any sane scrape size cap.</summary>
    public const long DefaultBytes = 16L * 1024 * 1024;

    /// <summary>Largest accepted oversize body.</summary>
    public const long MaxBytes = 1024L * 1024 * 1024;

    /// <summary>The parameters that matter for a kind, as shown by <c>GET /control/faults</c>.</summary>
    public IReadOnlyDictionary<string, object> Describe(FaultKind kind) => kind switch
    {
        FaultKind.Down => new Dictionary<string, object> { ["mode"] = Mode == DownMode.Refused ? "refused" : "503" },
        FaultKind.Slow => new Dictionary<string, object> { ["delayMs"] = DelayMs },
        FaultKind.Flap => new Dictionary<string, object>
        {
            ["periodSeconds"] = PeriodSeconds,
            ["mode"] = Mode == DownMode.Refused ? "refused" : "503",
        },
        FaultKind.Drop => new Dictionary<string, object> { ["factor"] = Factor },
        FaultKind.Oversize => new Dictionary<string, object> { ["bytes"] = Bytes },
        _ => new Dictionary<string, object>(),
    };
}

/// <summary>A validated request for a fault.</summary>
/// <param name="Selector">Which targets.</param>
/// <param name="Kind">What happens.</param>
/// <param name="Duration">How long; null means until deleted.</param>
/// <param name="Parameters">Kind parameters with defaults.</param>
public sealed record FaultSpec(FaultSelector Selector, FaultKind Kind, TimeSpan? Duration, FaultParameters Parameters);
