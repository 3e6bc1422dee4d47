namespace Supervision.Core.Calendar;

/// <summary>How an entry of the holiday table changes a date.</summary>
public enum CalendarDayKind
{
    /// <summary>A day off (public holiday, Tết, compensatory or swapped day off).</summary>
    DayOff,

    /// <summary>A Saturday or Sunday that is worked to make up for a swapped day off.</summary>
    MakeupWorkday,
}

/// <summary>One row of the holiday table.</summary>
/// <param name="Date">The date in Vietnam.</param>
/// <param name="Kind">Day off or make-up workday.</param>
/// <param name="Name">Vietnamese name.</param>
/// <param name="SourceKind">The table's own kind text (holiday, tet, compensatory, swapped-off, makeup-workday).</param>
public sealed record CalendarDay(DateOnly Date, CalendarDayKind Kind, string Name, string SourceKind);
