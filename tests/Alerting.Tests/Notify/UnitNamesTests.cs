using Supervision.Alerting.Notify;
using Supervision.Core.Domain;

namespace Supervision.Alerting.Tests.Notify;

public sealed class UnitNamesTests
{
    private static readonly Inventory Inventory = new(
        [
            new AdministrativeUnit("79", "Thành phố Hồ Chí Minh", "Thanh pho Ho Chi Minh", UnitLevel.Province, "79", "city"),
            new AdministrativeUnit("26737", "Phường Tân Định", "Phuong Tan Dinh", UnitLevel.Commune, "79", "ward"),
        ],
        []);

    [Fact]
    public void names_come_from_the_inventory_when_the_labels_carry_only_codes()
    {
        var names = new UnitNames(Inventory);
        Assert.Equal(("Thành phố Hồ Chí Minh", "Phường Tân Định"), names.Resolve(new Dictionary<string, string> { ["unit"] = "26737", ["province"] = "79" }));
    }

    [Fact]
    public void name_labels_set_by_the_engine_win_and_unknown_codes_give_no_name()
    {
        var names = new UnitNames(Inventory);
        Assert.Equal(("TP.HCM", "P. Tân Định"), names.Resolve(new Dictionary<string, string> { ["unit"] = "26737", ["province"] = "79", ["province_name"] = "TP.HCM", ["unit_name"] = "P. Tân Định" }));
        Assert.Equal(((string?)null, (string?)null), names.Resolve(new Dictionary<string, string> { ["unit"] = "99999", ["province"] = "99" }));
    }
}
