using Bunit;
using Supervision.Core.Domain;
using Supervision.Dashboard.Components.Widgets;

namespace Supervision.Dashboard.Tests.Widgets;

public sealed class CommuneGridTests : BunitContext
{
    [Fact]
    public void every_commune_is_a_cell_coloured_by_its_status_and_linking_to_its_unit_view()
    {
        var statuses = new[] { TargetStatus.Up, TargetStatus.Degraded, TargetStatus.Down, TargetStatus.Unknown };
        var communes = Enumerable.Range(0, 168).Select(i => WidgetData.Commune((26000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), statuses[i % 4])).ToArray();
        var cut = Render<CommuneGrid>(p => p.Add(x => x.Communes, communes));

        var cells = cut.FindAll("[data-testid^=commune-2]");
        Assert.Equal(168, cells.Count);
        Assert.Equal(42, cut.FindAll(".cell.st-down").Count);
        Assert.Equal(42, cut.FindAll(".cell.st-degraded").Count);
        Assert.Equal(42, cut.FindAll(".cell.st-unknown").Count);
        Assert.Equal(42, cut.FindAll(".cell.st-up").Count);
        var down = cut.Find("[data-testid=commune-26002]");
        Assert.Equal("Down", down.GetAttribute("data-status"));
        Assert.Equal("/units/26002", down.GetAttribute("href"));
        Assert.Equal("26002/edoc: từ chối kết nối", down.GetAttribute("title"));
    }

    [Fact]
    public void the_grid_of_168_communes_is_wider_than_tall_so_it_fits_a_landscape_wall()
    {
        var communes = Enumerable.Range(0, 168).Select(i => WidgetData.Commune((26000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), TargetStatus.Up)).ToArray();
        var cut = Render<CommuneGrid>(p => p.Add(x => x.Communes, communes));
        var columns = cut.Instance.Columns;
        Assert.Equal(17, columns);
        Assert.Contains($"repeat({columns}, 1fr)", cut.Find("[data-testid=commune-grid]").GetAttribute("style"), StringComparison.Ordinal);
        Assert.True(columns > Math.Ceiling(168.0 / columns), "more columns than rows");
    }
}
