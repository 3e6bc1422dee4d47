namespace Supervision.Dashboard.Summaries;

/// <summary>Which roll-ups a summary's figures are read from (docs/summaries.md, "Storage").</summary>
public enum SummarySource
{
    /// <summary>
    /// The summary read-outs: window boundaries from <c>summary_unit_edge</c>, 7- and 30-day availability from
    /// the day roll-ups cut at the window's hour (<c>daily.summary_*_hHH</c>). The default: a national 30-day
    /// summary in a few hundred milliseconds.
    /// </summary>
    Rollups,

    /// <summary>
    /// Straight from the 1-hour roll-ups the read-outs are made of: the same figures, several times slower
    /// nationally. For a server whose read-outs are not back-filled yet (docs/storage.md).
    /// </summary>
    Hourly,
}
