using System.Collections.Frozen;

namespace Supervision.Core.Domain;

/// <summary>
/// The validated set of units and targets the center watches. Immutable: a reload builds a new one.
/// Build it through <c>InventoryLoader</c> for files, or directly in tests.
/// </summary>
public sealed class Inventory
{
    private readonly FrozenDictionary<string, AdministrativeUnit> _units;
    private readonly FrozenDictionary<string, Target> _targets;
    private readonly FrozenDictionary<string, IReadOnlyList<AdministrativeUnit>> _communesByProvince;
    private readonly FrozenDictionary<string, IReadOnlyList<Target>> _targetsByUnit;

    /// <summary>Builds an inventory; ids must be unique (the loader checks this with line numbers first).</summary>
    public Inventory(IEnumerable<AdministrativeUnit> units, IEnumerable<Target> targets)
        : this(units, targets, null)
    {
    }

    /// <summary>Builds an inventory with the units' push-intake credentials (by unit id).</summary>
    public Inventory(IEnumerable<AdministrativeUnit> units, IEnumerable<Target> targets, IReadOnlyDictionary<string, PushCredentials>? pushCredentials)
    {
        PushCredentials = (pushCredentials ?? new Dictionary<string, PushCredentials>()).ToFrozenDictionary(StringComparer.Ordinal);
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(targets);
        Units = units.ToArray();
        Targets = targets.ToArray();
        _units = Units.ToFrozenDictionary(u => u.Id, StringComparer.Ordinal);
        _targets = Targets.ToFrozenDictionary(t => t.Id, StringComparer.Ordinal);
        Provinces = Units.Where(u => u.Level == UnitLevel.Province).ToArray();
        _communesByProvince = Units
            .Where(u => u.Level == UnitLevel.Commune && u.ProvinceCode is not null)
            .GroupBy(u => u.ProvinceCode!, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<AdministrativeUnit>)g.ToArray(), StringComparer.Ordinal);
        _targetsByUnit = Targets
            .GroupBy(t => t.UnitId, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<Target>)g.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Every unit, in file order.</summary>
    public IReadOnlyList<AdministrativeUnit> Units { get; }

    /// <summary>Every target, in file order.</summary>
    public IReadOnlyList<Target> Targets { get; }

    /// <summary>
    /// The push-intake credentials of the units that have them (by unit id). Kept apart from
    /// <see cref="AdministrativeUnit"/>, which APIs serialise: a secret must never travel with a unit's description.
    /// </summary>
    public FrozenDictionary<string, PushCredentials> PushCredentials { get; }

    /// <summary>The provinces, in file order.</summary>
    public IReadOnlyList<AdministrativeUnit> Provinces { get; }

    /// <summary>A unit by id, or null.</summary>
    public AdministrativeUnit? FindUnit(string id) => _units.GetValueOrDefault(id);

    /// <summary>A target by id <c>{unit}/{system}</c>, or null.</summary>
    public Target? FindTarget(string id) => _targets.GetValueOrDefault(id);

    /// <summary>The communes of a province (empty when none or unknown).</summary>
    public IReadOnlyList<AdministrativeUnit> CommunesOf(string provinceCode) =>
        _communesByProvince.GetValueOrDefault(provinceCode) ?? [];

    /// <summary>
    /// This inventory without the center's own unit and targets (<see cref="UnitLevel.Center"/>): the fleet a
    /// simulator stands in for, since the center's parts are real processes, not simulated systems.
    /// </summary>
    public Inventory WithoutCenter() =>
        Units.Any(u => u.Level == UnitLevel.Center)
            ? new Inventory(Units.Where(u => u.Level != UnitLevel.Center), Targets.Where(t => t.Level != UnitLevel.Center))
            : this;

    /// <summary>The targets of one unit (empty when none or unknown).</summary>
    public IReadOnlyList<Target> TargetsOf(string unitId) =>
        _targetsByUnit.GetValueOrDefault(unitId) ?? [];
}
