using Supervision.Core.Domain;
using Supervision.Core.InventoryFiles;
using Supervision.Testing;

namespace Supervision.Dashboard.Tests;

/// <summary>The national inventory, loaded once, for building ingest messages.</summary>
public static class TestInventory
{
    private static readonly Lazy<Inventory> National = new(() => InventoryLoader.LoadFile(RepoPaths.NationalInventory).Inventory!);

    public static Inventory Value => National.Value;

    public static IReadOnlyList<string> Communes(string province) => National.Value.CommunesOf(province).Select(c => c.Id).ToArray();

    public static IReadOnlyList<string> TargetsOf(string unit) => National.Value.TargetsOf(unit).Select(t => t.Id).ToArray();

    /// <summary>The fleet's targets: every target but the center's own (level Center), which no national figure counts.</summary>
    public static IEnumerable<string> FleetTargets() => National.Value.Targets.Where(t => t.Level != UnitLevel.Center).Select(t => t.Id);
}
