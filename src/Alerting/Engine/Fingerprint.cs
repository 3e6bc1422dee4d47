namespace Supervision.Alerting.Engine;

/// <summary>Stable alert identity: FNV-1a 64 over the sorted labels, as 16 hex digits (the same labels give the same id across restarts and nodes).</summary>
internal static class Fingerprint
{
    public static string Of(IReadOnlyDictionary<string, string> labels)
    {
        var keys = new string[labels.Count];
        var i = 0;
        foreach (var k in labels.Keys)
        {
            keys[i++] = k;
        }

        Array.Sort(keys, StringComparer.Ordinal);
        var hash = 14695981039346656037UL;
        foreach (var k in keys)
        {
            hash = Mix(hash, k);
            hash = Mix(hash, "\u00ff");
            hash = Mix(hash, labels[k]);
            hash = Mix(hash, "\u00fe");
        }

        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static ulong Mix(ulong hash, string s)
    {
        foreach (var c in s)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }

        return hash;
    }
}
