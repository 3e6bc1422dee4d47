namespace Supervision.Simulator.Fleet;

/// <summary>
/// Stable, platform-independent hashing: every simulated value is a function of (seed, target, time),
/// so string.GetHashCode (randomised per process) must never be used here.
/// </summary>
internal static class StableHash
{
    /// <summary>FNV-1a over the UTF-16 code units, then mixed.</summary>
    public static ulong Of(string text)
    {
        var h = 14695981039346656037UL;
        foreach (var c in text)
        {
            h ^= c;
            h *= 1099511628211UL;
        }

        return Mix(h);
    }

    /// <summary>SplitMix64 finaliser: spreads close inputs (minute buckets, indexes) far apart.</summary>
    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>Combines two hashes.</summary>
    public static ulong Combine(ulong a, ulong b) => Mix(a ^ (b * 0x9E3779B97F4A7C15UL));

    /// <summary>A uniform double in [0, 1).</summary>
    public static double Unit(ulong h) => (h >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in [min, max).</summary>
    public static double Between(ulong h, double min, double max) => min + (Unit(h) * (max - min));
}
