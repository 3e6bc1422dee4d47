using System.Globalization;

namespace Supervision.Dashboard.Summaries;

/// <summary>
/// The InfluxQL of a summary read (schema: docs/storage.md; why these shapes: docs/summaries.md, "Storage").
/// InfluxDB 1.6 spends most of a per-unit statement on the 3,356 series it opens and answers, whether it reads
/// 2 or 720 points of each, so a national read must be few statements over pre-cut data: one point per unit
/// and boundary, and 7 or 30 whole days per unit and window.
/// </summary>
public static class SummaryStatements
{
    /// <summary>How far back a boundary looks for the last roll-up point, to bridge missing hours (also the bucket of <c>summary_unit_edge</c>).</summary>
    public static readonly TimeSpan BoundaryLookback = TimeSpan.FromHours(6);

    private const string Counters = "received, on_time, late, overdue, in_progress, docs_sent, docs_received";

    private const string CumulativeCounters = "received, on_time, late, docs_sent, docs_received";

    private const string ResolvedCounters = "received, on_time, late";

    /// <summary>The InfluxQL time literal of an instant.</summary>
    public static string Time(DateTimeOffset instant) =>
        "'" + instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) + "'";

    /// <summary>The condition limiting a read to <paramref name="provinces"/> (codes of the inventory; null = all).</summary>
    public static string Filter(IReadOnlyCollection<string>? provinces)
    {
        if (provinces is null)
        {
            return string.Empty;
        }

        if (provinces.Count == 1)
        {
            return $" AND province = '{provinces.First()}'";
        }

        // An empty set must match nothing: no province code is "-".
        var alternatives = provinces.Count == 0 ? "-" : string.Join('|', provinces);
        return $" AND province =~ /^({alternatives})$/";
    }

    /// <summary>
    /// The counters of every unit at <paramref name="at"/>: the last hourly value of each in [at − 6 h, at).
    /// From the read-out, one row per unit (the edge bucket that ends at the instant); from the 1-hour
    /// roll-ups, a <c>last()</c> per field and unit. <paramref name="fields"/> says which fields a boundary needs
    /// (the read-out reads only those: InfluxDB pays per field and series).
    /// </summary>
    public static string CountersAt(SummarySource source, DateTimeOffset at, string filter, BoundaryFields fields)
    {
        if (source == SummarySource.Rollups)
        {
            var names = fields switch
            {
                BoundaryFields.Resolved => ResolvedCounters,
                BoundaryFields.Counters => CumulativeCounters,
                _ => Counters,
            };
            return $"SELECT {names}, unit FROM \"hourly\".\"summary_unit_edge\" WHERE time = {Time(at - BoundaryLookback)}{filter}";
        }

        return "SELECT last(received) AS received, last(on_time) AS on_time, last(late) AS late, last(overdue) AS overdue, last(in_progress) AS in_progress, " +
            "last(docs_sent) AS docs_sent, last(docs_received) AS docs_received FROM \"hourly\".\"summary_unit\" WHERE time >= " + Time(at - BoundaryLookback) +
            " AND time < " + Time(at) + filter + " GROUP BY unit";
    }

    /// <summary>Every field at <paramref name="at"/>, or with <paramref name="resolvedOnly"/> what the stall test needs.</summary>
    public static string CountersAt(SummarySource source, DateTimeOffset at, string filter, bool resolvedOnly = false) =>
        CountersAt(source, at, filter, resolvedOnly ? BoundaryFields.Resolved : BoundaryFields.All);

    /// <summary>
    /// Scrapes up and all scrapes per unit in [start, end). Over a day roll-up the per-unit sums come back as one
    /// series with a row per unit (an outer select over the grouped sums): InfluxDB 1.6 answers 3,356 one-row series
    /// at about twice the cost of one 3,356-row series. Over the 1-hour roll-up (today's window) the outer select costs
    /// more than it saves, as InfluxDB then sums the hourly points itself (bench/RESULTS.md, "Leaders' summaries",
    /// summaries3). The rows are the same either way: a unit with no scrapes in the window has no row.
    /// </summary>
    public static string UnitAvailability(SummarySource source, DateTimeOffset start, DateTimeOffset end, string filter)
    {
        var measurement = Measurement(source, "summary_unit", start, end);
        var sums = "SELECT sum(up_sum) AS up, sum(scrapes) AS n FROM " + measurement + " WHERE time >= " + Time(start) +
            " AND time < " + Time(end) + filter + " GROUP BY unit";
        return measurement.StartsWith("\"daily\"", StringComparison.Ordinal) ? "SELECT up, n, unit FROM (" + sums + ")" : sums;
    }

    /// <summary>Scrapes up and all scrapes per province, level and system in [start, end).</summary>
    public static string SystemAvailability(SummarySource source, DateTimeOffset start, DateTimeOffset end, string filter) =>
        "SELECT sum(up_sum) AS up, sum(scrapes) AS n FROM " + Measurement(source, "summary_availability", start, end) + " WHERE time >= " + Time(start) +
        " AND time < " + Time(end) + filter + " GROUP BY province, level, system";

    /// <summary>
    /// Whole days ending at a whole hour are read from the day roll-up cut at that hour (a point per day,
    /// stamped with the day's start, so [start, end) selects exactly those days); anything else — today's
    /// window, from Vietnam's midnight — from the 1-hour roll-up.
    /// </summary>
    private static string Measurement(SummarySource source, string name, DateTimeOffset start, DateTimeOffset end)
    {
        var length = end - start;
        var wholeDays = length > TimeSpan.Zero && length.Ticks % TimeSpan.TicksPerDay == 0 && end.UtcDateTime.TimeOfDay.Ticks % TimeSpan.TicksPerHour == 0;
        return source == SummarySource.Rollups && wholeDays
            ? $"\"daily\".\"{DayRollup(name, end)}\""
            : $"\"hourly\".\"{name}\"";
    }

    /// <summary>The day roll-up whose days end at the hour of <paramref name="end"/>: <c>summary_unit_h09</c> for 09:00 UTC.</summary>
    public static string DayRollup(string name, DateTimeOffset end) =>
        name + "_h" + end.UtcDateTime.Hour.ToString("00", CultureInfo.InvariantCulture);
}
