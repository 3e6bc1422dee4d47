namespace Supervision.Simulator.Metrics;

/// <summary>
/// One system kind's metric families (docs/storage.md "Metric catalogue"): <see cref="Describe"/>
/// declares the series in order, <see cref="Compute"/> writes their values in the same order.
/// Every system also exposes <c>http_request_duration_seconds</c> for its own API.
/// </summary>
public abstract class SystemModel
{
    /// <summary>The system key.</summary>
    public abstract string System { get; }

    /// <summary>Declares the families of a target of this system at <paramref name="level"/>.</summary>
    public void Describe(LayoutBuilder builder, UnitLevel level)
    {
        ArgumentNullException.ThrowIfNull(builder);
        DescribeOwn(builder, level);
        builder.Summary("http_request_duration_seconds", "Latency of the system's own API requests.", "seconds", Distributions.Quantiles);
    }

    /// <summary>Writes the values, in the order <see cref="Describe"/> declared them.</summary>
    public void Compute(in ModelContext ctx, ref ValueSink sink)
    {
        ComputeOwn(ctx, ref sink);
        var median = ctx.Profile.LatencyBase;
        Distributions.Summary(ref sink, ctx.Count(3000), median, median * (0.9 + (0.2 * ctx.Noise(900))), 0.6, ctx.ExtraLatency);
    }

    /// <summary>The system's own families.</summary>
    protected abstract void DescribeOwn(LayoutBuilder builder, UnitLevel level);

    /// <summary>The system's own values.</summary>
    protected abstract void ComputeOwn(in ModelContext ctx, ref ValueSink sink);

    /// <summary>Label sets <c>name="v"</c> for each value.</summary>
    protected static string[] Labels(string name, IReadOnlyList<string> values)
    {
        var sets = new string[values.Count];
        for (var i = 0; i < sets.Length; i++)
        {
            sets[i] = name + "=\"" + values[i] + "\"";
        }

        return sets;
    }
}
