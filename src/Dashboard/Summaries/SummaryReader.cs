using System.Globalization;
using System.Text;
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
            DossierAt(window.End, filter),
            DossierAt(window.Start, filter),
            DossierAt(window.PreviousStart, filter),
            DossierAt(stallStart, filter),
            EdocAt(window.End, filter),
            EdocAt(window.Start, filter),
            EdocAt(window.PreviousStart, filter),
            UnitAvailability(window.Start, window.End, filter),
            UnitAvailability(window.PreviousStart, window.PreviousEnd, filter),
            SystemAvailability(window.Start, window.End, filter),
            SystemAvailability(window.PreviousStart, window.PreviousEnd, filter),
        };
        var result = await client().QueryAsync(string.Join("; ", statements), cancellationToken);
        var data = new SummaryData();
        ReadDossier(Statement(result, 0), data.DossierEnd);
        ReadDossier(Statement(result, 1), data.DossierStart);
        ReadDossier(Statement(result, 2), data.DossierPreviousStart);
        ReadDossier(Statement(result, 3), data.DossierStallStart);
        ReadEdoc(Statement(result, 4), data.EdocEnd);
        ReadEdoc(Statement(result, 5), data.EdocStart);
        ReadEdoc(Statement(result, 6), data.EdocPreviousStart);
        ReadUnitAvailability(Statement(result, 7), data.UnitAvailability);
        ReadUnitAvailability(Statement(result, 8), data.UnitAvailabilityPrevious);
        ReadSystemAvailability(Statement(result, 9), data.SystemAvailability);
        ReadSystemAvailability(Statement(result, 10), data.SystemAvailabilityPrevious);
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

    private static string DossierAt(DateTimeOffset at, string filter)
    {
        var sql = new StringBuilder(512);
        sql.Append("SELECT sum(r) AS received, sum(v) AS resolved, sum(o) AS overdue, sum(p) AS in_progress FROM (")
            .Append("SELECT last(max_dossier_received_total) AS r, last(max_dossier_resolved_total) AS v, ")
            .Append("last(last_dossier_overdue) AS o, last(last_dossier_in_progress) AS p FROM \"hourly\".\"dossier\" WHERE time >= ")
            .Append(Time(at - BoundaryLookback)).Append(" AND time < ").Append(Time(at)).Append(filter)
            .Append(" GROUP BY unit, procedure, timeliness) GROUP BY unit, timeliness");
        return sql.ToString();
    }

    private static string EdocAt(DateTimeOffset at, string filter) =>
        "SELECT sum(s) AS sent, sum(r) AS received FROM (SELECT last(max_edoc_documents_sent_total) AS s, " +
        "last(max_edoc_documents_received_total) AS r FROM \"hourly\".\"edoc\" WHERE time >= " + Time(at - BoundaryLookback) +
        " AND time < " + Time(at) + filter + " GROUP BY unit, channel) GROUP BY unit";

    private static string UnitAvailability(DateTimeOffset start, DateTimeOffset end, string filter) =>
        "SELECT sum(up_sum) AS up, sum(scrapes) AS n FROM \"hourly\".\"summary_unit_availability\" WHERE time >= " + Time(start) +
        " AND time < " + Time(end) + filter + " GROUP BY unit";

    private static string SystemAvailability(DateTimeOffset start, DateTimeOffset end, string filter) =>
        "SELECT sum(up_sum) AS up, sum(scrapes) AS n FROM \"hourly\".\"summary_availability\" WHERE time >= " + Time(start) +
        " AND time < " + Time(end) + filter + " GROUP BY province, level, system";

    private static IReadOnlyList<InfluxSeries> Statement(InfluxQueryResult result, int index) =>
        result.Statements.Count > index ? result.Statements[index].Series : [];

    private static void ReadDossier(IReadOnlyList<InfluxSeries> series, Dictionary<string, DossierPoint> into)
    {
        foreach (var s in series)
        {
            if (s.Tag("unit") is not { Length: > 0 } unit || s.Values.Count == 0)
            {
                continue;
            }

            into.TryGetValue(unit, out var point);
            point = s.Tag("timeliness") switch
            {
                "on_time" => point with { OnTime = point.OnTime + (s.Double(0, "resolved") ?? 0) },
                "late" => point with { Late = point.Late + (s.Double(0, "resolved") ?? 0) },
                _ => point with
                {
                    Received = point.Received + (s.Double(0, "received") ?? 0),
                    Overdue = point.Overdue + (s.Double(0, "overdue") ?? 0),
                    InProgress = point.InProgress + (s.Double(0, "in_progress") ?? 0),
                },
            };
            into[unit] = point;
        }
    }

    private static void ReadEdoc(IReadOnlyList<InfluxSeries> series, Dictionary<string, EdocPoint> into)
    {
        foreach (var s in series)
        {
            if (s.Tag("unit") is { Length: > 0 } unit && s.Values.Count > 0)
            {
                into[unit] = new EdocPoint(s.Double(0, "sent") ?? 0, s.Double(0, "received") ?? 0);
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
