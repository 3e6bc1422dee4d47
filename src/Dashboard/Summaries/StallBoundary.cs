namespace Supervision.Dashboard.Summaries;

/// <summary>Where "nothing resolved for T of working time" starts, counted back from an instant on whole hours.</summary>
public static class StallBoundary
{
    // Tết can close offices for nine days in a row; a month back covers any break in the holiday table.
    private const int MaxHoursBack = 31 * 24;

    /// <summary>The latest whole hour before <paramref name="end"/> with at least <paramref name="working"/> of working time up to it.</summary>
    public static DateTimeOffset Before(WorkingCalendar calendar, DateTimeOffset end, TimeSpan working)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var t = end;
        for (var i = 0; i < MaxHoursBack; i++)
        {
            t = t.AddHours(-1);
            if (calendar.WorkingTimeBetween(t, end) >= working)
            {
                return t;
            }
        }

        return t;
    }
}
