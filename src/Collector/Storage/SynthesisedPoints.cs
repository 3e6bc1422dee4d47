namespace Supervision.Collector.Storage;

/// <summary>The points every scrape adds about itself: <c>scrape</c> and one <c>health</c> per entry (docs/storage.md).</summary>
public static class SynthesisedPoints
{
    /// <summary>
    /// Writes the scrape's own points; the health entries only with <paramref name="health"/> (<see cref="Configuration.CollectorOptions.StoreHealth"/>).
    /// A health entry InfluxDB would refuse (its name comes from the target: a series key over 64 KiB) is skipped and
    /// counted in <paramref name="unstorable"/> as an unstorable sample of the target, never failing the scrape's points.
    /// </summary>
    public static void Write(LineProtocolBuilder lines, Target target, ScrapeResult result, string collectorId, long timestampMs, bool health = true,
        SamplePointWriter? unstorable = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(result);
        var level = UnitLevelText.Of(target.Level);
        lines.BeginPoint(Measurements.Scrape);
        SamplePointWriter.WriteTargetTags(lines, target, level);
        lines.Tag(TagNames.Collector, collectorId);
        lines.Field(ScrapeFields.Up, result.Status is TargetStatus.Up or TargetStatus.Degraded ? 1L : 0L);
        lines.Field(ScrapeFields.Status, StatusText(result.Status));
        lines.Field(ScrapeFields.StatusCode, (long)result.Status);
        lines.Field(ScrapeFields.Reason, ReasonText(result.Reason));
        lines.Field(ScrapeFields.DurationSeconds, result.Duration.TotalSeconds);
        lines.Field(ScrapeFields.Samples, (long)result.Samples);
        lines.EndPoint(timestampMs);

        if (!health || result.Health is not { } report)
        {
            return;
        }

        foreach (var entry in report.Entries)
        {
            lines.BeginPoint(Measurements.Health);
            SamplePointWriter.WriteTargetTags(lines, target, level);
            lines.Tag(TagNames.Entry, entry.Name);
            lines.Field(HealthFields.Status, HealthText(entry.Status));
            lines.Field(HealthFields.StatusCode, (long)entry.Status);
            if (entry.Duration is { } duration)
            {
                lines.Field(HealthFields.DurationSeconds, duration.TotalSeconds);
            }

            if (!lines.TryEndPoint(timestampMs, out var part, out var fault))
            {
                var name = entry.Name.AsSpan();
                unstorable?.CountUnstorable(1, string.Concat("health entry ", name.Length > 100 ? name[..100] : name), 0, part, fault);
            }
        }
    }

    // Cached names: Enum.ToString allocates on every call of the hot path.
    private static string StatusText(TargetStatus status) => status switch
    {
        TargetStatus.Up => "Up",
        TargetStatus.Degraded => "Degraded",
        TargetStatus.Down => "Down",
        _ => "Unknown",
    };

    private static readonly string[] ReasonNames = Enum.GetNames<StatusReason>();

    /// <summary>The reason's name without allocating.</summary>
    public static string ReasonText(StatusReason reason) => ReasonNames[(int)reason];

    private static string HealthText(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "Healthy",
        HealthStatus.Degraded => "Degraded",
        _ => "Unhealthy",
    };
}
