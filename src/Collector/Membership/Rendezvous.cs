namespace Supervision.Collector.Membership;

/// <summary>
/// Rendezvous (highest-random-weight) hashing: a target belongs to the live agent whose weight for it is highest.
/// Every agent computes the same answer from the same agent list, with no coordination; when an agent leaves only
/// its own targets move (each to the agent with the next-highest weight), and when it comes back exactly those
/// targets return. Hashes are stable across processes (FNV-1a and a 64-bit finaliser, not <see cref="string.GetHashCode()"/>).
/// </summary>
public static class Rendezvous
{
    /// <summary>The stable 64-bit hash of an agent or target id.</summary>
    public static ulong Hash(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var hash = 14695981039346656037ul;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 1099511628211ul;
        }

        return Mix(hash);
    }

    /// <summary>The weight of <paramref name="targetHash"/> on the agent of <paramref name="agentHash"/>.</summary>
    public static ulong Weight(ulong agentHash, ulong targetHash) => Mix(targetHash ^ agentHash);

    /// <summary>
    /// The index in <paramref name="agentHashes"/> of the owner of <paramref name="targetHash"/>, or -1 when there is no
    /// agent. Ties (64-bit, practically never) go to the lower hash, so the order of the list does not matter.
    /// </summary>
    public static int Owner(ulong targetHash, ReadOnlySpan<ulong> agentHashes)
    {
        var best = -1;
        var bestWeight = 0ul;
        for (var i = 0; i < agentHashes.Length; i++)
        {
            var weight = Weight(agentHashes[i], targetHash);
            if (best < 0 || weight > bestWeight || (weight == bestWeight && agentHashes[i] < agentHashes[best]))
            {
                best = i;
                bestWeight = weight;
            }
        }

        return best;
    }

    /// <summary>The owner of <paramref name="targetId"/> among <paramref name="agents"/>, or null when the list is empty.</summary>
    public static string? Owner(string targetId, IReadOnlyList<string> agents)
    {
        ArgumentNullException.ThrowIfNull(agents);
        var hashes = agents.Select(Hash).ToArray();
        var index = Owner(Hash(targetId), hashes);
        return index < 0 ? null : agents[index];
    }

    // splitmix64's finaliser: FNV-1a alone leaves ids that differ in their last digit too close for fair weights.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ul;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebul;
        return z ^ (z >> 31);
    }
}
