namespace Supervision.Dashboard.Summaries.Charts;

/// <summary>One chart's values: the current period's slots and the previous period's, slot for slot; null = no data in that slot.</summary>
/// <param name="Current">The current period, oldest slot first.</param>
/// <param name="Previous">The previous period, aligned with <paramref name="Current"/>.</param>
public sealed record TrendSeries(IReadOnlyList<double?> Current, IReadOnlyList<double?> Previous)
{
    /// <summary>True when the current period has at least one value.</summary>
    public bool HasData => Current.Any(v => v is not null);
}

/// <summary>A unit's (or a province's, with its communes) small trends for the tables.</summary>
/// <param name="OnTimeWeekly">On-time rate per week over eight weeks (the first four are the previous period).</param>
/// <param name="AvailabilityDaily">Availability per day over the last thirty days (provinces only; empty for communes).</param>
public sealed record UnitSparks(IReadOnlyList<double?> OnTimeWeekly, IReadOnlyList<double?> AvailabilityDaily);

/// <summary>
/// The leaders' charts for one scope: 30-day availability by day, and by week over four weeks the on-time rate, the
/// overdue backlog at each week's end and the documents exchanged, each against the previous period; plus sparklines
/// per province and unit for the tables. Built from <see cref="TrendData"/> by <see cref="Build"/>.
/// </summary>
/// <param name="Window">The instants.</param>
/// <param name="Availability">Share of scrapes up per day (30 slots).</param>
/// <param name="OnTime">Dossiers resolved on time ÷ resolved, per week (4 slots).</param>
/// <param name="Overdue">Dossiers overdue at each week's end (4 slots).</param>
/// <param name="Documents">E-documents sent plus received per week (4 slots).</param>
/// <param name="Sparks">Per province code and unit code.</param>
public sealed record SummaryTrends(TrendWindow Window, TrendSeries Availability, TrendSeries OnTime, TrendSeries Overdue, TrendSeries Documents, IReadOnlyDictionary<string, UnitSparks> Sparks)
{
    /// <summary>
    /// Builds the charts of <paramref name="units"/> (the summary's scope). A week counts a unit only when it has a value at
    /// both ends (like the summaries' baseline rule), and its increases are floored at 0 (a counter reset); a slot no unit
    /// counts in is null, never 0.
    /// </summary>
    public static SummaryTrends Build(TrendData data, IReadOnlyCollection<AdministrativeUnit> units)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(units);
        var days = data.Window.DayStarts.Count;
        var provinces = units.Select(u => u.ProvinceCode ?? string.Empty).ToHashSet(StringComparer.Ordinal);
        var daily = new AvailabilityCount[days];
        foreach (var (province, counts) in data.DailyAvailability)
        {
            if (provinces.Contains(province))
            {
                for (var d = 0; d < days; d++)
                {
                    daily[d] += counts[d];
                }
            }
        }

        var availability = daily.Select(c => c.Ratio).ToArray();
        var weeks = data.Window.WeekBoundaries.Count - 1;
        var onTime = new double?[weeks];
        var overdue = new double?[weeks];
        var documents = new double?[weeks];
        for (var w = 0; w < weeks; w++)
        {
            onTime[w] = Rate(data, units.Select(u => u.Id), w);
            overdue[w] = OverdueAt(data, units, w + 1);
            documents[w] = Exchanged(data, units, w);
        }

        var sparks = new Dictionary<string, UnitSparks>(StringComparer.Ordinal);
        foreach (var group in units.GroupBy(u => u.ProvinceCode ?? string.Empty))
        {
            if (group.Key.Length > 0)
            {
                var ids = group.Select(u => u.Id).ToArray();
                var provinceDays = data.DailyAvailability.TryGetValue(group.Key, out var c) ? c[TrendWindow.Days..].Select(x => x.Ratio).ToArray() : new double?[TrendWindow.Days];
                sparks[group.Key] = new UnitSparks(Enumerable.Range(0, weeks).Select(w => Rate(data, ids, w)).ToArray(), provinceDays);
            }
        }

        foreach (var unit in units)
        {
            if (unit.Level == UnitLevel.Commune)
            {
                sparks[unit.Id] = new UnitSparks(Enumerable.Range(0, weeks).Select(w => Rate(data, [unit.Id], w)).ToArray(), []);
            }
        }

        return new SummaryTrends(data.Window, Split(availability), Split(onTime), Split(overdue), Split(documents), sparks);
    }

    private static TrendSeries Split(double?[] values)
    {
        var half = values.Length / 2;
        return new TrendSeries(values[half..], values[..half]);
    }

    private static double? Rate(TrendData data, IEnumerable<string> ids, int week)
    {
        var (start, end) = (data.Dossier[week], data.Dossier[week + 1]);
        double onTime = 0, resolved = 0;
        var counted = false;
        foreach (var id in ids)
        {
            if (start.TryGetValue(id, out var a) && end.TryGetValue(id, out var b))
            {
                var ot = Math.Max(0, b.OnTime - a.OnTime);
                onTime += ot;
                resolved += ot + Math.Max(0, b.Late - a.Late);
                counted = true;
            }
        }

        return counted && resolved > 0 ? onTime / resolved : null;
    }

    private static double? OverdueAt(TrendData data, IEnumerable<AdministrativeUnit> units, int boundary)
    {
        var at = data.Dossier[boundary];
        double sum = 0;
        var counted = false;
        foreach (var unit in units)
        {
            if (at.TryGetValue(unit.Id, out var p))
            {
                sum += p.Overdue;
                counted = true;
            }
        }

        return counted ? sum : null;
    }

    private static double? Exchanged(TrendData data, IEnumerable<AdministrativeUnit> units, int week)
    {
        var (start, end) = (data.Edoc[week], data.Edoc[week + 1]);
        double sum = 0;
        var counted = false;
        foreach (var unit in units)
        {
            if (start.TryGetValue(unit.Id, out var a) && end.TryGetValue(unit.Id, out var b))
            {
                sum += Math.Max(0, b.Sent - a.Sent) + Math.Max(0, b.Received - a.Received);
                counted = true;
            }
        }

        return counted ? sum : null;
    }
}
