namespace Supervision.Dashboard.Summaries;

/// <summary>A unit's procedure counters and gauges at one instant (sums over its procedures).</summary>
/// <param name="Received">Cumulative dossiers received.</param>
/// <param name="OnTime">Cumulative dossiers resolved on time.</param>
/// <param name="Late">Cumulative dossiers resolved late.</param>
/// <param name="Overdue">Dossiers overdue at that instant.</param>
/// <param name="InProgress">Dossiers in progress at that instant.</param>
public readonly record struct DossierPoint(double Received, double OnTime, double Late, double Overdue, double InProgress)
{
    /// <summary>Cumulative dossiers resolved.</summary>
    public double Resolved => OnTime + Late;
}

/// <summary>A unit's cumulative e-document counters at one instant.</summary>
/// <param name="Sent">Documents sent.</param>
/// <param name="Received">Documents received.</param>
public readonly record struct EdocPoint(double Sent, double Received);

/// <summary>Scrapes that found a target up, out of all scrapes.</summary>
/// <param name="Up">Scrapes with <c>up = 1</c>.</param>
/// <param name="Scrapes">All scrapes.</param>
public readonly record struct AvailabilityCount(double Up, double Scrapes)
{
    /// <summary>The share up, or null without scrapes.</summary>
    public double? Ratio => Scrapes > 0 ? Up / Scrapes : null;

    /// <summary>Adds two counts.</summary>
    public static AvailabilityCount operator +(AvailabilityCount a, AvailabilityCount b) => new(a.Up + b.Up, a.Scrapes + b.Scrapes);

    /// <summary>Adds two counts.</summary>
    public static AvailabilityCount Add(AvailabilityCount a, AvailabilityCount b) => a + b;
}

/// <summary>Availability of one system at one level of one province (the <c>summary_availability</c> roll-up).</summary>
/// <param name="Province">Province code, empty for the central agencies.</param>
/// <param name="Level">central, province or commune.</param>
/// <param name="System">System key.</param>
/// <param name="Count">Scrapes up and all scrapes.</param>
public sealed record SystemAvailabilityCount(string Province, string Level, string System, AvailabilityCount Count);

/// <summary>Everything a summary needs from InfluxDB for one window and its previous window.</summary>
public sealed class SummaryData
{
    /// <summary>Procedure figures per unit at the end of the window.</summary>
    public Dictionary<string, DossierPoint> DossierEnd { get; } = new(StringComparer.Ordinal);

    /// <summary>Procedure figures per unit at the start of the window (= end of the previous one).</summary>
    public Dictionary<string, DossierPoint> DossierStart { get; } = new(StringComparer.Ordinal);

    /// <summary>Procedure figures per unit at the start of the previous window.</summary>
    public Dictionary<string, DossierPoint> DossierPreviousStart { get; } = new(StringComparer.Ordinal);

    /// <summary>Procedure figures per unit one stall period of working time before the end.</summary>
    public Dictionary<string, DossierPoint> DossierStallStart { get; } = new(StringComparer.Ordinal);

    /// <summary>E-document counters per unit at the end.</summary>
    public Dictionary<string, EdocPoint> EdocEnd { get; } = new(StringComparer.Ordinal);

    /// <summary>E-document counters per unit at the start.</summary>
    public Dictionary<string, EdocPoint> EdocStart { get; } = new(StringComparer.Ordinal);

    /// <summary>E-document counters per unit at the start of the previous window.</summary>
    public Dictionary<string, EdocPoint> EdocPreviousStart { get; } = new(StringComparer.Ordinal);

    /// <summary>Availability per unit (all its systems) in the window.</summary>
    public Dictionary<string, AvailabilityCount> UnitAvailability { get; } = new(StringComparer.Ordinal);

    /// <summary>Availability per unit in the previous window.</summary>
    public Dictionary<string, AvailabilityCount> UnitAvailabilityPrevious { get; } = new(StringComparer.Ordinal);

    /// <summary>Availability per province, level and system in the window.</summary>
    public List<SystemAvailabilityCount> SystemAvailability { get; } = [];

    /// <summary>Availability per province, level and system in the previous window.</summary>
    public List<SystemAvailabilityCount> SystemAvailabilityPrevious { get; } = [];

    /// <summary>The ranges of simulated history in the database (<c>seed-history</c>'s markers), whatever the window.</summary>
    public List<Supervision.Core.Schema.SeededRange> Seeded { get; } = [];
}
