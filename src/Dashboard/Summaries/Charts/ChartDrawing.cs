namespace Supervision.Dashboard.Summaries.Charts;

/// <summary>How a chart draws its series.</summary>
public enum ChartKind
{
    /// <summary>Lines: the current period solid, the previous dashed (shares over days or weeks).</summary>
    Line,

    /// <summary>Bars side by side per slot: the previous period hollow, the current filled (counts, read from 0).</summary>
    Bars,
}

/// <summary>What a chart shows, before any geometry.</summary>
/// <param name="Key">Short id (data-testid <c>chart-{Key}</c>, SVG ids).</param>
/// <param name="Kind">Lines or bars.</param>
/// <param name="Series">The values, current and previous period.</param>
/// <param name="SlotLabels">The x label of each slot of the current period.</param>
/// <param name="Share">True for shares (0–1, percent axis zoomed on the values), false for counts (axis from 0).</param>
public sealed record ChartSpec(string Key, ChartKind Kind, TrendSeries Series, IReadOnlyList<string> SlotLabels, bool Share);

/// <summary>A value mark: a dot of a line or a bar, with the text of its tooltip.</summary>
/// <param name="X">Left (bar) or centre (dot).</param>
/// <param name="Y">Top (bar) or centre (dot).</param>
/// <param name="Width">Bar width (0 for a dot).</param>
/// <param name="Height">Bar height (0 for a dot).</param>
/// <param name="Slot">Slot index.</param>
/// <param name="Value">The value.</param>
/// <param name="Previous">True for the previous period's mark.</param>
public sealed record ChartMark(double X, double Y, double Width, double Height, int Slot, double Value, bool Previous);

/// <summary>A slot of the current period without a value: a hatched band, so the gap is seen and explained.</summary>
/// <param name="X">Left.</param>
/// <param name="Width">Width.</param>
/// <param name="Slot">Slot index.</param>
public sealed record ChartGap(double X, double Width, int Slot);

/// <summary>Everything a chart's SVG needs, computed from a <see cref="ChartSpec"/> in a <see cref="ChartFrame"/>.</summary>
/// <param name="Frame">The frame.</param>
/// <param name="YTicks">Grid lines and their values (labels are formatted by the caller).</param>
/// <param name="XTicks">Labelled slots.</param>
/// <param name="CurrentPath">Line path of the current period (lines only).</param>
/// <param name="PreviousPath">Line path of the previous period (lines only).</param>
/// <param name="Marks">Dots or bars.</param>
/// <param name="Gaps">Current slots without a value.</param>
/// <param name="Scale">The y scale.</param>
public sealed record ChartDrawing(
    ChartFrame Frame,
    IReadOnlyList<(double Y, double Value)> YTicks,
    IReadOnlyList<AxisTick> XTicks,
    string CurrentPath,
    string PreviousPath,
    IReadOnlyList<ChartMark> Marks,
    IReadOnlyList<ChartGap> Gaps,
    LinearScale Scale)
{
    /// <summary>The most x labels the standard frame holds without crowding (about 70 units each).</summary>
    public const int MaxXLabels = 7;

    /// <summary>Lays out <paramref name="spec"/> in <paramref name="frame"/>.</summary>
    public static ChartDrawing Build(ChartSpec spec, ChartFrame frame)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(frame);
        var current = spec.Series.Current;
        var previous = spec.Series.Previous;
        var count = current.Count;
        var all = current.Concat(previous);
        var (min, max, ticks) = spec.Share ? ChartGeometry.ShareDomain(all) : ChartGeometry.CountDomain(all);
        var y = ChartGeometry.YScale(frame, min, max);
        var yTicks = ticks.Select(t => (y.Map(t), t)).ToArray();
        var xTicks = ChartGeometry.LabelledSlots(count, MaxXLabels)
            .Select(i => new AxisTick(ChartGeometry.SlotCentre(frame, i, count), i < spec.SlotLabels.Count ? spec.SlotLabels[i] : string.Empty)).ToArray();
        var marks = new List<ChartMark>();
        var gaps = ChartGeometry.Missing(current)
            .Select(i => new ChartGap(frame.PlotLeft + (ChartGeometry.SlotWidth(frame, count) * i), ChartGeometry.SlotWidth(frame, count), i)).ToArray();
        string currentPath = string.Empty, previousPath = string.Empty;
        if (spec.Kind == ChartKind.Line)
        {
            double X(int i) => ChartGeometry.SlotCentre(frame, i, count);
            currentPath = ChartGeometry.LinePath(current, X, y);
            previousPath = ChartGeometry.LinePath(previous, X, y);

            // Dots: every weekly point (few), and on daily lines the points a line cannot show (isolated) and the last one.
            var dotted = count <= 8 ? Enumerable.Range(0, count) : ChartGeometry.Isolated(current).Append(LastPresent(current)).Where(i => i >= 0).Distinct();
            foreach (var i in dotted)
            {
                if (current[i] is { } v)
                {
                    marks.Add(new ChartMark(X(i), y.Map(v), 0, 0, i, v, false));
                }
            }

            var previousDots = count <= 8 ? Enumerable.Range(0, Math.Min(count, previous.Count)) : ChartGeometry.Isolated(previous);
            foreach (var i in previousDots)
            {
                if (previous[i] is { } v)
                {
                    marks.Add(new ChartMark(X(i), y.Map(v), 0, 0, i, v, true));
                }
            }
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                var (px, cx, w) = ChartGeometry.BarPair(frame, i, count);
                if (i < previous.Count && previous[i] is { } p)
                {
                    marks.Add(new ChartMark(px, y.Map(p), w, frame.PlotBottom - y.Map(p), i, p, true));
                }

                if (current[i] is { } c)
                {
                    marks.Add(new ChartMark(cx, y.Map(c), w, frame.PlotBottom - y.Map(c), i, c, false));
                }
            }
        }

        return new ChartDrawing(frame, yTicks, xTicks, currentPath, previousPath, marks, gaps, y);
    }

    private static int LastPresent(IReadOnlyList<double?> values)
    {
        for (var i = values.Count - 1; i >= 0; i--)
        {
            if (values[i] is not null)
            {
                return i;
            }
        }

        return -1;
    }
}
