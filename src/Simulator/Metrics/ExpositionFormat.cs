namespace Supervision.Simulator.Metrics;

/// <summary>The text formats /metrics can answer in.</summary>
public enum ExpositionFormat
{
    /// <summary>Prometheus text format 0.0.4.</summary>
    Prometheus,

    /// <summary>OpenMetrics 1.0 text (asked for by <c>Accept: application/openmetrics-text</c>).</summary>
    OpenMetrics,
}

/// <summary>Content types and negotiation.</summary>
public static class ExpositionContentTypes
{
    /// <summary>Prometheus text 0.0.4.</summary>
    public const string Prometheus = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>OpenMetrics 1.0.</summary>
    public const string OpenMetrics = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /// <summary>OpenMetrics when the Accept header names it (as Prometheus' scraper sends it), else Prometheus text.</summary>
    public static ExpositionFormat Negotiate(string? accept) =>
        accept is not null && accept.Contains("application/openmetrics-text", StringComparison.OrdinalIgnoreCase)
            ? ExpositionFormat.OpenMetrics
            : ExpositionFormat.Prometheus;
}
