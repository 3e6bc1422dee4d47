using Bunit;
using Supervision.Core.Domain;
using Supervision.Dashboard.Components.Widgets;

namespace Supervision.Dashboard.Tests.Widgets;

public sealed class ProvinceTileTests : BunitContext
{
    [Theory]
    [InlineData(TargetStatus.Up, "st-up")]
    [InlineData(TargetStatus.Degraded, "st-degraded")]
    [InlineData(TargetStatus.Down, "st-down")]
    [InlineData(TargetStatus.Unknown, "st-unknown")]
    public void a_tile_is_coloured_by_its_status(TargetStatus status, string css)
    {
        var cut = Render<ProvinceTile>(p => p.Add(x => x.Province, WidgetData.Province(status: status)));
        var tile = cut.Find("[data-testid=province-79]");
        Assert.Contains(css, tile.ClassList);
        Assert.Equal(status.ToString(), tile.GetAttribute("data-status"));
        Assert.Single(tile.ClassList, c => c.StartsWith("st-", StringComparison.Ordinal));
    }

    [Fact]
    public void a_tile_counts_communes_down_and_degraded_and_links_to_its_province()
    {
        var cut = Render<ProvinceTile>(p => p.Add(x => x.Province, WidgetData.Province(status: TargetStatus.Degraded, down: 7, degraded: 12)));
        Assert.Equal("▼7", cut.Find(".c-down").TextContent);
        Assert.Equal("◆12", cut.Find(".c-degraded").TextContent);
        Assert.Equal("/provinces/79", cut.Find("a").GetAttribute("href"));
    }

    [Fact]
    public void a_stale_tile_says_stale_instead_of_counts_so_old_data_never_looks_fine()
    {
        var cut = Render<ProvinceTile>(p => p.Add(x => x.Province, WidgetData.Province(status: TargetStatus.Up, stale: true, down: 3)));
        var tile = cut.Find("[data-testid=province-79]");
        Assert.Contains("stale", tile.ClassList);
        Assert.Equal("true", tile.GetAttribute("data-stale"));
        Assert.Equal("MẤT DỮ LIỆU", cut.Find(".stale-label").TextContent);
        Assert.Empty(cut.FindAll(".c-down"));
    }

    [Fact]
    public void english_labels_and_links_keep_the_language()
    {
        var cut = Render<ProvinceTile>(p => p.Add(x => x.Province, WidgetData.Province(stale: true)).Add(x => x.English, true));
        Assert.Equal("STALE", cut.Find(".stale-label").TextContent);
        Assert.Equal("/provinces/79?lang=en", cut.Find("a").GetAttribute("href"));
    }
}
