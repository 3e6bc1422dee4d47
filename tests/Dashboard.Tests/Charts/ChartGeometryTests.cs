using Supervision.Dashboard.Summaries.Charts;

namespace Supervision.Dashboard.Tests.Charts;

public sealed class ChartGeometryTests
{
    private static readonly ChartFrame Frame = ChartFrame.Standard;

    [Fact]
    public void a_linear_scale_maps_the_domain_onto_the_range_and_a_flat_domain_to_the_middle()
    {
        var y = new LinearScale(0, 100, 200, 40);
        Assert.Equal(200, y.Map(0));
        Assert.Equal(40, y.Map(100));
        Assert.Equal(120, y.Map(50));
        Assert.Equal(120, new LinearScale(5, 5, 200, 40).Map(5));
    }

    [Fact]
    public void a_count_axis_starts_at_zero_and_ends_on_a_round_tick_at_or_above_the_largest_value()
    {
        var (min, max, ticks) = ChartGeometry.CountDomain([1234, null, 870]);
        Assert.Equal(0, min);
        Assert.Equal(1500, max);
        Assert.Equal([0, 500, 1000, 1500], ticks);
        Assert.True(max >= 1234);
    }

    [Fact]
    public void a_count_axis_without_values_is_0_to_1_not_a_flat_zero_line()
    {
        Assert.Equal((0d, 1d), (ChartGeometry.CountDomain([null, null]).Min, ChartGeometry.CountDomain([null, null]).Max));
        Assert.Equal(1, ChartGeometry.CountDomain([0, 0]).Max);
    }

    [Fact]
    public void a_share_axis_zooms_on_the_values_but_stays_within_0_and_100_percent()
    {
        var (min, max, ticks) = ChartGeometry.ShareDomain([0.992, 0.998, 0.9955]);
        Assert.True(min <= 0.992 && min >= 0.97, $"min {min}");
        Assert.True(max >= 0.998 && max <= 1, $"max {max}");
        Assert.All(ticks, t => Assert.InRange(t, min, max));
        Assert.True(ticks.Count >= 2);

        var (lo, hi, _) = ChartGeometry.ShareDomain([0.02, 0.5]);
        Assert.True(lo >= 0 && lo <= 0.02 && hi >= 0.5 && hi <= 1);
    }

    [Fact]
    public void a_share_axis_of_one_value_still_spans_at_least_a_point()
    {
        var (min, max, _) = ChartGeometry.ShareDomain([1.0, 1.0]);
        Assert.True(max - min >= 0.01 - 1e-9, $"{min}–{max}");
        Assert.Equal(1, max);
    }

    [Fact]
    public void slots_share_the_plot_equally_and_bars_of_a_pair_sit_side_by_side_inside_their_slot()
    {
        Assert.Equal(Frame.PlotLeft + (ChartGeometry.SlotWidth(Frame, 4) / 2), ChartGeometry.SlotCentre(Frame, 0, 4), 6);
        Assert.Equal(Frame.PlotRight - (ChartGeometry.SlotWidth(Frame, 4) / 2), ChartGeometry.SlotCentre(Frame, 3, 4), 6);
        for (var i = 0; i < 4; i++)
        {
            var (previous, current, width) = ChartGeometry.BarPair(Frame, i, 4);
            var slotLeft = Frame.PlotLeft + (i * ChartGeometry.SlotWidth(Frame, 4));
            Assert.True(previous >= slotLeft && current + width <= slotLeft + ChartGeometry.SlotWidth(Frame, 4) + 1e-9);
            Assert.Equal(previous + width, current, 6);
        }
    }

    [Fact]
    public void a_line_breaks_at_a_missing_slot_instead_of_drawing_through_it_or_dropping_to_zero()
    {
        var y = new LinearScale(0, 10, 100, 0);
        var path = ChartGeometry.LinePath([1, 2, null, 4, 5], i => i * 10, y);
        Assert.Equal("M0 90 L10 80 M30 60 L40 50", path);
        Assert.DoesNotContain(" 100", path);
    }

    [Fact]
    public void a_value_between_two_gaps_is_isolated_and_a_gap_is_listed_as_missing()
    {
        double?[] values = [null, 3, null, 4, 5];
        Assert.Equal([1], ChartGeometry.Isolated(values));
        Assert.Equal([0, 2], ChartGeometry.Missing(values));
    }

    [Fact]
    public void the_last_slot_is_always_labelled_and_labels_are_thinned_to_the_maximum()
    {
        var labelled = ChartGeometry.LabelledSlots(30, 7);
        Assert.Contains(29, labelled);
        Assert.True(labelled.Count <= 7);
        Assert.Equal([0, 1, 2, 3], ChartGeometry.LabelledSlots(4, 7));
    }

    [Fact]
    public void a_line_drawing_has_both_periods_dots_for_weekly_points_and_a_gap_band_for_a_missing_week()
    {
        var spec = new ChartSpec("ontime", ChartKind.Line, new TrendSeries([0.9, null, 0.92, 0.95], [0.88, 0.89, 0.9, 0.91]), ["a", "b", "c", "d"], Share: true);
        var d = ChartDrawing.Build(spec, Frame);
        Assert.StartsWith("M", d.CurrentPath);
        Assert.Equal(2, d.CurrentPath.Split('M', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Single(d.PreviousPath.Split('M', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(3, d.Marks.Count(m => !m.Previous));
        Assert.Equal(4, d.Marks.Count(m => m.Previous));
        Assert.Equal([1], d.Gaps.Select(g => g.Slot));
        Assert.All(d.Marks, m => Assert.InRange(m.Y, Frame.PlotTop, Frame.PlotBottom));
        Assert.Equal(4, d.XTicks.Count);
    }

    [Fact]
    public void bars_start_at_the_axis_and_the_previous_period_is_drawn_beside_the_current()
    {
        var spec = new ChartSpec("overdue", ChartKind.Bars, new TrendSeries([100, 200, 300, 400], [150, 150, null, 500]), ["a", "b", "c", "d"], Share: false);
        var d = ChartDrawing.Build(spec, Frame);
        Assert.Equal(4, d.Marks.Count(m => !m.Previous));
        Assert.Equal(3, d.Marks.Count(m => m.Previous));
        Assert.All(d.Marks, m => Assert.Equal(Frame.PlotBottom, m.Y + m.Height, 6));
        var tallest = d.Marks.Single(m => m.Value == 500);
        Assert.True(tallest.Y >= Frame.PlotTop - 1e-9, "the axis covers the previous period's values too");
        foreach (var slot in new[] { 0, 1, 3 })
        {
            Assert.True(d.Marks.Single(m => m.Previous && m.Slot == slot).X < d.Marks.Single(m => !m.Previous && m.Slot == slot).X);
        }
    }
}
