using Quartz.Impl.Calendar;

namespace Supervision.Alerting.Scheduling;

/// <summary>
/// A Quartz calendar that includes only working time (Vietnam time, Mon–Fri, public holidays off, make-up days on),
/// so groups of working-hours rules do not even run at night or on holidays.
/// </summary>
internal sealed class WorkingTimeQuartzCalendar : BaseCalendar
{
    public const string Name = "working-time";

    public WorkingTimeQuartzCalendar(WorkingCalendar calendar)
    {
        Calendar = calendar;
        Description = "Vietnamese working time (holidays off)";
    }

    public WorkingCalendar Calendar { get; }

    public override bool IsTimeIncluded(DateTimeOffset timeUtc) => Calendar.IsWorkingTime(timeUtc);

    public override DateTimeOffset GetNextIncludedTimeUtc(DateTimeOffset timeUtc)
    {
        // Walk forward by minutes inside a day and by whole working-day starts across gaps; bounded to 60 days.
        var t = timeUtc.AddSeconds(1);
        var limit = timeUtc.AddDays(60);
        while (t < limit)
        {
            if (Calendar.IsWorkingTime(t))
            {
                return t;
            }

            var local = VietnamTime.ToVietnam(t);
            var day = DateOnly.FromDateTime(local.DateTime);
            var start = new DateTimeOffset(day.ToDateTime(Calendar.DayStart), VietnamTime.Offset);
            t = local < start && Calendar.IsWorkingDay(day) ? start : new DateTimeOffset(day.AddDays(1).ToDateTime(Calendar.DayStart), VietnamTime.Offset);
        }

        return limit;
    }

    public override BaseCalendar Clone() => new WorkingTimeQuartzCalendar(Calendar);
}
