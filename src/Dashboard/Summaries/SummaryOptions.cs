namespace Supervision.Dashboard.Summaries;

/// <summary>Leaders' summaries (section <c>Dashboard:Summaries</c>; docs/summaries.md).</summary>
public sealed class SummaryOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Dashboard:Summaries";

    /// <summary>Province → region table (default <c>config/vn-regions.csv</c>; relative paths are tried in the working folder, then beside the program).</summary>
    public string RegionsPath { get; set; } = "config/vn-regions.csv";

    /// <summary>Holiday table for working time (default <c>config/vn-holidays.csv</c>).</summary>
    public string HolidaysPath { get; set; } = "config/vn-holidays.csv";

    /// <summary>A unit with a backlog and nothing resolved for this much working time is stalled (default 8 h: one working day).</summary>
    public TimeSpan StalledAfter { get; set; } = TimeSpan.FromHours(8);

    /// <summary>On-time rate below which a unit is slow (default 0.85).</summary>
    public double SlowOnTimeRate { get; set; } = 0.85;

    /// <summary>Resolved dossiers a unit needs in the period before its on-time rate counts as slow (default 10).</summary>
    public int MinResolvedForRate { get; set; } = 10;

    /// <summary>Availability below which a unit is flagged (default 0.95).</summary>
    public double LowAvailability { get; set; } = 0.95;

    /// <summary>Overdue dossiers added over the period (and at least 20 % more) that flag a unit (default 5).</summary>
    public int OverdueRise { get; set; } = 5;

    /// <summary>Most entries of the early-warning list (default 100).</summary>
    public int EarlyWarningLimit { get; set; } = 100;

    /// <summary>Worst communes listed per province on the national summary (default 3).</summary>
    public int WorstCommunesPerProvince { get; set; } = 3;

    /// <summary>
    /// How long figures read from InfluxDB are reused (default 10 min; zero disables). The cache key holds the
    /// window's end hour and the roll-ups of past hours do not change within an hour, so reuse never mixes hours.
    /// </summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Keep the national 7- and 30-day figures in the cache ahead of page views (default true; needs
    /// <see cref="CacheFor"/> above zero; <see cref="SummaryWarmer"/>).
    /// </summary>
    public bool Warm { get; set; } = true;

    /// <summary>
    /// Where figures are read from (default <see cref="SummarySource.Rollups"/>, the summary read-outs;
    /// <see cref="SummarySource.Hourly"/> reads the 1-hour roll-ups directly while the read-outs are back-filled).
    /// </summary>
    public SummarySource Source { get; set; } = SummarySource.Rollups;
}
