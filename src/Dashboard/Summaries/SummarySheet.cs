namespace Supervision.Dashboard.Summaries;

/// <summary>What a summary covers.</summary>
public enum SummaryScope
{
    /// <summary>The whole country, or one region of it.</summary>
    National,

    /// <summary>One province with its communes.</summary>
    Province,

    /// <summary>One commune.</summary>
    Commune,
}

/// <summary>The figures of one unit or group of units over one window.</summary>
/// <param name="Availability">Share of scrapes that found the systems up, or null without scrapes.</param>
/// <param name="Received">Dossiers received in the window.</param>
/// <param name="Resolved">Dossiers resolved in the window.</param>
/// <param name="ResolvedOnTime">Of those, resolved on time.</param>
/// <param name="Overdue">Dossiers overdue at the end of the window.</param>
/// <param name="StalledUnits">Units whose backlog did not move (stalled) at the end of the window.</param>
/// <param name="DocumentsSent">E-documents sent in the window.</param>
/// <param name="DocumentsReceived">E-documents received in the window.</param>
/// <param name="UnitsWithoutBaseline">Units left out of the counts because no roll-up precedes the window (new or silent units).</param>
public sealed record Figures(
    double? Availability,
    long Received,
    long Resolved,
    long ResolvedOnTime,
    long Overdue,
    int StalledUnits,
    long DocumentsSent,
    long DocumentsReceived,
    int UnitsWithoutBaseline)
{
    /// <summary>No data.</summary>
    public static Figures Empty { get; } = new(null, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Share of resolved dossiers resolved on time, or null when none were resolved.</summary>
    public double? OnTimeRate => Resolved > 0 ? (double)ResolvedOnTime / Resolved : null;

    /// <summary>E-documents exchanged (sent plus received).</summary>
    public long DocumentsExchanged => DocumentsSent + DocumentsReceived;
}

/// <summary>One row of a league table or unit list.</summary>
/// <param name="Rank">1 = best for the province league; 1 = worst for commune lists.</param>
/// <param name="Code">Official unit code.</param>
/// <param name="Name">Vietnamese name.</param>
/// <param name="ProvinceCode">The unit's province.</param>
/// <param name="ProvinceName">The province's Vietnamese name.</param>
/// <param name="Stalled">True when the unit (or, for a province, any of its units) is stalled.</param>
/// <param name="Current">Figures in the window.</param>
/// <param name="Previous">Figures in the previous window.</param>
public sealed record UnitRow(int Rank, string Code, string Name, string ProvinceCode, string ProvinceName, bool Stalled, Figures Current, Figures Previous);

/// <summary>Availability of one system kind over the scope.</summary>
/// <param name="System">System key.</param>
/// <param name="Availability">In the window.</param>
/// <param name="Previous">In the previous window.</param>
public sealed record SystemRow(string System, double? Availability, double? Previous);

/// <summary>Why a unit is on the early-warning list.</summary>
public enum WarningReason
{
    /// <summary>Backlog and nothing resolved for the configured working time.</summary>
    Stalled,

    /// <summary>On-time rate below the threshold.</summary>
    Slow,

    /// <summary>Overdue dossiers rose over the window.</summary>
    OverdueRising,

    /// <summary>Systems available less than the threshold.</summary>
    Unavailable,
}

/// <summary>Direction of a unit's figures against the previous window.</summary>
public enum Trend
{
    /// <summary>Worse than before.</summary>
    Worsening,

    /// <summary>About the same.</summary>
    Steady,

    /// <summary>Better than before.</summary>
    Improving,
}

/// <summary>A unit that is slow or stalled, with its trend.</summary>
/// <param name="Unit">The unit's figures.</param>
/// <param name="Reasons">Why it is listed, most serious first.</param>
/// <param name="Trend">Its direction against the previous window.</param>
public sealed record EarlyWarning(UnitRow Unit, IReadOnlyList<WarningReason> Reasons, Trend Trend);

/// <summary>A leaders' summary: headline figures, availability per system, league tables, early warnings.</summary>
/// <param name="Window">The window and its previous window.</param>
/// <param name="Scope">National, province or commune.</param>
/// <param name="Region">The region or macro region key on a national summary, or null.</param>
/// <param name="Code">Province or commune code, or null on a national summary.</param>
/// <param name="Title">Vietnamese name of the scope (country, region, province or commune).</param>
/// <param name="Current">Headline figures in the window.</param>
/// <param name="Previous">Headline figures in the previous window.</param>
/// <param name="Systems">Availability per system.</param>
/// <param name="Provinces">Province league, best first (national scope).</param>
/// <param name="Communes">Communes worst first: all of a province, or the worst few of each province nationally.</param>
/// <param name="Warnings">Early-warning list, most serious first.</param>
/// <param name="GeneratedAt">When the summary was built.</param>
public sealed record SummarySheet(
    SummaryWindow Window,
    SummaryScope Scope,
    string? Region,
    string? Code,
    string Title,
    Figures Current,
    Figures Previous,
    IReadOnlyList<SystemRow> Systems,
    IReadOnlyList<UnitRow> Provinces,
    IReadOnlyList<UnitRow> Communes,
    IReadOnlyList<EarlyWarning> Warnings,
    DateTimeOffset GeneratedAt)
{
    /// <summary>
    /// True when the window or its previous window holds simulated history (<c>seed-history</c>): the pages show the
    /// "Dữ liệu mô phỏng" banner, the JSON carries it.
    /// </summary>
    public bool Simulated { get; init; }

    /// <summary>
    /// Whether the window holds any roll-up at all. A center's first hour (summaries count whole hours) or a unit that
    /// never reported has none: the pages say so instead of showing a sheet of dashes and zeros ranked as if compared.
    /// </summary>
    public bool HasData => Current.Availability is not null || Current.Received > 0 || Current.Resolved > 0 || Current.Overdue > 0 ||
        Current.DocumentsExchanged > 0 || Systems.Any(s => s.Availability is not null);
}
