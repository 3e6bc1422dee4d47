namespace Supervision.Dashboard.Summaries;

/// <summary>
/// Reads a summary's figures from InfluxDB (statements: <see cref="SummaryStatements"/>; docs/summaries.md).
/// Counters are read at the window's boundaries only — the increase is the value at the end minus the value
/// at the start — and availability is summed over the window. Each statement is its own request, all sent
/// side by side: InfluxDB runs the statements of one request one after another, but requests in parallel.
/// The service reads through its <see cref="InfluxReader"/> (the first healthy server, docs/ha.md).
/// </summary>
public sealed class SummaryReader(Func<string, CancellationToken, Task<InfluxQueryResult>> query, SummarySource source = SummarySource.Rollups)
{
    /// <summary>Reads one server through a client made per read.</summary>
    public SummaryReader(Func<InfluxClient> client, SummarySource source = SummarySource.Rollups)
        : this((q, ct) => client().QueryAsync(q, ct), source)
    {
    }

    /// <summary>
    /// Reads the window, its previous window and the stall boundary. <paramref name="provinces"/> limits
    /// the read to those province codes (already validated as codes of the inventory); null reads all.
    /// </summary>
    public async Task<SummaryData> ReadAsync(SummaryWindow window, DateTimeOffset stallStart, IReadOnlyCollection<string>? provinces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var filter = SummaryStatements.Filter(provinces);
        Task<InfluxQueryResult> Query(string statement) => query(statement, cancellationToken);
        // The previous window's start only bounds its counters; its gauges are never read.
        var end = Query(SummaryStatements.CountersAt(source, window.End, filter, BoundaryFields.All));
        var start = Query(SummaryStatements.CountersAt(source, window.Start, filter, BoundaryFields.All));
        var previousStart = Query(SummaryStatements.CountersAt(source, window.PreviousStart, filter, BoundaryFields.Counters));
        var stall = Query(SummaryStatements.CountersAt(source, stallStart, filter, BoundaryFields.Resolved));
        var unit = Query(SummaryStatements.UnitAvailability(source, window.Start, window.End, filter));
        var unitPrevious = Query(SummaryStatements.UnitAvailability(source, window.PreviousStart, window.PreviousEnd, filter));
        var system = Query(SummaryStatements.SystemAvailability(source, window.Start, window.End, filter));
        var systemPrevious = Query(SummaryStatements.SystemAvailability(source, window.PreviousStart, window.PreviousEnd, filter));
        var seeded = Query(SeedMarkers.Select);
        await Task.WhenAll(end, start, previousStart, stall, unit, unitPrevious, system, systemPrevious, seeded);

        var data = new SummaryData();
        ReadUnit(Statement(await end), data.DossierEnd, data.EdocEnd);
        ReadUnit(Statement(await start), data.DossierStart, data.EdocStart);
        ReadUnit(Statement(await previousStart), data.DossierPreviousStart, data.EdocPreviousStart);
        ReadUnit(Statement(await stall), data.DossierStallStart, null);
        ReadUnitAvailability(Statement(await unit), data.UnitAvailability);
        ReadUnitAvailability(Statement(await unitPrevious), data.UnitAvailabilityPrevious);
        ReadSystemAvailability(Statement(await system), data.SystemAvailability);
        ReadSystemAvailability(Statement(await systemPrevious), data.SystemAvailabilityPrevious);
        data.Seeded.AddRange(SeedMarkers.Read(await seeded));
        return data;
    }

    /// <summary>
    /// The charts' figures (<see cref="Charts.TrendData"/>): every unit's counters and gauges at the nine week boundaries and the
    /// availability per province and day over sixty days, ten requests sent side by side like the summary's.
    /// </summary>
    public async Task<Charts.TrendData> ReadTrendsAsync(Charts.TrendWindow window, IReadOnlyCollection<string>? provinces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var filter = SummaryStatements.Filter(provinces);
        var boundaries = window.WeekBoundaries.Select(b => query(SummaryStatements.CountersAt(source, b, filter, BoundaryFields.All), cancellationToken)).ToArray();
        var days = query(SummaryStatements.DailyAvailability(source, window.DaysStart, window.End, filter), cancellationToken);
        await Task.WhenAll([.. boundaries, days]);
        var data = new Charts.TrendData(window);
        for (var i = 0; i < boundaries.Length; i++)
        {
            ReadUnit(Statement(await boundaries[i]), data.Dossier[i], data.Edoc[i]);
        }

        foreach (var s in Statement(await days))
        {
            var counts = new AvailabilityCount[window.DayStarts.Count];
            var (up, n) = (s.ColumnIndex(SummaryStatements.UpColumn), s.ColumnIndex(SummaryStatements.CountColumn));
            for (var r = 0; r < s.Values.Count; r++)
            {
                // The client asks for epoch milliseconds: a row's time is a number.
                if (s.Double(r, "time") is { } ms && (int)Math.Round((DateTimeOffset.FromUnixTimeMilliseconds((long)ms) - window.DaysStart).TotalDays) is var day
                    && day >= 0 && day < counts.Length)
                {
                    counts[day] = new AvailabilityCount(Cell(s.Values[r], up) ?? 0, Cell(s.Values[r], n) ?? 0);
                }
            }

            data.DailyAvailability[s.Tag(TagNames.Province) ?? string.Empty] = counts;
        }

        return data;
    }

