namespace Supervision.Dashboard.Summaries.Charts;

/// <summary>One row of a ranking chart: a unit and its share in the period and the period before.</summary>
/// <param name="Name">The unit's name, drawn left of its row.</param>
/// <param name="Current">The share in the period.</param>
/// <param name="Previous">The share in the period before, or null when it had none (then only the period's dot is drawn).</param>
public sealed record RankingEntry(string Name, double Current, double? Previous);

/// <summary>A laid-out row: its centre line and where its dots sit.</summary>
/// <param name="Row">The row's input.</param>
/// <param name="Y">Centre of the row.</param>
/// <param name="CurrentX">Centre of the period's dot.</param>
/// <param name="PreviousX">Centre of the previous period's dot, or null without one.</param>
public sealed record RankedLine(RankingEntry Row, double Y, double CurrentX, double? PreviousX);

/// <summary>
/// A ranking as a dot plot: one row per unit in the given order, the period's share a filled dot and the period before a
/// hollow dot on the same row, joined by a thin line so the change is seen. Dots rather than bars, because the axis is zoomed
/// on the values (shares of 80–95 % on a 0–100 axis all look alike) and a bar cut off above zero would lie about its length.
/// </summary>
/// <param name="Frame">The frame (its height grows with the rows).</param>
/// <param name="XTicks">Grid lines and their shares.</param>
/// <param name="Rows">The rows, top first.</param>
/// <param name="Scale">The x scale.</param>
public sealed record RankingDrawing(ChartFrame Frame, IReadOnlyList<(double X, double Value)> XTicks, IReadOnlyList<RankedLine> Rows, LinearScale Scale)
{
    /// <summary>Height of one row in user units: room for a 12-unit name and its dot.</summary>
    public const double RowHeight = 16;

    private const double Top = 8;

    // Room for the share ticks under the rows.
    private const double Bottom = 30;

    /// <summary>
    /// Lays out <paramref name="rows"/> (units without a share are for the caller to name) in a frame <paramref name="width"/>
    /// units wide, names in the left margin and the period's value in the right: 760 units across 190 mm of A4 draw the
    /// 12-unit text at about 8.5 pt and the 34 provinces in about 15 cm.
    /// </summary>
    public static RankingDrawing Build(IReadOnlyList<RankingEntry> rows, double width = 760)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var frame = new ChartFrame(width, Top + (rows.Count * RowHeight) + Bottom, 130, 64, Top, Bottom);
        var (min, max, ticks) = ChartGeometry.ShareDomain(rows.SelectMany(r => new[] { (double?)r.Current, r.Previous }));
        var x = new LinearScale(min, max, frame.PlotLeft, frame.PlotRight);
        var lines = rows.Select((r, i) => new RankedLine(r, frame.PlotTop + (RowHeight * (i + 0.5)),
            x.Map(r.Current), r.Previous is { } p ? x.Map(p) : null)).ToArray();
        return new RankingDrawing(frame, ticks.Select(t => (x.Map(t), t)).ToArray(), lines, x);
    }
}
