using Bunit;
using Supervision.Core.Domain;
using Supervision.Dashboard.Components.Widgets;

namespace Supervision.Dashboard.Tests.Widgets;

public sealed class PanelWidgetTests : BunitContext
{
    [Fact]
    public void a_stat_shows_its_value_and_unit_in_vietnamese_format_coloured_by_status()
    {
        var cut = Render<StatPanel>(p => p.Add(x => x.Id, "availability").Add(x => x.Title, "Sẵn sàng").Add(x => x.Value, 97.26).Add(x => x.Unit, "%").Add(x => x.Status, TargetStatus.Degraded));
        var stat = cut.Find("[data-testid=stat-availability]");
        Assert.Contains("st-degraded", stat.ClassList);
        Assert.Equal("97,3%", cut.Find(".stat-v").TextContent);
    }

    [Fact]
    public void a_stat_without_value_shows_a_dash_and_the_reason()
    {
        var cut = Render<StatPanel>(p => p.Add(x => x.Id, "x").Add(x => x.Title, "X").Add(x => x.Error, "InfluxDB unreachable"));
        Assert.Equal("—", cut.Find(".stat-v").TextContent);
        Assert.Equal("InfluxDB unreachable", cut.Find("[data-testid=stat-x]").GetAttribute("title"));
        Assert.Contains("st-unknown", cut.Find("[data-testid=stat-x]").ClassList);
    }

    [Fact]
    public void a_sparkline_scales_the_series_to_its_box_and_shows_the_last_value()
    {
        var cut = Render<Sparkline>(p => p.Add(x => x.Id, "s").Add(x => x.Values, new double[] { 10, 20, 15 }));
        Assert.Equal("0,28 50,2 100,15", cut.Find("polyline").GetAttribute("points")!.Trim());
        Assert.Equal("15", cut.Find(".spark-last").TextContent);
    }

    [Fact]
    public void a_ranking_lists_rows_in_order_with_bars_relative_to_the_largest()
    {
        var rows = new[] { new RankingRow("79", "HCM", 20, TargetStatus.Down), new RankingRow("01", "Hà Nội", 5, TargetStatus.Degraded) };
        var cut = Render<RankingList>(p => p.Add(x => x.Id, "r").Add(x => x.Rows, rows));
        var items = cut.FindAll(".rank-row");
        Assert.Equal(["rank-r-79", "rank-r-01"], items.Select(i => i.GetAttribute("data-testid")));
        Assert.Contains("width:100%", cut.Find("[data-testid=rank-r-79] .rank-bar span").GetAttribute("style"), StringComparison.Ordinal);
        Assert.Contains("width:25%", cut.Find("[data-testid=rank-r-01] .rank-bar span").GetAttribute("style"), StringComparison.Ordinal);
        Assert.Contains("st-down", cut.Find("[data-testid=rank-r-79] .rank-bar span").ClassList);
    }

    [Fact]
    public void the_live_indicator_says_stale_since_in_vietnam_time()
    {
        var cut = Render<LiveIndicator>(p => p.Add(x => x.Stale, true).Add(x => x.LastDataAt, WidgetData.Now));
        Assert.Equal("stale", cut.Find("[data-testid=live-indicator]").GetAttribute("data-state"));
        Assert.Contains("DỮ LIỆU CŨ từ 09:00", cut.Markup, StringComparison.Ordinal);
    }
}
