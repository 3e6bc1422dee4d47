namespace Supervision.Dashboard.Boards;

/// <summary>The live figures a board's <c>live</c> query names (docs/boards.md), computed from the live views.</summary>
public static class LiveFigures
{
    /// <summary>A figure for the national scope, or for <paramref name="province"/> when given; null for an unknown name.</summary>
    public static double? Value(string name, NationalSnapshot national, ProvinceSummary? province)
    {
        ArgumentNullException.ThrowIfNull(national);
        var targets = province?.Targets ?? national.Targets;
        var alerts = province is null ? national.Alerts : national.Alerts.Where(a => a.Labels.GetValueOrDefault("province") == province.Code).ToArray();
        return name switch
        {
            LiveFigureNames.Availability => Availability(targets),
            LiveFigureNames.TargetsDown => targets.Down,
            LiveFigureNames.ProvincesDown => province is null ? national.Provinces.Count(p => p.Status == TargetStatus.Down) : (province.Status == TargetStatus.Down ? 1 : 0),
            LiveFigureNames.CommunesDown => province?.Communes.Down ?? national.Provinces.Sum(p => p.Communes.Down),
            LiveFigureNames.CommunesDegraded => province?.Communes.Degraded ?? national.Provinces.Sum(p => p.Communes.Degraded),
            LiveFigureNames.AlertsFiring => alerts.Count(a => a.State == AlertState.Firing),
            LiveFigureNames.AlertsUnacknowledged => alerts.Count(a => a.State == AlertState.Firing && a.AcknowledgedBy is null),
            LiveFigureNames.DocumentsPerMinute => province is null ? national.Figures?.DocumentsPerMinute : null,
            LiveFigureNames.DossiersResolvedToday => province is null ? national.Figures?.DossiersResolvedToday : null,
            LiveFigureNames.DossiersOverdue => province is null ? national.Figures?.OverdueDossiers : null,
            _ => null,
        };
    }

    /// <summary>Provinces ranked worst first by <paramref name="name"/> (availability: lowest first), at most <paramref name="max"/>.</summary>
    public static IReadOnlyList<(ProvinceSummary Province, double Value)> Rank(string name, NationalSnapshot national, int max)
    {
        ArgumentNullException.ThrowIfNull(national);
        var rows = national.Provinces.Select(p => (Province: p, Value: Value(name, national, p) ?? 0));
        var ordered = name == LiveFigureNames.Availability
            ? rows.OrderBy(r => r.Value).ThenBy(r => r.Province.Code, StringComparer.Ordinal)
            : rows.OrderByDescending(r => r.Value).ThenBy(r => r.Province.Code, StringComparer.Ordinal);
        return ordered.Take(max).ToArray();
    }

    /// <summary>Share of targets up or degraded, percent; null when there are none.</summary>
    public static double? Availability(StatusCounts targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return targets.Total == 0 ? null : 100.0 * (targets.Up + targets.Degraded) / targets.Total;
    }
}
