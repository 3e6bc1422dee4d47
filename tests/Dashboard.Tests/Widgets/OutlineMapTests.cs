using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Core.Domain;
using Supervision.Dashboard.Components.Widgets;
using Supervision.Dashboard.Configuration;
using Supervision.Dashboard.Live;

namespace Supervision.Dashboard.Tests.Widgets;

public sealed class OutlineMapTests : BunitContext
{
    // Every province of the national inventory, Up unless named.
    private static ProvinceSummary[] Inventory(string? code = null, TargetStatus status = TargetStatus.Up, bool stale = false, int down = 0) =>
        TestInventory.Value.Provinces
            .Select(p => p.Id == code ? WidgetData.Province(p.Id, status, stale, down) with { Name = p.Name } : WidgetData.Province(p.Id) with { Name = p.Name })
            .ToArray();

    [Fact]
    public void every_province_of_the_inventory_has_an_outline_and_hoang_sa_and_truong_sa_are_drawn_and_labelled()
    {
        var provinces = Inventory();
        Assert.Equal(34, provinces.Length);
        var cut = Render<OutlineMap>(p => p.Add(x => x.Provinces, provinces));

        Assert.Equal(34, cut.FindAll("[data-testid^=province-]").Count);
        foreach (var province in provinces)
        {
            var path = cut.Find($"[data-testid=province-{province.Code}] path");
            Assert.StartsWith("M", path.GetAttribute("d"), StringComparison.Ordinal);
            Assert.Equal(province.Name, cut.Find($"[data-testid=label-{province.Code}] .pname").TextContent);
        }

        var hoangSa = cut.Find("[data-testid=archipelago-48]");
        Assert.Equal("Quần đảo Hoàng Sa (Đà Nẵng)", hoangSa.QuerySelector(".arch-name")!.TextContent);
        Assert.NotEmpty(hoangSa.QuerySelectorAll(".island"));
        var truongSa = cut.Find("[data-testid=archipelago-56]");
        Assert.Equal("Quần đảo Trường Sa (Khánh Hòa)", truongSa.QuerySelector(".arch-name")!.TextContent);
        Assert.NotEmpty(truongSa.QuerySelectorAll(".island"));
        Assert.Contains("geoBoundaries", cut.Find(".attribution").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void a_down_province_is_drawn_with_the_down_class_and_its_label_counts_communes_like_a_tile()
    {
        var cut = Render<OutlineMap>(p => p.Add(x => x.Provinces, Inventory("04", TargetStatus.Down, down: 7)));

        var province = cut.Find("[data-testid=province-04]");
        Assert.Contains("st-down", province.ClassList);
        Assert.Single(province.ClassList, c => c.StartsWith("st-", StringComparison.Ordinal));
        Assert.Equal("Down", province.GetAttribute("data-status"));
        Assert.Contains("st-down", cut.Find("[data-testid=label-04]").ClassList);
        Assert.StartsWith("▼7", cut.Find("[data-testid=label-04] .c-down").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("st-up", cut.Find("[data-testid=province-79]").ClassList);
        Assert.Equal("/provinces/04", province.GetAttribute("href"));
    }

    [Fact]
    public void a_stale_province_is_striped_and_says_stale_and_the_archipelagos_take_their_provinces_colour()
    {
        var provinces = Inventory("48", TargetStatus.Up, stale: true);
        var cut = Render<OutlineMap>(p => p.Add(x => x.Provinces, provinces).Add(x => x.English, true));

        var province = cut.Find("[data-testid=province-48]");
        Assert.Contains("stale", province.ClassList);
        Assert.Equal("true", province.GetAttribute("data-stale"));
        Assert.Equal("STALE", cut.Find("[data-testid=label-48] .stale-label").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=label-48] .c-down"));
        Assert.Contains("stale", cut.Find("[data-testid=archipelago-48]").ClassList);
        Assert.Equal("/provinces/48?lang=en", province.GetAttribute("href"));
        Assert.Equal("Hoàng Sa archipelago (Đà Nẵng)", cut.Find("[data-testid=archipelago-48] .arch-name").TextContent);
    }

    [Theory]
    [InlineData(MapStyle.Outline, "svg.vnmap", "outline")]
    [InlineData(MapStyle.Tiles, ".tile", "tiles")]
    public void the_wall_draws_outlines_by_default_and_the_tiles_when_configured(MapStyle style, string selector, string attribute)
    {
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new DashboardOptions { Wallboard = new WallboardOptions { MapStyle = style } }));
        var cut = Render<NationalMap>(p => p.Add(x => x.Provinces, Inventory()));
        Assert.Equal(attribute, cut.Find("[data-testid=national-map]").GetAttribute("data-map-style"));
        Assert.NotEmpty(cut.FindAll(selector));
        Assert.Equal(34, cut.FindAll("[data-testid^=province-]").Count);
    }

    [Fact]
    public void a_map_style_that_is_not_outline_or_tiles_stops_the_start_naming_the_setting()
    {
        var options = new DashboardOptions { Wallboard = new WallboardOptions { MapStyle = (MapStyle)7 } };
        var result = new DashboardOptionsValidator().Validate(null, options);
        Assert.Contains(result.Failures!, f => f.StartsWith("Dashboard:Wallboard:MapStyle: '7' is not one of Outline, Tiles", StringComparison.Ordinal));
    }
}
