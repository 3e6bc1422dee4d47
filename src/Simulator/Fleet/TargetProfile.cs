namespace Supervision.Simulator.Fleet;

/// <summary>
/// The fixed character of one simulated target, drawn once from (seed, target id): how busy it is,
/// how its procedures share the work, how punctual it is. Everything that changes over time is
/// computed from this and the clock, so 13,500 targets cost a few hundred bytes each.
/// </summary>
public sealed class TargetProfile
{
    private long _healthRequests;
    private long _metricsRequests;

    internal TargetProfile(int index, Target target, ulong seed)
    {
        Index = index;
        Target = target;
        Hash = StableHash.Combine(seed, StableHash.Of(target.Id));
        var levelScale = target.Level switch
        {
            UnitLevel.Central => 30.0,
            UnitLevel.Province => 6.0,
            _ => 1.0,
        };

        // Skewed sizes: a few big wards, many small rural communes.
        var u = Draw(1);
        Scale = levelScale * (0.35 + (2.2 * u * u));
        OnTimeShare = 0.80 + (0.19 * Draw(2));
        OverdueShare = Draw(3) < 0.1 ? 0.08 + (0.1 * Draw(4)) : 0.005 + (0.02 * Draw(5));
        LatencyBase = 0.02 + (0.1 * Draw(6));
        ProcedureWeights = Weights(target.Level == UnitLevel.Commune ? Procedures.Commune.Count : Procedures.Province.Count, 10);
        ChannelWeights = Weights(Channels.Count, 20);
    }

    /// <summary>Requests this target received on <c>/health</c> and <c>/metrics</c>, whatever the answer (a witness for harnesses).</summary>
    public (long Health, long Metrics) Requests => (Interlocked.Read(ref _healthRequests), Interlocked.Read(ref _metricsRequests));

    /// <summary>Counts a request on <c>/metrics</c> (true) or <c>/health</c>.</summary>
    internal void CountRequest(bool metrics)
    {
        if (metrics)
        {
            Interlocked.Increment(ref _metricsRequests);
        }
        else
        {
            Interlocked.Increment(ref _healthRequests);
        }
    }

    /// <summary>The procedure codes (the <c>procedure</c> label) handled at province and commune level.</summary>
    public static class Procedures
    {
        /// <summary>Province-level procedure codes.</summary>
        public static IReadOnlyList<string> Province { get; } =
            ["1.001612", "1.004946", "1.009994", "1.010735", "2.001893", "2.002154"];

        /// <summary>Commune-level procedure codes.</summary>
        public static IReadOnlyList<string> Commune { get; } = ["1.000894", "1.001193", "1.004227", "2.000635"];

        /// <summary>The codes of a level.</summary>
        public static IReadOnlyList<string> For(UnitLevel level) => level == UnitLevel.Commune ? Commune : Province;
    }

    /// <summary>The e-document exchange channels (the <c>channel</c> label).</summary>
    public static IReadOnlyList<string> Channels { get; } = ["vdxp", "lgsp", "internal"];

    /// <summary>Position in the fleet (fault selections are bitmaps over this index).</summary>
    public int Index { get; }

    /// <summary>The inventory target.</summary>
    public Target Target { get; }

    /// <summary>The per-target hash every random draw starts from.</summary>
    public ulong Hash { get; }

    /// <summary>Relative size: 1 is a typical commune.</summary>
    public double Scale { get; }

    /// <summary>Share of resolved dossiers resolved on time.</summary>
    public double OnTimeShare { get; }

    /// <summary>Share of in-progress dossiers that are overdue in normal operation.</summary>
    public double OverdueShare { get; }

    /// <summary>Typical request latency of the system's own API, seconds.</summary>
    public double LatencyBase { get; }

    /// <summary>Share of each procedure in the dossier flow (sums to 1).</summary>
    public double[] ProcedureWeights { get; }

    /// <summary>Share of each channel in the document flow (sums to 1).</summary>
    public double[] ChannelWeights { get; }

    /// <summary>A fixed draw in [0, 1) for a purpose number.</summary>
    public double Draw(ulong purpose) => StableHash.Unit(StableHash.Combine(Hash, purpose));

    /// <summary>A draw in [0, 1) that changes every minute (noise on gauges).</summary>
    public double Noise(ulong purpose, DateTimeOffset now) =>
        StableHash.Unit(StableHash.Combine(StableHash.Combine(Hash, purpose), (ulong)(now.ToUnixTimeSeconds() / 60)));

    private double[] Weights(int count, ulong purpose)
    {
        var w = new double[count];
        var sum = 0.0;
        for (var i = 0; i < count; i++)
        {
            w[i] = 0.3 + Draw(purpose + (ulong)i);
            sum += w[i];
        }

        for (var i = 0; i < count; i++)
        {
            w[i] /= sum;
        }

        return w;
    }
}
