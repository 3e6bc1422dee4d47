namespace Supervision.Alerting.Notify;

/// <summary>
/// Names for messages: labels <c>province_name</c> and <c>unit_name</c> when the engine sets them, else the
/// inventory (when one is registered), else none.
/// </summary>
public sealed class UnitNames
{
    private readonly Inventory? _inventory;

    /// <summary>Creates the resolver; <paramref name="inventory"/> may be null.</summary>
    public UnitNames(Inventory? inventory = null) => _inventory = inventory;

    /// <summary>Province and unit names of an alert's labels.</summary>
    public (string? Province, string? Unit) Resolve(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        labels.TryGetValue("province_name", out var province);
        labels.TryGetValue("unit_name", out var unit);
        if (_inventory is null || (province is not null && unit is not null))
        {
            return (province, unit);
        }

        if (unit is null && labels.TryGetValue("unit", out var unitId))
        {
            unit = _inventory.FindUnit(unitId)?.Name;
        }

        if (province is null && labels.TryGetValue("province", out var provinceId))
        {
            province = _inventory.FindUnit(provinceId)?.Name;
        }

        return (province, unit);
    }
}
