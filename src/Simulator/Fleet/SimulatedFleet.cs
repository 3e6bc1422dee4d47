using System.Collections.Frozen;

namespace Supervision.Simulator.Fleet;

/// <summary>The targets the simulator serves, indexed for allocation-free lookup by <c>{unit}/{system}</c>.</summary>
public sealed class SimulatedFleet
{
    private readonly FrozenDictionary<string, TargetProfile> _byId;
    private readonly FrozenDictionary<string, TargetProfile>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    /// <summary>Builds the fleet of an inventory; <paramref name="seed"/> decides every target's character.</summary>
    public SimulatedFleet(Inventory inventory, long seed, DayCurve curve)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        Inventory = inventory;
        Seed = seed;
        Curve = curve;
        var profiles = new TargetProfile[inventory.Targets.Count];
        for (var i = 0; i < profiles.Length; i++)
        {
            profiles[i] = new TargetProfile(i, inventory.Targets[i], (ulong)seed);
        }

        Profiles = profiles;
        _byId = profiles.ToFrozenDictionary(p => p.Target.Id, StringComparer.Ordinal);
        _bySpan = _byId.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The inventory served.</summary>
    public Inventory Inventory { get; }

    /// <summary>The seed.</summary>
    public long Seed { get; }

    /// <summary>The day curve every counter integrates.</summary>
    public DayCurve Curve { get; }

    /// <summary>Every target, in inventory order.</summary>
    public IReadOnlyList<TargetProfile> Profiles { get; }

    /// <summary>Finds a target by id <c>{unit}/{system}</c> without allocating.</summary>
    public TargetProfile? Find(ReadOnlySpan<char> id) => _bySpan.TryGetValue(id, out var p) ? p : null;
}
