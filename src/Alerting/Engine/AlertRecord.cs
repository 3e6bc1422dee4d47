namespace Supervision.Alerting.Engine;

/// <summary>The engine's memory of one alert identity; stored as is so a restart keeps ids and start times.</summary>
internal sealed class AlertRecord
{
    public required string Id { get; init; }

    public required string Rule { get; init; }

    public required Dictionary<string, string> Labels { get; init; }

    public Dictionary<string, string> Annotations { get; set; } = new(StringComparer.Ordinal);

    public string Severity { get; set; } = "warning";

    public AlertState State { get; set; }

    public DateTimeOffset ActiveSince { get; set; }

    public DateTimeOffset? FiredAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public DateTimeOffset StateSince { get; set; }

    /// <summary>Last evaluation in which the condition held; <c>keep_firing_for</c> counts from here.</summary>
    public DateTimeOffset LastActiveAt { get; set; }

    public double Value { get; set; }

    /// <summary>How many times it fired again after resolving.</summary>
    public int FlapCount { get; set; }

    public string? AcknowledgedBy { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public string? AckComment { get; set; }
}
