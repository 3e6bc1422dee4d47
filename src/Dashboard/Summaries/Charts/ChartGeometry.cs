namespace Supervision.Dashboard.Summaries.Charts;

/// <summary>Maps a value domain onto a pixel range (y grows downwards in SVG, so a y scale maps max to the top).</summary>
/// <param name="DomainMin">Value drawn at <paramref name="RangeMin"/>.</param>
/// <param name="DomainMax">Value drawn at <paramref name="RangeMax"/>.</param>
/// <param name="RangeMin">Pixel of the domain's minimum.</param>
/// <param name="RangeMax">Pixel of the domain's maximum.</param>
public readonly record struct LinearScale(double DomainMin, double DomainMax, double RangeMin, double RangeMax)
{
    /// <summary>The pixel of <paramref name="value"/>; a flat domain maps everything to the middle.</summary>
    public double Map(double value) => DomainMax == DomainMin
        ? (RangeMin + RangeMax) / 2
        : RangeMin + ((value - DomainMin) * (RangeMax - RangeMin) / (DomainMax - DomainMin));
}

/// <summary>A tick on an axis: its pixel and its label.</summary>
/// <param name="Position">Pixel along the axis.</param>
/// <param name="Label">Text.</param>
public readonly record struct AxisTick(double Position, string Label);

/// <summary>The drawing area of a chart in SVG user units: the whole box and the plot inside its margins.</summary>
/// <param name="Width">viewBox width.</param>
/// <param name="Height">viewBox height.</param>
/// <param name="Left">Margin for the y labels.</param>
/// <param name="Right">Right margin.</param>
/// <param name="Top">Margin for the legend.</param>
/// <param name="Bottom">Margin for the x labels.</param>
public sealed record ChartFrame(double Width, double Height, double Left, double Right, double Top, double Bottom)
{
    /// <summary>The frame of the summary pages' charts (drawn at about 660 px wide on a desk screen, 190 mm on A4).</summary>
    public static ChartFrame Standard { get; } = new(560, 250, 58, 14, 34, 42);

    /// <summary>Left edge of the plot.</summary>
    public double PlotLeft => Left;

    /// <summary>Right edge of the plot.</summary>
    public double PlotRight => Width - Right;

    /// <summary>Top of the plot.</summary>
    public double PlotTop => Top;

    /// <summary>Bottom of the plot (the x axis).</summary>
    public double PlotBottom => Height - Bottom;
}

/// <summary>
/// The arithmetic of the summary charts, kept apart from the markup so it is tested on its own: value domains with
/// readable ticks, where each slot sits, lines broken at missing slots (never drawn through a gap, never as 0), bars
/// side by side. Everything is in SVG user units of a <see cref="ChartFrame"/>.
/// </summary>
public static class ChartGeometry
{
    private static readonly double[] Steps = [1, 2, 2.5, 5, 10];

    /// <summary>
    /// A domain and ticks for counts: from 0 (bars and backlogs are read against zero) to a round value at or above the
    /// largest, about <paramref name="ticks"/> steps of 1, 2, 2.5 or 5 × 10ⁿ. No value at all gives 0–1.
    /// </summary>
    public static (double Min, double Max, IReadOnlyList<double> Ticks) CountDomain(IEnumerable<double?> values, int ticks = 4)
    {
        var max = values.Where(v => v is not null).Select(v => v!.Value).DefaultIfEmpty(0).Max();
        if (max <= 0)
        {
            return (0, 1, [0, 1]);
        }

        var step = NiceStep(max / ticks);
        var top = Math.Ceiling(max / step) * step;
        return (0, top, Range(0, top, step));
    }

