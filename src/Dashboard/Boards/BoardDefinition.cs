namespace Supervision.Dashboard.Boards;

/// <summary>The kinds of panel a board can hold (docs/boards.md).</summary>
public enum PanelKind
{
    /// <summary>The 34 provinces placed on a map of Vietnam.</summary>
    Map,

    /// <summary>Units as a grid of coloured cells: provinces (scope national) or a province's communes.</summary>
    StatusGrid,

    /// <summary>Active alerts with age, time in state and acknowledgement.</summary>
    AlertList,

    /// <summary>One figure, coloured by thresholds.</summary>
    Stat,

    /// <summary>A series over time from InfluxDB.</summary>
    TimeSeries,

    /// <summary>Provinces ranked by a figure, worst first.</summary>
    Ranking,
}

/// <summary>Where a panel's data comes from.</summary>
public enum QuerySource
{
    /// <summary>A figure of the Dashboard's live state (names in <see cref="LiveFigureNames"/>).</summary>
    Live,

    /// <summary>An InfluxQL statement against the <c>supervision</c> database.</summary>
    InfluxQL,
}

/// <summary>A text in Vietnamese and English.</summary>
/// <param name="Vi">Vietnamese (the default language).</param>
/// <param name="En">English; the Vietnamese text when the file gives none.</param>
public sealed record LocalizedText(string Vi, string En)
{
    /// <summary>The text in the requested language.</summary>
    public string For(bool english) => english ? En : Vi;
}

/// <summary>A panel's cell range on the board's grid (1-based, like CSS grid lines).</summary>
/// <param name="X">First column.</param>
/// <param name="Y">First row.</param>
/// <param name="W">Columns spanned.</param>
/// <param name="H">Rows spanned.</param>
public sealed record PanelPlacement(int X, int Y, int W, int H);

/// <summary>A panel's query.</summary>
/// <param name="Source">Live state or InfluxDB.</param>
/// <param name="Expression">The live figure's name, or the InfluxQL statement (<c>$province</c> is replaced by the scope's province code).</param>
/// <param name="RefreshSeconds">How often an InfluxQL query runs again (live figures follow the state).</param>
public sealed record PanelQuery(QuerySource Source, string Expression, int RefreshSeconds);

/// <summary>One threshold step: values at or above <paramref name="From"/> take <paramref name="Status"/> (until the next step).</summary>
/// <param name="From">Lower bound, inclusive.</param>
/// <param name="Status">The colour's status.</param>
public sealed record ThresholdStep(double From, TargetStatus Status);

/// <summary>One panel of a board.</summary>
/// <param name="Id">Unique within the board.</param>
/// <param name="Kind">What it shows.</param>
/// <param name="Title">Its heading.</param>
/// <param name="Place">Where on the board's grid.</param>
/// <param name="Scope"><c>national</c> or <c>province:{code}</c>.</param>
/// <param name="Query">Its query (stat, time-series, ranking), or null.</param>
/// <param name="Thresholds">Colour steps, ascending (stat, ranking); empty for none.</param>
/// <param name="Max">Rows shown (alert-list, ranking).</param>
/// <param name="Unit">Unit after a figure, e.g. <c>%</c>, or null.</param>
/// <param name="Severities">Severities an alert-list shows; empty for all.</param>
public sealed record PanelDefinition(
    string Id, PanelKind Kind, LocalizedText Title, PanelPlacement Place, string Scope, PanelQuery? Query,
    IReadOnlyList<ThresholdStep> Thresholds, int Max, string? Unit, IReadOnlyList<string> Severities)
{
    /// <summary>The province code of a <c>province:{code}</c> scope, or null for national.</summary>
    public string? ProvinceCode => Scope.StartsWith(BoardScopes.ProvincePrefix, StringComparison.Ordinal) ? Scope[BoardScopes.ProvincePrefix.Length..] : null;

    /// <summary>The status a value takes under <see cref="Thresholds"/> (Unknown without thresholds or value).</summary>
    public TargetStatus StatusOf(double? value)
    {
        if (value is not { } v || Thresholds.Count == 0)
        {
            return TargetStatus.Unknown;
        }

        var status = Thresholds[0].Status;
        foreach (var step in Thresholds)
        {
            if (v >= step.From)
            {
                status = step.Status;
            }
        }

        return status;
    }
}

/// <summary>A board: panels on a grid, and its place in the kiosk rotation.</summary>
/// <param name="Id">Unique across the folder; the kiosk's <c>board=</c>.</param>
/// <param name="Title">Its heading.</param>
/// <param name="Order">Rotation order (ascending).</param>
/// <param name="Period">How long the kiosk shows it before the next.</param>
/// <param name="Columns">Grid columns.</param>
/// <param name="Rows">Grid rows.</param>
/// <param name="Panels">Its panels.</param>
/// <param name="File">The file it came from.</param>
public sealed record BoardDefinition(
    string Id, LocalizedText Title, int Order, TimeSpan Period, int Columns, int Rows, IReadOnlyList<PanelDefinition> Panels, string File);

/// <summary>Scope names of panels.</summary>
public static class BoardScopes
{
    /// <summary>The whole country.</summary>
    public const string National = "national";

    /// <summary>Prefix of a province scope, <c>province:79</c>.</summary>
    public const string ProvincePrefix = "province:";
}

/// <summary>Names of the live figures a <c>live</c> query may ask for.</summary>
public static class LiveFigureNames
{
    /// <summary>Share of targets up or degraded, percent.</summary>
    public const string Availability = "availability";

    /// <summary>Targets down.</summary>
    public const string TargetsDown = "targets-down";

    /// <summary>Provinces down (national scope).</summary>
    public const string ProvincesDown = "provinces-down";

    /// <summary>Communes down.</summary>
    public const string CommunesDown = "communes-down";

    /// <summary>Communes degraded.</summary>
    public const string CommunesDegraded = "communes-degraded";

    /// <summary>Firing alerts.</summary>
    public const string AlertsFiring = "alerts-firing";

    /// <summary>Firing alerts nobody has acknowledged.</summary>
    public const string AlertsUnacknowledged = "alerts-unacknowledged";

    /// <summary>E-documents sent nationwide in the last minute (national scope; also a time-series of the last hour).</summary>
    public const string DocumentsPerMinute = "documents-per-minute";

    /// <summary>Dossiers resolved nationwide since midnight, Vietnam time (national scope).</summary>
    public const string DossiersResolvedToday = "dossiers-resolved-today";

    /// <summary>Dossiers overdue nationwide now (national scope).</summary>
    public const string DossiersOverdue = "dossiers-overdue";

    /// <summary>Every name.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Availability, TargetsDown, ProvincesDown, CommunesDown, CommunesDegraded, AlertsFiring, AlertsUnacknowledged, DocumentsPerMinute, DossiersResolvedToday, DossiersOverdue];

    /// <summary>The names that hold only for the whole country (the collectors report national sums).</summary>
    public static IReadOnlyList<string> NationalOnly { get; } = [DocumentsPerMinute, DossiersResolvedToday, DossiersOverdue];

    /// <summary>The names a time-series may use (the Dashboard keeps their last hour).</summary>
    public static IReadOnlyList<string> WithHistory { get; } = [DocumentsPerMinute];

    /// <summary>The names a ranking may use (a figure per province).</summary>
    public static IReadOnlyList<string> Rankable { get; } = [Availability, CommunesDown, CommunesDegraded, AlertsFiring];
}
