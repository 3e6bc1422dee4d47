namespace Supervision.Dashboard.Summaries;

/// <summary>
/// Turns the figures read from InfluxDB into a summary sheet: per-unit figures, added up into
/// provinces and the scope, ranked into league tables, and screened for early warnings. Pure: no I/O,
/// no clock, so every rule here is tested with hand-made data.
/// </summary>
public sealed class SummaryBuilder(Inventory inventory, RegionMap regions, SummaryOptions options)
{
    /// <summary>Builds the sheet for <paramref name="request"/> (already validated), limited to <paramref name="allowedProvinces"/> (null = all).</summary>
    public SummarySheet Build(SummaryWindow window, SummaryRequest request, SummaryData data, IReadOnlySet<string>? allowedProvinces, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(data);
        var units = UnitsInScope(request, allowedProvinces);
        var current = new Dictionary<string, FigureSum>(units.Count, StringComparer.Ordinal);
        var previous = new Dictionary<string, FigureSum>(units.Count, StringComparer.Ordinal);
        FigureSum total = default, totalPrevious = default;
        foreach (var unit in units)
        {
            var now = CurrentOf(unit.Id, data);
            var before = PreviousOf(unit.Id, data);
            current[unit.Id] = now;
            previous[unit.Id] = before;
            total.Add(now);
            totalPrevious.Add(before);
        }

        var provinceRows = request.Province is null && request.Commune is null
            ? ProvinceLeague(units, current, previous)
            : [];
        var communeRows = CommuneRows(request, units, current, previous);
        return new SummarySheet(
            window,
            request.Commune is not null ? SummaryScope.Commune : request.Province is not null ? SummaryScope.Province : SummaryScope.National,
            request.Region,
            request.Commune ?? request.Province,
            Title(request),
            total.ToFigures(),
            totalPrevious.ToFigures(),
            SystemRows(request, units, data),
            provinceRows,
            communeRows,
            Warnings(units, current, previous),
            generatedAt);
    }