    /// <summary>
    /// A domain and ticks for shares (0–1) shown as percentages: zoomed on the values (a line of 99.2–99.9 % on a 0–100 axis
    /// is flat), padded by a step, never above 100 % nor below 0, with at least a 1-point span so noise does not look like a cliff.
    /// </summary>
    public static (double Min, double Max, IReadOnlyList<double> Ticks) ShareDomain(IEnumerable<double?> values, int ticks = 4)
    {
        var present = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        if (present.Count == 0)
        {
            return (0, 1, Range(0, 1, 0.25));
        }

        var (lo, hi) = (present.Min(), present.Max());
        var span = Math.Max(hi - lo, 0.01);
        var step = NiceStep(span / ticks);
        var min = Math.Max(0, Math.Floor(lo / step) * step);
        var max = Math.Min(1, Math.Ceiling(hi / step) * step);
        if (max - min < span - 1e-12)
        {
            // Widen to the span around the values, kept inside 0–100 %.
            var width = Math.Ceiling((span / step) - 1e-9) * step;
            min = Math.Max(0, Math.Floor((((lo + hi) / 2) - (width / 2)) / step) * step);
            max = Math.Min(1, min + width);
            min = Math.Max(0, Math.Min(min, max - width));
        }

        return (min, max, Range(min, max, step));
    }

    /// <summary>The x of the centre of slot <paramref name="index"/> of <paramref name="count"/> (slots share the plot's width equally).</summary>
    public static double SlotCentre(ChartFrame frame, int index, int count)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var width = (frame.PlotRight - frame.PlotLeft) / count;
        return frame.PlotLeft + (width * (index + 0.5));
    }

    /// <summary>The width of one slot.</summary>
    public static double SlotWidth(ChartFrame frame, int count)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return (frame.PlotRight - frame.PlotLeft) / count;
    }

    /// <summary>The y scale of a frame for a domain (the domain's minimum on the x axis).</summary>
    public static LinearScale YScale(ChartFrame frame, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return new LinearScale(min, max, frame.PlotBottom, frame.PlotTop);
    }

    /// <summary>
    /// The SVG path data of a line through the slots' values, one sub-path per run of present values (<c>M … L …</c>): a
    /// missing slot breaks the line. A run of one value is a point the caller draws as a dot (see <see cref="Isolated"/>).
    /// </summary>
    public static string LinePath(IReadOnlyList<double?> values, Func<int, double> x, LinearScale y)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(x);
        var path = new StringBuilder();
        var drawing = false;
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not { } v)
            {
                drawing = false;
                continue;
            }

            path.Append(drawing ? " L" : (path.Length > 0 ? " M" : "M")).Append(Number(x(i))).Append(' ').Append(Number(y.Map(v)));
            drawing = true;
        }

        return path.ToString();
    }

    /// <summary>Slots whose value has no present neighbour: a line cannot show them, a dot must.</summary>
    public static IReadOnlyList<int> Isolated(IReadOnlyList<double?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var isolated = new List<int>();
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not null && (i == 0 || values[i - 1] is null) && (i == values.Count - 1 || values[i + 1] is null))
            {
                isolated.Add(i);
            }
        }

        return isolated;
    }

    /// <summary>The slots without a value: drawn as a marked gap with the reason, never as 0.</summary>
    public static IReadOnlyList<int> Missing(IReadOnlyList<double?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Enumerable.Range(0, values.Count).Where(i => values[i] is null).ToArray();
    }

    /// <summary>
    /// Two bars side by side in a slot, the previous period's on the left: x and width of each, leaving a quarter of the
    /// slot as the gap between slots.
    /// </summary>
    public static (double PreviousX, double CurrentX, double Width) BarPair(ChartFrame frame, int index, int count)
    {
        var slot = SlotWidth(frame, count);
        var width = slot * 0.375;
        var left = frame.PlotLeft + (slot * index) + (slot * 0.125);
        return (left, left + width, width);
    }

    /// <summary>Indexes of the slots to label on an axis of <paramref name="count"/> slots, at most <paramref name="max"/>, always the last.</summary>
    public static IReadOnlyList<int> LabelledSlots(int count, int max)
    {
        if (count <= max)
        {
            return Enumerable.Range(0, count).ToArray();
        }

        var every = (int)Math.Ceiling(count / (double)max);
        return Enumerable.Range(0, count).Where(i => (count - 1 - i) % every == 0).ToArray();
    }

    /// <summary>A coordinate for SVG: invariant, two decimals at most.</summary>
    public static string Number(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private static double NiceStep(double raw)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var s in Steps)
        {
            if (s * magnitude >= raw - 1e-12)
            {
                return s * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static double[] Range(double min, double max, double step)
    {
        var ticks = new List<double>();
        for (var v = min; v <= max + (step / 1000); v += step)
        {
            ticks.Add(Math.Round(v, 10));
        }

        return [.. ticks];
    }
}
