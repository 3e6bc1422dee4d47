namespace Supervision.Core.Calendar;

/// <summary>
/// Civil servants' working time in Vietnam: Monday to Friday within working hours (UTC+7), except the
/// official days off, plus make-up Saturdays. The holiday table is a file (config/vn-holidays.csv) so a
/// new year's Government notice is an edit, not a release.
/// </summary>
public sealed class WorkingCalendar
{
    private readonly Dictionary<DateOnly, CalendarDay> _days;

    /// <summary>Builds a calendar from its day table and working hours (local Vietnam time).</summary>
    public WorkingCalendar(IEnumerable<CalendarDay> days, TimeOnly dayStart, TimeOnly dayEnd)
    {
        ArgumentNullException.ThrowIfNull(days);
        if (dayEnd <= dayStart)
        {
            throw new ArgumentException($"working day end {dayEnd} must be after its start {dayStart}", nameof(dayEnd));
        }

        _days = new Dictionary<DateOnly, CalendarDay>();
        foreach (var day in days)
        {
            _days[day.Date] = day;
        }

        DayStart = dayStart;
        DayEnd = dayEnd;
    }

    /// <summary>Default start of the working day: 07:30, as most provincial offices open.</summary>
    public static readonly TimeOnly DefaultDayStart = new(7, 30);

    /// <summary>Default end of the working day: 17:00.</summary>
    public static readonly TimeOnly DefaultDayEnd = new(17, 0);

    /// <summary>Start of the working day, Vietnam time.</summary>
    public TimeOnly DayStart { get; }

    /// <summary>End of the working day, Vietnam time.</summary>
    public TimeOnly DayEnd { get; }

    /// <summary>The table's entries.</summary>
    public IReadOnlyCollection<CalendarDay> Days => _days.Values;

    /// <summary>A calendar with weekends only and default hours (tests, or when no table is configured).</summary>
    public static WorkingCalendar WeekendsOnly { get; } = new([], DefaultDayStart, DefaultDayEnd);

    /// <summary>Loads the holiday table (<c>date,name_vi,name_en,kind,source</c>); throws <see cref="FormatException"/> naming file:line.</summary>
    public static WorkingCalendar Load(string path, TimeOnly? dayStart = null, TimeOnly? dayEnd = null)
    {
        var table = CsvTable.Read(path);
        var date = table.Column("date");
        var name = table.Column("name_vi");
        var kind = table.Column("kind");
        var days = new List<CalendarDay>(table.Rows.Count);
        foreach (var row in table.Rows)
        {
            if (!DateOnly.TryParseExact(row[date], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                throw new FormatException($"{path}:{row.Line}: date '{row[date]}' is not yyyy-MM-dd");
            }

            var dayKind = row[kind] switch
            {
                "holiday" or "tet" or "compensatory" or "swapped-off" => CalendarDayKind.DayOff,
                "makeup-workday" => CalendarDayKind.MakeupWorkday,
                var other => throw new FormatException(
                    $"{path}:{row.Line}: kind '{other}' is unknown; use holiday, tet, compensatory, swapped-off or makeup-workday"),
            };
            days.Add(new CalendarDay(d, dayKind, row[name], row[kind]));
        }

        return new WorkingCalendar(days, dayStart ?? DefaultDayStart, dayEnd ?? DefaultDayEnd);
    }

    /// <summary>True when <paramref name="date"/> (Vietnam) is a working day.</summary>
    public bool IsWorkingDay(DateOnly date)
    {
        if (_days.TryGetValue(date, out var entry))
        {
            return entry.Kind == CalendarDayKind.MakeupWorkday;
        }

        return date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    /// <summary>True when the instant falls within working hours of a working day, Vietnam time.</summary>
    public bool IsWorkingTime(DateTimeOffset instant)
    {
        var local = VietnamTime.ToVietnam(instant);
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        return IsWorkingDay(DateOnly.FromDateTime(local.DateTime)) && time >= DayStart && time < DayEnd;
    }

    /// <summary>The working time between two instants (for "nothing resolved for T of working time").</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        var total = TimeSpan.Zero;
        var localFrom = VietnamTime.ToVietnam(from);
        var localTo = VietnamTime.ToVietnam(to);
        for (var day = DateOnly.FromDateTime(localFrom.DateTime); day <= DateOnly.FromDateTime(localTo.DateTime); day = day.AddDays(1))
        {
            if (!IsWorkingDay(day))
            {
                continue;
            }

            var start = new DateTimeOffset(day.ToDateTime(DayStart), VietnamTime.Offset);
            var end = new DateTimeOffset(day.ToDateTime(DayEnd), VietnamTime.Offset);
            var s = start > localFrom ? start : localFrom;
            var e = end < localTo ? end : localTo;
            if (e > s)
            {
                total += e - s;
            }
        }

        return total;
    }
}
