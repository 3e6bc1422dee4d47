namespace Supervision.Simulator.Faults;

/// <summary>What a fault does to the targets it selects (names as in the control API).</summary>
public enum FaultKind
{
    /// <summary>The target is unreachable: connection reset (<c>mode=refused</c>) or HTTP 503 (<c>mode=503</c>, default).</summary>
    Down,

    /// <summary>Every answer is delayed by <c>delayMs</c>.</summary>
    Slow,

    /// <summary>The request is accepted and never answered.</summary>
    Hang,

    /// <summary>Down and up alternating every <c>periodSeconds</c>, starting down.</summary>
    Flap,

    /// <summary>Administrative procedures stop moving: resolved counters flat, overdue grows.</summary>
    Stall,

    /// <summary>Throughput falls to <c>factor</c> of normal.</summary>
    Drop,

    /// <summary>/metrics answers malformed exposition text.</summary>
    Garbage,

    /// <summary>/metrics answers about <c>bytes</c> of (valid) exposition, far more than normal.</summary>
    Oversize,
}

/// <summary>How a <see cref="FaultKind.Down"/> target fails.</summary>
public enum DownMode
{
    /// <summary>HTTP 503 Service Unavailable (health answers Unhealthy JSON).</summary>
    ServiceUnavailable,

    /// <summary>The connection is reset before any response byte (refusal emulated on a shared port).</summary>
    Refused,
}

/// <summary>Names of fault kinds as written in JSON and YAML.</summary>
public static class FaultKindNames
{
    /// <summary>The wire name of a kind.</summary>
    public static string Name(FaultKind kind) => kind switch
    {
        FaultKind.Down => "down",
        FaultKind.Slow => "slow",
        FaultKind.Hang => "hang",
        FaultKind.Flap => "flap",
        FaultKind.Stall => "stall",
        FaultKind.Drop => "drop",
        FaultKind.Garbage => "garbage",
        FaultKind.Oversize => "oversize",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Parses a wire name (ordinal, lower case).</summary>
    public static bool TryParse(string? text, out FaultKind kind)
    {
        foreach (var k in Enum.GetValues<FaultKind>())
        {
            if (string.Equals(Name(k), text, StringComparison.Ordinal))
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>All wire names, for error messages.</summary>
    public static string All => "down, slow, hang, flap, stall, drop, garbage, oversize";
}
