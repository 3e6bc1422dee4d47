namespace Supervision.Collector.Targets;

/// <summary>
/// Splits the inventory between agents: target <c>t</c> belongs to shard <c>FNV-1a(t.Id) mod N</c>.
/// A stable hash (not <see cref="string.GetHashCode()"/>, which is randomised per process) so every agent
/// agrees, and a restart keeps its targets.
/// </summary>
public readonly record struct ShardSelector(int Index, int Count)
{
    /// <summary>The whole inventory on one agent.</summary>
    public static ShardSelector All => new(0, 1);

    /// <summary>Parses <c>i/N</c> (0-based index); false with a message otherwise.</summary>
    public static bool TryParse(string? text, out ShardSelector shard, out string error)
    {
        shard = All;
        error = string.Empty;
        var parts = (text ?? string.Empty).Split('/');
        if (parts.Length != 2 ||
            !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            error = $"shard '{text}' is not of the form i/N, e.g. 0/2";
            return false;
        }

        if (count < 1 || index >= count)
        {
            error = $"shard '{text}': need 0 <= i < N and N >= 1";
            return false;
        }

        shard = new ShardSelector(index, count);
        return true;
    }

    /// <summary>True when this shard owns the target.</summary>
    public bool Owns(string targetId) => Count == 1 || Hash(targetId) % (uint)Count == (uint)Index;

    /// <summary>FNV-1a over the UTF-16 code units of the id.</summary>
    public static uint Hash(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var hash = 2166136261u;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Index}/{Count}";
}
