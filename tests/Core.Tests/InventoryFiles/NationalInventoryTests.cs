using Supervision.Core.Domain;
using Supervision.Core.InventoryFiles;
using Supervision.Testing;

namespace Supervision.Core.Tests.InventoryFiles;

public sealed class NationalInventoryTests
{
    private static readonly Lazy<Inventory> National = new(() =>
    {
        var result = InventoryLoader.LoadFile(RepoPaths.NationalInventory);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Errors));
        return result.Inventory!;
    });

    [Fact]
    public void the_default_inventory_has_34_provinces_and_3321_communes()
    {
        var units = National.Value.Units;
        Assert.Equal(34, units.Count(u => u.Level == UnitLevel.Province));
        Assert.Equal(3321, units.Count(u => u.Level == UnitLevel.Commune));
        Assert.Single(units, u => u.Level == UnitLevel.Central);
    }

    [Fact]
    public void every_province_and_commune_of_the_official_tables_is_in_it_with_its_code_and_name()
    {
        var provinces = File.ReadAllLines(Path.Combine(RepoPaths.SharedData, "vn-provinces-2025.csv")).Skip(1)
            .Select(l => l.Split(',')).ToArray();
        var communes = File.ReadAllLines(Path.Combine(RepoPaths.SharedData, "vn-communes-2025.csv")).Skip(1)
            .Select(l => l.Split(',')).ToArray();

        foreach (var p in provinces)
        {
            var unit = National.Value.FindUnit(p[0]);
            Assert.NotNull(unit);
            Assert.Equal(p[1], unit.Name);
            Assert.Equal(UnitLevel.Province, unit.Level);
            Assert.Equal(int.Parse(p[9], System.Globalization.CultureInfo.InvariantCulture), National.Value.CommunesOf(p[0]).Count);
        }

        foreach (var c in communes)
        {
            var unit = National.Value.FindUnit(c[1]);
            Assert.NotNull(unit);
            Assert.Equal(c[2], unit.Name);
            Assert.Equal(c[0], unit.ProvinceCode);
            Assert.Equal(c[4], unit.Kind);
        }
    }

    [Fact]
    public void ho_chi_minh_city_has_168_communes_including_phuong_tan_dinh()
    {
        var hcm = National.Value.CommunesOf("79");
        Assert.Equal(168, hcm.Count);
        Assert.Contains(hcm, u => u.Id == "26737" && u.Name == "Phường Tân Định");
    }

    [Fact]
    public void each_level_runs_the_catalogue_systems_of_its_level_at_the_simulator()
    {
        var inventory = National.Value;
        Assert.Equal(["edoc", "portal", "opsmgmt", "meeting", "handbook"], inventory.TargetsOf("central").Select(t => t.System));
        Assert.Equal(7, inventory.TargetsOf("79").Count);
        Assert.Equal(["edoc", "dossier", "opsmgmt", "network"], inventory.TargetsOf("26737").Select(t => t.System));

        var target = inventory.FindTarget("26737/edoc")!;
        Assert.Equal("79", target.ProvinceCode);
        Assert.Equal(new Uri("http://127.0.0.1:9100/t/26737/edoc/metrics"), target.MetricsUrl);
        Assert.Equal(TimeSpan.FromSeconds(15), target.Interval);
        Assert.Equal(TimeSpan.FromSeconds(10), target.Timeout);
        Assert.Equal(5 + (34 * 7) + (3321 * 4) + 4, inventory.Targets.Count);
    }

    [Fact]
    public void the_center_itself_is_a_unit_whose_own_parts_are_targets_outside_the_fleet()
    {
        var inventory = National.Value;
        var center = inventory.FindUnit(AdministrativeUnit.CenterId)!;
        Assert.Equal((UnitLevel.Center, null as string), (center.Level, center.ProvinceCode));
        Assert.Equal(["collector", "alerting", "dashboard", "influxdb"], inventory.TargetsOf("center").Select(t => t.System));
        var influx = inventory.FindTarget("center/influxdb")!;
        Assert.Equal(new Uri("http://127.0.0.1:8086/debug/vars"), influx.MetricsUrl);
        Assert.Equal(new Uri("http://127.0.0.1:8086/ping"), influx.HealthUrl);
        Assert.Equal(new Uri("http://127.0.0.1:9200/healthz"), inventory.FindTarget("center/collector")!.HealthUrl);

        // The fleet a simulator serves leaves the center out.
        var fleet = inventory.WithoutCenter();
        Assert.Equal(inventory.Targets.Count - 4, fleet.Targets.Count);
        Assert.Null(fleet.FindUnit("center"));
    }
}
