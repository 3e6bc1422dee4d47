using Supervision.Core.Calendar;

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
        _ => "7d",
    };
}
