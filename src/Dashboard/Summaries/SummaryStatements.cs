using static Supervision.Core.Influx.InfluxQl;

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

    /// <summary>Column of the availability reads: scrapes up (the sum of <c>up_sum</c>).</summary>
    public const string UpColumn = "up";

    /// <summary>Column of the availability reads: scrapes (the sum of <c>scrapes</c>).</summary>
    public const string CountColumn = "n";

    private static readonly string[] Counters =
    [
        SummaryFields.Received, SummaryFields.OnTime, SummaryFields.Late, SummaryFields.Overdue, SummaryFields.InProgress,
        SummaryFields.DocsSent, SummaryFields.DocsReceived,
    ];

    private static readonly string AllCounters = Identifiers(Counters);

    private static readonly string CumulativeCounters =
        Identifiers(SummaryFields.Received, SummaryFields.OnTime, SummaryFields.Late, SummaryFields.DocsSent, SummaryFields.DocsReceived);

    private static readonly string ResolvedCounters = Identifiers(SummaryFields.Received, SummaryFields.OnTime, SummaryFields.Late);

    // Aliased to the field's own name: the reader takes the same columns from either source.
    private static readonly string LastCounters = string.Join(", ", Counters.Select(c => $"last({Identifier(c)}) AS {c}"));

    private static readonly string AvailabilitySums =
        $"SELECT sum({Identifier(SummaryFields.UpSum)}) AS {UpColumn}, sum({Identifier(SummaryFields.Scrapes)}) AS {CountColumn} FROM ";

    /// <summary>The condition limiting a read to <paramref name="provinces"/> (codes of the inventory; null = all).</summary>
    public static string Filter(IReadOnlyCollection<string>? provinces)
    {
        if (provinces is null)
        {
            return string.Empty;
        }

        if (provinces.Count == 1)
        {
            return " AND " + TagEquals(TagNames.Province, provinces.First());
        }

        // An empty set must match nothing: no province code is "-".
        var alternatives = provinces.Count == 0 ? "-" : string.Join('|', provinces);
        return $" AND {Identifier(TagNames.Province)} =~ /^({alternatives})$/";
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
                _ => AllCounters,
            };
            return $"SELECT {names}, {Identifier(TagNames.Unit)} FROM {Measurement(RetentionPolicies.Hourly, Measurements.SummaryUnitEdge)} " +
                $"WHERE time = {Time(at - BoundaryLookback)}{filter}";
        }

        return $"SELECT {LastCounters} FROM {Measurement(RetentionPolicies.Hourly, Measurements.SummaryUnit)} " +
            $"WHERE {TimeRange(at - BoundaryLookback, at)}{filter} GROUP BY {Identifier(TagNames.Unit)}";
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
        var sums = AvailabilitySums + Rollup(source, Measurements.SummaryUnit, start, end) +
            $" WHERE {TimeRange(start, end)}{filter} GROUP BY {Identifier(TagNames.Unit)}";
        return ReadsDays(source, start, end) ? $"SELECT {UpColumn}, {CountColumn}, {Identifier(TagNames.Unit)} FROM ({sums})" : sums;
    }

    /// <summary>Scrapes up and all scrapes per province, level and system in [start, end).</summary>
    public static string SystemAvailability(SummarySource source, DateTimeOffset start, DateTimeOffset end, string filter) =>
        AvailabilitySums + Rollup(source, Measurements.SummaryAvailability, start, end) +
        $" WHERE {TimeRange(start, end)}{filter} GROUP BY {Identifiers(TagNames.Province, TagNames.Level, TagNames.System)}";

    /// <summary>
    /// Scrapes up and all scrapes per province and day over [<paramref name="start"/>, <paramref name="end"/>), days cut at the
    /// hour of <paramref name="end"/> (the charts' daily availability): from the day roll-up cut at that hour, whose points
    /// are the days' starts, or summed from the 1-hour roll-up on the same grid. A day without data has no row.
    /// </summary>
    public static string DailyAvailability(SummarySource source, DateTimeOffset start, DateTimeOffset end, string filter)
    {
        var hour = end.UtcDateTime.Hour;
        var from = source == SummarySource.Rollups
            ? Measurement(RetentionPolicies.Daily, DayRollup(Measurements.SummaryAvailability, end))
            : Measurement(RetentionPolicies.Hourly, Measurements.SummaryAvailability);
        return AvailabilitySums + from + $" WHERE {TimeRange(start, end)}{filter} GROUP BY time(1d{(hour == 0 ? string.Empty : $", {hour}h")}), " +
            $"{Identifier(TagNames.Province)} fill(none)";
    }

    /// <summary>
    /// Whole days ending at a whole hour are read from the day roll-up cut at that hour (a point per day,
    /// stamped with the day's start, so [start, end) selects exactly those days); anything else — today's
    /// window, from Vietnam's midnight — from the 1-hour roll-up.
    /// </summary>
    private static string Rollup(SummarySource source, string name, DateTimeOffset start, DateTimeOffset end) =>
        ReadsDays(source, start, end)
            ? Measurement(RetentionPolicies.Daily, DayRollup(name, end))
            : Measurement(RetentionPolicies.Hourly, name);

    private static bool ReadsDays(SummarySource source, DateTimeOffset start, DateTimeOffset end)
    {
        var length = end - start;
        return source == SummarySource.Rollups && length > TimeSpan.Zero && length.Ticks % TimeSpan.TicksPerDay == 0
            && end.UtcDateTime.TimeOfDay.Ticks % TimeSpan.TicksPerHour == 0;
    }

    /// <summary>The day roll-up whose days end at the hour of <paramref name="end"/>: <c>summary_unit_h09</c> for 09:00 UTC.</summary>
    public static string DayRollup(string name, DateTimeOffset end) => Measurements.DayRollup(name, end.UtcDateTime.Hour);
}
