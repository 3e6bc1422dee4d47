namespace Supervision.Dashboard.Summaries;

/// <summary>The periods a leader can pick.</summary>
public enum SummaryPeriod
{
    /// <summary>Since midnight, Vietnam time (URL value <c>today</c>).</summary>
    Today,

    /// <summary>The last 7 days (URL value <c>7d</c>).</summary>
    Days7,

    /// <summary>The last 30 days (URL value <c>30d</c>).</summary>
    Days30,

    /// <summary>A calendar week, Monday 00:00 to Monday 00:00 Vietnam time (scheduled reports only; URL value <c>week</c>).</summary>
    Week,

    /// <summary>A calendar month in Vietnam time (scheduled reports only; URL value <c>month</c>).</summary>
    Month,
}

/// <summary>
/// The instants a summary covers. Every window ends at the last complete hour, because the figures come
/// from the 1-hour roll-ups and the current hour is not rolled up yet; the previous window has the same
/// length and ends where this one starts (for today: the same hours yesterday).
/// </summary>
/// <param name="Period">The period picked.</param>
/// <param name="Start">Inclusive start (UTC, on the hour).</param>
/// <param name="End">Exclusive end (UTC, on the hour).</param>
/// <param name="PreviousStart">Start of the comparison window.</param>
/// <param name="PreviousEnd">End of the comparison window.</param>
public sealed record SummaryWindow(SummaryPeriod Period, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset PreviousStart, DateTimeOffset PreviousEnd)
{
    /// <summary>The window of <paramref name="period"/> as seen at <paramref name="now"/>.</summary>
    public static SummaryWindow For(SummaryPeriod period, DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        var end = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
        switch (period)
        {
            case SummaryPeriod.Today:
                // Vietnam's offset is whole hours, so its midnight is on the hour in UTC too.
                var midnight = new DateTimeOffset(VietnamTime.ToVietnam(end).Date, VietnamTime.Offset).ToUniversalTime();
                return new SummaryWindow(period, midnight, end, midnight.AddDays(-1), end.AddDays(-1));
            case SummaryPeriod.Days7:
            case SummaryPeriod.Days30:
                var length = TimeSpan.FromDays(period == SummaryPeriod.Days7 ? 7 : 30);
                return new SummaryWindow(period, end - length, end, end - (2 * length), end - length);
            default:
                throw new ArgumentOutOfRangeException(nameof(period), period, "unknown period");
        }
    }

    /// <summary>
    /// The calendar week that starts on <paramref name="monday"/> (Vietnam date), compared with the week before: the
    /// window of a weekly report.
    /// </summary>
    public static SummaryWindow Week(DateOnly monday)
    {
        if (monday.DayOfWeek != DayOfWeek.Monday)
        {
            throw new ArgumentException($"{monday:yyyy-MM-dd} is a {monday.DayOfWeek}, not a Monday", nameof(monday));
        }

        var start = Midnight(monday);
        return new SummaryWindow(SummaryPeriod.Week, start, Midnight(monday.AddDays(7)), Midnight(monday.AddDays(-7)), start);
    }

    /// <summary>The calendar month <paramref name="year"/>-<paramref name="month"/> in Vietnam time, compared with the month before.</summary>
    public static SummaryWindow Month(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        var start = Midnight(first);
        return new SummaryWindow(SummaryPeriod.Month, start, Midnight(first.AddMonths(1)), Midnight(first.AddMonths(-1)), start);
    }

    /// <summary>Midnight of a Vietnam date, as a UTC instant (on the hour: Vietnam's offset is whole hours).</summary>
    public static DateTimeOffset Midnight(DateOnly vietnamDate) =>
        new DateTimeOffset(vietnamDate.ToDateTime(TimeOnly.MinValue), VietnamTime.Offset).ToUniversalTime();

    /// <summary>Reads the URL value (<c>today</c>, <c>7d</c>, <c>30d</c>); false for anything else.</summary>
    public static bool TryParse(string? text, out SummaryPeriod period)
    {
        switch (text)
        {
            case "today":
                period = SummaryPeriod.Today;
                return true;
            case "7d":
                period = SummaryPeriod.Days7;
                return true;
            case "30d":
                period = SummaryPeriod.Days30;
                return true;
            default:
                period = SummaryPeriod.Days7;
                return false;
        }
    }

    /// <summary>The URL value of a period.</summary>
    public static string UrlValue(SummaryPeriod period) => period switch
    {
        SummaryPeriod.Today => "today",
        SummaryPeriod.Days30 => "30d",
        SummaryPeriod.Week => "week",
        SummaryPeriod.Month => "month",
        _ => "7d",
    };
}
