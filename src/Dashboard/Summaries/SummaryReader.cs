using System.Globalization;
using Supervision.Core.Influx;

namespace Supervision.Dashboard.Summaries;

/// <summary>
/// Reads a summary's figures from the 1-hour roll-ups in one InfluxDB request (schema: docs/storage.md,
/// queries explained in docs/summaries.md). Counters are read at the window's boundaries only — the
/// increase is the value at the end minus the value at the start — so a 30-day window costs what a
/// 7-day one does; availability is summed over the window from the small <c>summary_*</c> roll-ups.
/// </summary>
public sealed class SummaryReader(Func<InfluxClient> client)
{
    /// <summary>How far back a boundary looks for the last roll-up point, to bridge missing hours.</summary>
    public static readonly TimeSpan BoundaryLookback = TimeSpan.FromHours(6);

    /// <summary>
    /// Reads the window, its previous window and the stall boundary. <paramref name="provinces"/> limits
    /// the read to those province codes (already validated as codes of the inventory); null reads all.
    /// </summary>
    public async Task<SummaryData> ReadAsync(SummaryWindow window, DateTimeOffset stallStart, IReadOnlyCollection<string>? provinces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var filter = Filter(provinces);
        var statements = new[]
        {
            UnitAt(window.End, filter),
            UnitAt(window.Start, filter),
            UnitAt(window.PreviousStart, filter),
            UnitAt(stallStart, filter),
            UnitAvailability(window.Start, window.End, filter),
            UnitAvailability(window.PreviousStart, window.PreviousEnd, filter),
            SystemAvailability(window.Start, window.End, filter),
            SystemAvailability(window.PreviousStart, window.PreviousEnd, filter),
        };
        var result = await client().QueryAsync(string.Join("; ", statements), cancellationToken);
        var data = new SummaryData();
        ReadUnit(Statement(result, 0), data.DossierEnd, data.EdocEnd);
        ReadUnit(Statement(result, 1), data.DossierStart, data.EdocStart);
        ReadUnit(Statement(result, 2), data.DossierPreviousStart, data.EdocPreviousStart);
        ReadUnit(Statement(result, 3), data.DossierStallStart, null);
        ReadUnitAvailability(Statement(result, 4), data.UnitAvailability);
        ReadUnitAvailability(Statement(result, 5), data.UnitAvailabilityPrevious);
        ReadSystemAvailability(Statement(result, 6), data.SystemAvailability);
        ReadSystemAvailability(Statement(result, 7), data.SystemAvailabilityPrevious);
        return data;
    }

    /// <summary>The InfluxQL time literal of an instant.</summary>
    public static string Time(DateTimeOffset instant) =>
        "'" + instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) + "'";

    private static string Filter(IReadOnlyCollection<string>? provinces)
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

    // The counters of every unit at one instant: the last hourly point before it (a missing hour falls back to the one before).
    private static string UnitAt(DateTimeOffset at, string filter) =>
        "SELECT last(received) AS received, last(on_time) AS on_time, last(late) AS late, last(overdue) AS overdue, last(in_progress) AS in_progress, " +
        "last(docs_sent) AS docs_sent, last(docs_received) AS docs_received FROM \"hourly\".\"summary_unit\" WHERE time >= " + Time(at - BoundaryLookback) +
        " AND time < " + Time(at) + filter + " GROUP BY unit";

    private static string UnitAvailability(DateTimeOffset start, DateTimeOffset end, string filter) =>
        "SELECT sum(up_sum) AS up, sum(scrapes) AS n FROM \"hourly\".\"summary_unit\" WHERE time >= " + Time(start) +
        " AND time < " + Time(end) + filter + " GROUP BY unit";

    private static string SystemAvailability(DateTimeOffset start, DateTimeOffset end, string filter) =>
        "SELECT sum(up_sum) AS up, sum(scrapes) AS n FROM \"hourly\".\"summary_availability\" WHERE time >= " + Time(start) +
        " AND time < " + Time(end) + filter + " GROUP BY province, level, system";

    private static IReadOnlyList<InfluxSeries> Statement(InfluxQueryResult result, int index) =>
        result.Statements.Count > index ? result.Statements[index].Series : [];

    private static void ReadUnit(IReadOnlyList<InfluxSeries> series, Dictionary<string, DossierPoint> dossier, Dictionary<string, EdocPoint>? edoc)
    {
        foreach (var s in series)
        {
            if (s.Tag("unit") is not { Length: > 0 } unit || s.Values.Count == 0)
            {
                continue;
            }

            // A unit without a dossier system (the central agencies) has no procedure fields at all.
            if (s.Double(0, "received") is not null || s.Double(0, "on_time") is not null || s.Double(0, "late") is not null)
            {
                dossier[unit] = new DossierPoint(s.Double(0, "received") ?? 0, s.Double(0, "on_time") ?? 0, s.Double(0, "late") ?? 0,
                    s.Double(0, "overdue") ?? 0, s.Double(0, "in_progress") ?? 0);
            }

            if (edoc is not null && (s.Double(0, "docs_sent") is not null || s.Double(0, "docs_received") is not null))
            {
                edoc[unit] = new EdocPoint(s.Double(0, "docs_sent") ?? 0, s.Double(0, "docs_received") ?? 0);
            }
        }
    }

    private static void ReadUnitAvailability(IReadOnlyList<InfluxSeries> series, Dictionary<string, AvailabilityCount> into)
    {
        foreach (var s in series)
        {
            if (s.Tag("unit") is { Length: > 0 } unit && s.Values.Count > 0)
            {
                into[unit] = new AvailabilityCount(s.Double(0, "up") ?? 0, s.Double(0, "n") ?? 0);
            }
        }
    }

    private static void ReadSystemAvailability(IReadOnlyList<InfluxSeries> series, List<SystemAvailabilityCount> into)
    {
        foreach (var s in series)
        {
            if (s.Tag("system") is { Length: > 0 } system && s.Values.Count > 0)
            {
                into.Add(new SystemAvailabilityCount(s.Tag("province") ?? string.Empty, s.Tag("level") ?? string.Empty, system,
                    new AvailabilityCount(s.Double(0, "up") ?? 0, s.Double(0, "n") ?? 0)));
            }
        }
    }
}
