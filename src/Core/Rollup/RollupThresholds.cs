namespace Supervision.Core.Rollup;

/// <summary>When a province turns colour because of its communes (configuration: <c>Rollup</c> section).</summary>
public sealed class RollupThresholds
{
    /// <summary>Share of communes Down at or above which the province is Down (default 0.25).</summary>
    public double ProvinceDownShare { get; set; } = 0.25;

    /// <summary>Share of communes Down or Degraded at or above which the province is at least Degraded (default 0.05).</summary>
    public double ProvinceDegradedShare { get; set; } = 0.05;

    /// <summary>No fresh data for this long and a target counts as stale (Unknown) (default 60 s: four 15 s intervals).</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(60);
}
