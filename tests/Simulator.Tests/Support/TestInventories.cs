using Supervision.Core.Domain;
using Supervision.Core.InventoryFiles;
using Supervision.Testing;

namespace Supervision.Simulator.Tests.Support;

/// <summary>Inventories for the tests: a small in-memory one, and the shipped national file (loaded once).</summary>
public static class TestInventories
{
    private static readonly Lazy<Inventory> NationalLazy = new(() =>
        InventoryLoader.LoadFile(RepoPaths.NationalInventory).Inventory
        ?? throw new InvalidOperationException("national inventory did not load"));

    /// <summary>The shipped national inventory.</summary>
    public static Inventory National => NationalLazy.Value;

    /// <summary>Central, two provinces (79 with 3 communes, 04 with 2), every catalogue system of each level.</summary>
    public static Inventory Small()
    {
        var units = new List<AdministrativeUnit>
        {
            new(AdministrativeUnit.CentralId, "Trung ương", "Trung uong", UnitLevel.Central, null, "agency"),
            new("79", "Hồ Chí Minh", "Ho Chi Minh", UnitLevel.Province, "79", "city"),
            new("04", "Cao Bằng", "Cao Bang", UnitLevel.Province, "04", "province"),
            new("26734", "Phường Sài Gòn", "Phuong Sai Gon", UnitLevel.Commune, "79", "ward"),
            new("26737", "Phường Tân Định", "Phuong Tan Dinh", UnitLevel.Commune, "79", "ward"),
            new("26740", "Phường Bến Thành", "Phuong Ben Thanh", UnitLevel.Commune, "79", "ward"),
            new("01273", "Phường Thục Phán", "Phuong Thuc Phan", UnitLevel.Commune, "04", "ward"),
            new("01279", "Phường Nùng Trí Cao", "Phuong Nung Tri Cao", UnitLevel.Commune, "04", "ward"),
        };
        var targets = new List<Target>();
        foreach (var u in units)
        {
            foreach (var system in SystemCatalogue.DefaultsFor(u.Level))
            {
                targets.Add(new Target(u.Id, system, u.ProvinceCode, u.Level, new Uri($"http://127.0.0.1:9100/t/{u.Id}/{system}"), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10)));
            }
        }

        return new Inventory(units, targets);
    }
}
