using Supervision.Core.Calendar;
using Supervision.Testing;

namespace Supervision.Core.Tests.Calendar;

public sealed class WorkingCalendarTests
{
    private static readonly WorkingCalendar Official = WorkingCalendar.Load(RepoPaths.Holidays);

    private static DateTimeOffset Vn(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, VietnamTime.Offset);

    [Fact]
    public void a_weekday_morning_in_vietnam_is_working_time_but_the_same_instant_is_evening_utc()
    {
        var tuesdayNineAm = Vn(2026, 11, 24, 9);
        Assert.True(Official.IsWorkingTime(tuesdayNineAm));
        Assert.True(Official.IsWorkingTime(tuesdayNineAm.ToUniversalTime()));
        Assert.False(Official.IsWorkingTime(Vn(2026, 11, 24, 19)));
        Assert.False(Official.IsWorkingTime(Vn(2026, 11, 24, 7, 29)));
        Assert.False(Official.IsWorkingTime(Vn(2026, 11, 28, 9)));
    }

    [Fact]
    public void national_day_and_tet_are_days_off_from_the_table()
    {
        Assert.False(Official.IsWorkingDay(new DateOnly(2025, 9, 2)));
        Assert.False(Official.IsWorkingDay(new DateOnly(2025, 1, 29)));
        Assert.True(Official.IsWorkingDay(new DateOnly(2025, 9, 3)));
    }

    [Fact]
    public void a_makeup_saturday_is_a_working_day()
    {
        var makeup = Official.Days.First(d => d.Kind == CalendarDayKind.MakeupWorkday);
        Assert.True(Official.IsWorkingDay(makeup.Date));
        Assert.False(WorkingCalendar.WeekendsOnly.IsWorkingDay(makeup.Date));
    }

    [Fact]
    public void working_time_between_counts_only_hours_of_working_days()
    {
        var fridayFour = Vn(2026, 11, 27, 16);
        var mondayNine = Vn(2026, 11, 30, 9);
        Assert.Equal(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(90), WorkingCalendar.WeekendsOnly.WorkingTimeBetween(fridayFour, mondayNine));
        Assert.Equal(TimeSpan.Zero, WorkingCalendar.WeekendsOnly.WorkingTimeBetween(mondayNine, fridayFour));
    }

    [Fact]
    public void a_bad_row_in_the_table_names_its_file_and_line()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "date,name_vi,name_en,kind,source\n2026-01-01,A,A,holiday,x\n2026-13-01,B,B,holiday,x\n");
            var ex = Assert.Throws<FormatException>(() => WorkingCalendar.Load(path));
            Assert.StartsWith($"{path}:3:", ex.Message, StringComparison.Ordinal);
            File.WriteAllText(path, "date,name_vi,name_en,kind,source\n2026-01-01,A,A,festival,x\n");
            Assert.Contains(":2: kind 'festival'", Assert.Throws<FormatException>(() => WorkingCalendar.Load(path)).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
