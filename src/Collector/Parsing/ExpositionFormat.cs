namespace Supervision.Collector.Parsing;

/// <summary>The two text exposition formats the collector reads.</summary>
public enum ExpositionFormat
{
    /// <summary>Prometheus text format 0.0.4 (<c>text/plain; version=0.0.4</c>).</summary>
    PrometheusText,

    /// <summary>OpenMetrics 1.0 text (<c>application/openmetrics-text; version=1.0.0</c>).</summary>
    OpenMetrics,
}

/// <summary>The type a family declares with <c># TYPE</c>.</summary>
public enum MetricType
{
    /// <summary>No TYPE line (Prometheus <c>untyped</c>, OpenMetrics <c>unknown</c>).</summary>
    Unknown,

    /// <summary>A monotonic counter.</summary>
    Counter,

    /// <summary>A gauge.</summary>
    Gauge,

    /// <summary>A cumulative histogram (<c>_bucket</c>, <c>_sum</c>, <c>_count</c>).</summary>
    Histogram,

    /// <summary>An OpenMetrics gauge histogram (<c>_bucket</c>, <c>_gsum</c>, <c>_gcount</c>).</summary>
    GaugeHistogram,

    /// <summary>A summary (quantiles, <c>_sum</c>, <c>_count</c>).</summary>
    Summary,

    /// <summary>An OpenMetrics info family (<c>_info</c>).</summary>
    Info,

    /// <summary>An OpenMetrics state set.</summary>
    StateSet,
}

/// <summary>Chooses the format of a body.</summary>
public static class ExpositionFormatDetector
{
    /// <summary>By HTTP Content-Type: OpenMetrics for <c>application/openmetrics-text</c>, else Prometheus text.</summary>
    public static ExpositionFormat FromContentType(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/openmetrics-text", StringComparison.OrdinalIgnoreCase)
            ? ExpositionFormat.OpenMetrics
            : ExpositionFormat.PrometheusText;

    /// <summary>
    /// By content: OpenMetrics when the body ends with <c># EOF</c> or uses a construct only OpenMetrics has
    /// (<c># UNIT</c>, the types info, stateset, gaugehistogram, unknown); Prometheus text otherwise.
    /// </summary>
    public static ExpositionFormat FromContent(ReadOnlySpan<char> text)
    {
        var trimmed = text.TrimEnd("\n\r");
        if (trimmed.EndsWith("# EOF", StringComparison.Ordinal))
        {
            return ExpositionFormat.OpenMetrics;
        }

        foreach (var range in text.Split('\n'))
        {
            var line = text[range];
            if (line.StartsWith("# UNIT ", StringComparison.Ordinal))
            {
                return ExpositionFormat.OpenMetrics;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal) &&
                (line.EndsWith(" info", StringComparison.Ordinal) || line.EndsWith(" stateset", StringComparison.Ordinal) ||
                 line.EndsWith(" gaugehistogram", StringComparison.Ordinal) || line.EndsWith(" unknown", StringComparison.Ordinal)))
            {
                return ExpositionFormat.OpenMetrics;
            }
        }

        return ExpositionFormat.PrometheusText;
    }
}