    /// <summary>The units a request covers: a commune; a province and its communes; or every unit of the region and allowed provinces.</summary>
    public List<AdministrativeUnit> UnitsInScope(SummaryRequest request, IReadOnlySet<string>? allowedProvinces)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Commune is { } commune)
        {
            return inventory.FindUnit(commune) is { } unit ? [unit] : [];
        }

        if (request.Province is { } province)
        {
            var list = new List<AdministrativeUnit>(inventory.CommunesOf(province).Count + 1);
            if (inventory.FindUnit(province) is { } p)
            {
                list.Add(p);
            }

            list.AddRange(inventory.CommunesOf(province));
            return list;
        }

        var all = new List<AdministrativeUnit>(inventory.Units.Count);
        foreach (var unit in inventory.Units)
        {
            if (unit.Level == UnitLevel.Central)
            {
                // The central agencies belong to the country, not to a region or a province-bound user.
                if (request.Region is null && allowedProvinces is null)
                {
                    all.Add(unit);
                }

                continue;
            }

            if ((allowedProvinces is null || allowedProvinces.Contains(unit.ProvinceCode!)) && regions.Contains(request.Region, unit.ProvinceCode))
            {
                all.Add(unit);
            }
        }

        return all;
    }

    private static FigureSum CurrentOf(string unit, SummaryData data)
    {
        var end = Find(data.DossierEnd, unit);
        var stallStart = Find(data.DossierStallStart, unit);
        var stalled = end is { InProgress: > 0 } e && stallStart is { } s && e.Resolved - s.Resolved <= 0;
        return FigureSum.ForUnit(end, Find(data.DossierStart, unit), Find(data.EdocEnd, unit), Find(data.EdocStart, unit),
            data.UnitAvailability.GetValueOrDefault(unit), stalled);
    }

    private static FigureSum PreviousOf(string unit, SummaryData data) =>
        FigureSum.ForUnit(Find(data.DossierStart, unit), Find(data.DossierPreviousStart, unit), Find(data.EdocStart, unit),
            Find(data.EdocPreviousStart, unit), data.UnitAvailabilityPrevious.GetValueOrDefault(unit), stalled: false);

    private static T? Find<T>(Dictionary<string, T> map, string unit)
        where T : struct => map.TryGetValue(unit, out var value) ? value : null;

    private List<UnitRow> ProvinceLeague(List<AdministrativeUnit> units, Dictionary<string, FigureSum> current, Dictionary<string, FigureSum> previous)
    {
        var byProvince = new Dictionary<string, (FigureSum Now, FigureSum Before)>(StringComparer.Ordinal);
        foreach (var unit in units)
        {
            if (unit.ProvinceCode is not { } code)
            {
                continue;
            }

            byProvince.TryGetValue(code, out var sums);
            sums.Now.Add(current[unit.Id]);
            sums.Before.Add(previous[unit.Id]);
            byProvince[code] = sums;
        }

        var rows = new List<UnitRow>(byProvince.Count);
        foreach (var (code, sums) in byProvince)
        {
            var name = inventory.FindUnit(code)?.Name ?? code;
            rows.Add(new UnitRow(0, code, name, code, name, sums.Now.Stalled > 0, sums.Now.ToFigures(), sums.Before.ToFigures()));
        }

        rows.Sort(BestFirst);
        return Ranked(rows);
    }

    private List<UnitRow> CommuneRows(SummaryRequest request, List<AdministrativeUnit> units, Dictionary<string, FigureSum> current, Dictionary<string, FigureSum> previous)
    {
        var rows = new List<UnitRow>();
        foreach (var unit in units)
        {
            if (unit.Level == UnitLevel.Commune)
            {
                rows.Add(Row(unit, current[unit.Id], previous[unit.Id]));
            }
        }

        rows.Sort(WorstFirst);
        if (request.Province is not null || request.Commune is not null)
        {
            return Ranked(rows);
        }

        // Nationally: the worst few of each province, provinces in code order, ranked within their province.
        var taken = new Dictionary<string, int>(StringComparer.Ordinal);
        var worst = new List<UnitRow>();
        foreach (var row in rows)
        {
            var n = taken.GetValueOrDefault(row.ProvinceCode);
            if (n < options.WorstCommunesPerProvince)
            {
                taken[row.ProvinceCode] = n + 1;
                worst.Add(row with { Rank = n + 1 });
            }
        }

        worst.Sort((a, b) => a.ProvinceCode != b.ProvinceCode ? string.CompareOrdinal(a.ProvinceCode, b.ProvinceCode) : a.Rank.CompareTo(b.Rank));
        return worst;
    }

    private static List<SystemRow> SystemRows(SummaryRequest request, List<AdministrativeUnit> units, SummaryData data)
    {
        if (request.Commune is not null)
        {
            return [];
        }

        var provinces = new HashSet<string>(StringComparer.Ordinal);
        var central = false;
        foreach (var unit in units)
        {
            if (unit.ProvinceCode is { } code)
            {
                provinces.Add(code);
            }
            else
            {
                central = true;
            }
        }

        var now = new SortedDictionary<string, AvailabilityCount>(StringComparer.Ordinal);
        var before = new SortedDictionary<string, AvailabilityCount>(StringComparer.Ordinal);
        Sum(data.SystemAvailability, now);
        Sum(data.SystemAvailabilityPrevious, before);
        var rows = new List<SystemRow>(SystemCatalogue.Kinds.Count);
        foreach (var kind in SystemCatalogue.Kinds)
        {
            var has = now.TryGetValue(kind.Key, out var n);
            var had = before.TryGetValue(kind.Key, out var b);
            if (has || had)
            {
                rows.Add(new SystemRow(kind.Key, has ? n.Ratio : null, had ? b.Ratio : null));
            }
        }

        return rows;

        void Sum(List<SystemAvailabilityCount> counts, SortedDictionary<string, AvailabilityCount> into)
        {
            foreach (var c in counts)
            {
                if (c.Province.Length == 0 ? central : provinces.Contains(c.Province))
                {
                    into[c.System] = into.GetValueOrDefault(c.System) + c.Count;
                }
            }
        }
    }

    private List<EarlyWarning> Warnings(List<AdministrativeUnit> units, Dictionary<string, FigureSum> current, Dictionary<string, FigureSum> previous)
    {
        var warnings = new List<EarlyWarning>();
        var reasons = new List<WarningReason>(4);
        foreach (var unit in units)
        {
            if (unit.Level == UnitLevel.Central)
            {
                continue;
            }

            var now = current[unit.Id].ToFigures();
            var before = previous[unit.Id].ToFigures();
            reasons.Clear();
            if (now.StalledUnits > 0)
            {
                reasons.Add(WarningReason.Stalled);
            }

            if (now.Resolved >= options.MinResolvedForRate && now.OnTimeRate < options.SlowOnTimeRate)
            {
                reasons.Add(WarningReason.Slow);
            }

            // The overdue count at the start of the window is the previous window's end value.
            if (previous[unit.Id].WithoutBaseline == 0 && now.Overdue - before.Overdue >= options.OverdueRise && now.Overdue >= 1.2 * before.Overdue)
            {
                reasons.Add(WarningReason.OverdueRising);
            }

            if (now.Availability < options.LowAvailability)
            {
                reasons.Add(WarningReason.Unavailable);
            }

            if (reasons.Count > 0)
            {
                warnings.Add(new EarlyWarning(Row(unit, current[unit.Id], previous[unit.Id]), reasons.ToArray(), TrendOf(now, before)));
            }
        }

        warnings.Sort((a, b) =>
        {
            var c = (b.Reasons[0] == WarningReason.Stalled).CompareTo(a.Reasons[0] == WarningReason.Stalled);
            if (c == 0)
            {
                c = b.Reasons.Count.CompareTo(a.Reasons.Count);
            }

            return c != 0 ? c : WorstFirst(a.Unit, b.Unit);
        });
        return warnings.Count > options.EarlyWarningLimit ? warnings.GetRange(0, options.EarlyWarningLimit) : warnings;
    }

    /// <summary>
    /// The first clear signal decides: the on-time rate (±2 points), else overdue dossiers (±10 %), else
    /// availability (±1 point); nothing clear is steady.
    /// </summary>
    public static Trend TrendOf(Figures now, Figures before)
    {
        ArgumentNullException.ThrowIfNull(now);
        ArgumentNullException.ThrowIfNull(before);
        if (now.OnTimeRate is { } r && before.OnTimeRate is { } p && Math.Abs(r - p) > 0.02)
        {
            return r < p ? Trend.Worsening : Trend.Improving;
        }

        if (now.Overdue > before.Overdue * 1.1 && now.Overdue - before.Overdue >= 1)
        {
            return Trend.Worsening;
        }

        if (now.Overdue < before.Overdue * 0.9)
        {
            return Trend.Improving;
        }

        if (now.Availability is { } a && before.Availability is { } b && Math.Abs(a - b) > 0.01)
        {
            return a < b ? Trend.Worsening : Trend.Improving;
        }

        return Trend.Steady;
    }

    private UnitRow Row(AdministrativeUnit unit, in FigureSum now, in FigureSum before)
    {
        var province = unit.ProvinceCode ?? string.Empty;
        var provinceName = unit.Level == UnitLevel.Province ? unit.Name : inventory.FindUnit(province)?.Name ?? province;
        return new UnitRow(0, unit.Id, unit.Name, province, provinceName, now.Stalled > 0, now.ToFigures(), before.ToFigures());
    }

    private string Title(SummaryRequest request)
    {
        if (request.Commune is { } commune && inventory.FindUnit(commune) is { } c)
        {
            return $"{c.Name}, {inventory.FindUnit(c.ProvinceCode ?? string.Empty)?.Name}";
        }

        if (request.Province is { } province)
        {
            return inventory.FindUnit(province)?.Name ?? province;
        }

        return request.Region is { } region ? regions.NameOf(region) : "Toàn quốc";
    }

    private static List<UnitRow> Ranked(List<UnitRow> rows)
    {
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i] = rows[i] with { Rank = i + 1 };
        }

        return rows;
    }

    /// <summary>League order: on-time rate, then availability, higher first; then fewer overdue; then code.</summary>
    public static int BestFirst(UnitRow a, UnitRow b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var c = DescendingNullsLast(a.Current.OnTimeRate, b.Current.OnTimeRate);
        if (c == 0)
        {
            c = DescendingNullsLast(a.Current.Availability, b.Current.Availability);
        }

        if (c == 0)
        {
            c = a.Current.Overdue.CompareTo(b.Current.Overdue);
        }

        return c != 0 ? c : string.CompareOrdinal(a.Code, b.Code);
    }

    /// <summary>Worst first: stalled, then lowest on-time rate, lowest availability, most overdue; then code.</summary>
    public static int WorstFirst(UnitRow a, UnitRow b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var c = b.Stalled.CompareTo(a.Stalled);
        if (c == 0)
        {
            c = AscendingNullsLast(a.Current.OnTimeRate, b.Current.OnTimeRate);
        }

        if (c == 0)
        {
            c = AscendingNullsLast(a.Current.Availability, b.Current.Availability);
        }

        if (c == 0)
        {
            c = b.Current.Overdue.CompareTo(a.Current.Overdue);
        }

        return c != 0 ? c : string.CompareOrdinal(a.Code, b.Code);
    }

    private static int DescendingNullsLast(double? a, double? b) =>
        a is { } x ? (b is { } y ? y.CompareTo(x) : -1) : (b is null ? 0 : 1);

    private static int AscendingNullsLast(double? a, double? b) =>
        a is { } x ? (b is { } y ? x.CompareTo(y) : -1) : (b is null ? 0 : 1);
}
