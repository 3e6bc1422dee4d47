namespace Supervision.Dashboard.Summaries.Charts;

/// <summary>
/// What the leaders' charts read from InfluxDB for one scope, ending at a whole hour (<see cref="TrendWindow"/>): every
/// unit's counters at nine week boundaries (eight weeks: the last four and the four before) and the availability per
/// province and day over sixty days (the last thirty and the thirty before).
/// </summary>
public sealed class TrendData
{
    /// <summary>Creates the container for <paramref name="window"/>.</summary>
    public TrendData(TrendWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        Window = window;
        for (var i = 0; i < window.WeekBoundaries.Count; i++)
        {
            Dossier.Add(new Dictionary<string, DossierPoint>(StringComparer.Ordinal));
            Edoc.Add(new Dictionary<string, EdocPoint>(StringComparer.Ordinal));
        }
    }

    /// <summary>The instants read.</summary>
    public TrendWindow Window { get; }

    /// <summary>Per week boundary (oldest first), the procedure figures per unit.</summary>
    public List<Dictionary<string, DossierPoint>> Dossier { get; } = [];

    /// <summary>Per week boundary (oldest first), the e-document counters per unit.</summary>
    public List<Dictionary<string, EdocPoint>> Edoc { get; } = [];

    /// <summary>Per province code (empty for the central agencies), availability per day, index 0 = the oldest of the sixty days.</summary>
    public Dictionary<string, AvailabilityCount[]> DailyAvailability { get; } = new(StringComparer.Ordinal);
}

/// <summary>The instants of the charts: sixty days and nine week boundaries ending at <paramref name="End"/>, a whole hour.</summary>
/// <param name="End">Exclusive end (UTC, on the hour): the end of the last whole hour, as the summaries.</param>
public sealed record TrendWindow(DateTimeOffset End)
{
    /// <summary>Days in a period of the availability chart.</summary>
    public const int Days = 30;

    /// <summary>Weeks in a period of the weekly charts.</summary>
    public const int Weeks = 4;

    /// <summary>Start of the sixty days: the previous period's first day.</summary>
    public DateTimeOffset DaysStart => End.AddDays(-2 * Days);

    /// <summary>The day starts of both periods, oldest first (60; the last 30 are the current period).</summary>
    public IReadOnlyList<DateTimeOffset> DayStarts { get; } = Enumerable.Range(0, 2 * Days).Select(i => End.AddDays(i - (2 * Days))).ToArray();

    /// <summary>The week boundaries, oldest first (9: weeks 0–3 are the previous period, 4–7 the current).</summary>
    public IReadOnlyList<DateTimeOffset> WeekBoundaries { get; } = Enumerable.Range(0, (2 * Weeks) + 1).Select(i => End.AddDays(7 * (i - (2 * Weeks)))).ToArray();

    /// <summary>The window for <paramref name="now"/>: ending at the last whole hour.</summary>
    public static TrendWindow At(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        return new TrendWindow(new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero));
    }
}