    /// <summary>
    /// Scrapes up and all scrapes per province, level and system in [<paramref name="start"/>, <paramref name="end"/>), every
    /// province: the one statement the public status page needs (<c>PublicStatus/StatusPageRefresher</c>).
    /// </summary>
    public async Task<IReadOnlyList<SystemAvailabilityCount>> ReadSystemAvailabilityAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var result = await query(SummaryStatements.SystemAvailability(source, start, end, SummaryStatements.Filter(null)), cancellationToken);
        var counts = new List<SystemAvailabilityCount>();
        ReadSystemAvailability(Statement(result), counts);
        return counts;
    }

    private static IReadOnlyList<InfluxSeries> Statement(InfluxQueryResult result) =>
        result.Statements.Count > 0 ? result.Statements[0].Series : [];

    /// <summary>
    /// Counters per unit: one series per unit with the unit as a tag (a <c>GROUP BY unit</c> read) or one
    /// series with a row per unit and the unit as a column (the edge read-out). A null cell is a field the
    /// unit has no value of.
    /// </summary>
    private static void ReadUnit(IReadOnlyList<InfluxSeries> series, Dictionary<string, DossierPoint> dossier, Dictionary<string, EdocPoint>? edoc)
    {
        foreach (var s in series)
        {
            var unitColumn = s.ColumnIndex(TagNames.Unit);
            var (received, onTime, late) = (s.ColumnIndex(SummaryFields.Received), s.ColumnIndex(SummaryFields.OnTime), s.ColumnIndex(SummaryFields.Late));
            var (overdue, inProgress) = (s.ColumnIndex(SummaryFields.Overdue), s.ColumnIndex(SummaryFields.InProgress));
            var (sent, docsReceived) = (s.ColumnIndex(SummaryFields.DocsSent), s.ColumnIndex(SummaryFields.DocsReceived));
            var tagUnit = s.Tag(TagNames.Unit);
            foreach (var row in s.Values)
            {
                if ((unitColumn >= 0 ? row[unitColumn] as string : tagUnit) is not { Length: > 0 } unit)
                {
                    continue;
                }

                // A unit without a dossier system (the central agencies) has no procedure fields at all.
                if (Cell(row, received) is not null || Cell(row, onTime) is not null || Cell(row, late) is not null)
                {
                    dossier[unit] = new DossierPoint(Cell(row, received) ?? 0, Cell(row, onTime) ?? 0, Cell(row, late) ?? 0,
                        Cell(row, overdue) ?? 0, Cell(row, inProgress) ?? 0);
                }

                if (edoc is not null && (Cell(row, sent) is not null || Cell(row, docsReceived) is not null))
                {
                    edoc[unit] = new EdocPoint(Cell(row, sent) ?? 0, Cell(row, docsReceived) ?? 0);
                }
            }
        }
    }

    private static double? Cell(object?[] row, int column) => column < 0 ? null : row[column] switch
    {
        long l => l,
        double d => d,
        _ => null,
    };

    /// <summary>
    /// Availability per unit: one series per unit with the unit as a tag (a <c>GROUP BY unit</c> read) or one
    /// series with a row per unit and the unit as a column (the read-outs' outer select).
    /// </summary>
    private static void ReadUnitAvailability(IReadOnlyList<InfluxSeries> series, Dictionary<string, AvailabilityCount> into)
    {
        foreach (var s in series)
        {
            var (unitColumn, up, n) = (s.ColumnIndex(TagNames.Unit), s.ColumnIndex(SummaryStatements.UpColumn), s.ColumnIndex(SummaryStatements.CountColumn));
            var tagUnit = s.Tag(TagNames.Unit);
            foreach (var row in s.Values)
            {
                if ((unitColumn >= 0 ? row[unitColumn] as string : tagUnit) is { Length: > 0 } unit)
                {
                    into[unit] = new AvailabilityCount(Cell(row, up) ?? 0, Cell(row, n) ?? 0);
                }
            }
        }
    }

    private static void ReadSystemAvailability(IReadOnlyList<InfluxSeries> series, List<SystemAvailabilityCount> into)
    {
        foreach (var s in series)
        {
            if (s.Tag(TagNames.System) is { Length: > 0 } system && s.Values.Count > 0)
            {
                into.Add(new SystemAvailabilityCount(s.Tag(TagNames.Province) ?? string.Empty, s.Tag(TagNames.Level) ?? string.Empty, system,
                    new AvailabilityCount(s.Double(0, SummaryStatements.UpColumn) ?? 0, s.Double(0, SummaryStatements.CountColumn) ?? 0)));
            }
        }
    }
}
