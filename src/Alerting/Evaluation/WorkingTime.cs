namespace Supervision.Alerting.Evaluation;

/// <summary>Arithmetic on working time that <see cref="WorkingCalendar"/> does not offer itself.</summary>
internal static class WorkingTime
{
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(60);

    /// <summary>
    /// The latest instant <c>t</c> with <c>WorkingTimeBetween(t, now) &gt;= span</c>: "this much working time ago".
    /// A bisection over a monotone function; 40 steps reach millisecond precision over the 60-day horizon.
    /// </summary>
    public static DateTimeOffset Before(WorkingCalendar calendar, DateTimeOffset now, TimeSpan span)
    {
        var lo = now - span - Horizon;
        var hi = now - span;
        if (calendar.WorkingTimeBetween(lo, now) < span)
        {
            return lo;
        }

        for (var i = 0; i < 40 && hi - lo > TimeSpan.FromMilliseconds(1); i++)
        {
            var mid = lo + ((hi - lo) / 2);
            if (calendar.WorkingTimeBetween(mid, now) >= span)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
