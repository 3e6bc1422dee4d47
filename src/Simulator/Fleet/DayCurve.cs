using Supervision.Core.Calendar;

namespace Supervision.Simulator.Fleet;

/// <summary>
/// How busy a public office is over time, Vietnam time: a working-day profile (morning peak, lunch dip,
/// afternoon, quiet night) and a rest-day profile (weekends and official days off). Counters are
/// rates times the integral of this curve, so they grow every second (never decrease) and are a pure
/// function of the clock. The integral is tabulated per minute and per day so a lookup costs O(1).
/// </summary>
public sealed class DayCurve
{
    /// <summary>Start of the simulated history (the two-level government's first day), Vietnam midnight. Counters count from here.</summary>
    public static readonly DateTimeOffset Epoch = new(2025, 7, 1, 0, 0, 0, VietnamTime.Offset);

    private const int MinutesPerDay = 1440;
    private const int MaxDays = 366 * 40;

    // (minute of day, activity) knots; activity between knots is linear.
    private static readonly (int Minute, double Activity)[] WorkdayKnots =
    [
        (0, 0.03), (360, 0.03), (450, 0.35), (510, 1.0), (690, 0.95), (720, 0.45), (795, 0.45), (840, 0.95),
        (990, 0.85), (1050, 0.2), (1200, 0.08), (1440, 0.03),
    ];

    private static readonly (int Minute, double Activity)[] RestDayKnots =
    [
        (0, 0.02), (480, 0.03), (600, 0.06), (960, 0.05), (1200, 0.03), (1440, 0.02),
    ];

    private readonly double[] _workCum;
    private readonly double[] _restCum;
    private readonly double[] _dayStart;
    private readonly bool[] _working;

    /// <summary>Tabulates the curve for the calendar's working days.</summary>
    public DayCurve(WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        _workCum = Tabulate(WorkdayKnots);
        _restCum = Tabulate(RestDayKnots);
        _dayStart = new double[MaxDays + 1];
        _working = new bool[MaxDays];
        var first = DateOnly.FromDateTime(Epoch.DateTime);
        for (var d = 0; d < MaxDays; d++)
        {
            _working[d] = calendar.IsWorkingDay(first.AddDays(d));
            _dayStart[d + 1] = _dayStart[d] + (_working[d] ? _workCum[MinutesPerDay] : _restCum[MinutesPerDay]);
        }
    }

    /// <summary>Activity-seconds of a whole working day: a rate "per working day" divided by this is a rate per activity-second.</summary>
    public double WorkdayTotal => _workCum[MinutesPerDay];

    /// <summary>Activity (0..1) at an instant.</summary>
    public double Activity(DateTimeOffset instant)
    {
        var (day, seconds) = Split(instant);
        if (day < 0)
        {
            return 0;
        }

        var knots = _working[day] ? WorkdayKnots : RestDayKnots;
        return At(knots, seconds / 60.0);
    }

    /// <summary>Activity-seconds from <see cref="Epoch"/> to the instant; non-decreasing in time.</summary>
    public double Cumulative(DateTimeOffset instant)
    {
        var (day, seconds) = Split(instant);
        if (day < 0)
        {
            return 0;
        }

        var table = _working[day] ? _workCum : _restCum;
        var minute = (int)(seconds / 60);
        var frac = (seconds - (minute * 60.0)) / 60.0;
        return _dayStart[day] + table[minute] + ((table[minute + 1] - table[minute]) * frac);
    }

    private static (int Day, double Seconds) Split(DateTimeOffset instant)
    {
        var ticks = (instant - Epoch).Ticks;
        if (ticks < 0)
        {
            return (-1, 0);
        }

        var day = ticks / TimeSpan.TicksPerDay;
        if (day >= MaxDays)
        {
            // Beyond the table (forty years on) the clock stops rather than wrap, which keeps counters monotone.
            return (MaxDays - 1, (MinutesPerDay * 60.0) - 1e-6);
        }

        return ((int)day, (ticks - (day * TimeSpan.TicksPerDay)) / (double)TimeSpan.TicksPerSecond);
    }

    private static double[] Tabulate((int Minute, double Activity)[] knots)
    {
        var cum = new double[MinutesPerDay + 1];
        for (var m = 0; m < MinutesPerDay; m++)
        {
            cum[m + 1] = cum[m] + (60.0 * At(knots, m + 0.5));
        }

        return cum;
    }

    private static double At((int Minute, double Activity)[] knots, double minute)
    {
        for (var i = 1; i < knots.Length; i++)
        {
            if (minute <= knots[i].Minute)
            {
                var (m0, a0) = knots[i - 1];
                var (m1, a1) = knots[i];
                return a0 + ((a1 - a0) * (minute - m0) / (m1 - m0));
            }
        }

        return knots[^1].Activity;
    }
}
