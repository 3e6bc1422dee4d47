namespace Supervision.Core.Schema;

/// <summary>
/// Fields of <see cref="Measurements.SummarySeeded"/>, the marker a <c>seed-history</c> run leaves (docs/summaries.md,
/// "Simulated history"). Times are Unix seconds (InfluxDB 1.6 has no time-typed field).
/// </summary>
public static class SeedFields
{
    /// <summary>The <see cref="TagNames.Collector"/> value of the simulated parts: the summaries' parts written by <c>seed-history</c>.</summary>
    public const string CollectorId = "seed-history";

    /// <summary>Start of the simulated range (inclusive, Unix seconds).</summary>
    public const string From = "from_s";

    /// <summary>End of the simulated range (exclusive, Unix seconds).</summary>
    public const string To = "to_s";

    /// <summary>Targets simulated.</summary>
    public const string Targets = "targets";

    /// <summary>The simulator's seed.</summary>
    public const string Seed = "seed";
}
