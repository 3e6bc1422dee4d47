namespace Supervision.Simulator.Metrics;

/// <summary>Histogram and summary values from a fixed log-normal latency distribution per target.</summary>
internal static class Distributions
{
    private static readonly double[] Z = [0.0, 1.2816, 2.3263];

    /// <summary>
    /// Writes cumulative buckets, +Inf, count and sum for <paramref name="count"/> observations.
    /// Each bucket is floor(count × CDF(le)): non-decreasing in le and, because the distribution is fixed
    /// and count only grows, non-decreasing in time, as Prometheus requires of histogram buckets.
    /// </summary>
    public static void Histogram(ref ValueSink sink, ReadOnlySpan<double> bounds, double count, double median, double sigma)
    {
        foreach (var le in bounds)
        {
            sink.Add(Math.Floor(count * LogNormalCdf(le, median, sigma)));
        }

        sink.Add(count);
        sink.Add(count);
        sink.Add(Math.Round(count * median * Math.Exp(sigma * sigma / 2), 3));
    }

    /// <summary>
    /// Writes the 0.5/0.9/0.99 quantiles (around <paramref name="currentMedian"/>, which may wander), count,
    /// and sum (count × the fixed mean of <paramref name="median"/>, so it never decreases).
    /// </summary>
    public static void Summary(ref ValueSink sink, double count, double median, double currentMedian, double sigma, double extra)
    {
        foreach (var z in Z)
        {
            sink.AddRounded((currentMedian * Math.Exp(sigma * z)) + extra);
        }

        sink.Add(count);
        sink.Add(Math.Round(count * median * Math.Exp(sigma * sigma / 2), 3));
    }

    /// <summary>The quantiles <see cref="Summary"/> writes.</summary>
    public static IReadOnlyList<double> Quantiles { get; } = [0.5, 0.9, 0.99];

    private static double LogNormalCdf(double x, double median, double sigma) =>
        x <= 0 ? 0 : 0.5 * (1 + Erf(Math.Log(x / median) / (sigma * Math.Sqrt(2))));

    // Abramowitz and Stegun 7.1.26: |error| < 1.5e-7, plenty for bucket counts.
    private static double Erf(double x)
    {
        var sign = x < 0 ? -1 : 1;
        x = Math.Abs(x);
        var t = 1 / (1 + (0.3275911 * x));
        var poly = ((((((((1.061405429 * t) - 1.453152027) * t) + 1.421413741) * t) - 0.284496736) * t) + 0.254829592) * t;
        var y = 1 - (poly * Math.Exp(-x * x));
        return sign * y;
    }
}
