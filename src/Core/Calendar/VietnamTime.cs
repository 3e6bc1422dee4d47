namespace Supervision.Core.Calendar;

/// <summary>Vietnam's civil time: UTC+7 all year (no daylight saving), used for working hours and display.</summary>
public static class VietnamTime
{
    /// <summary>The fixed offset.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>
    /// Vietnam time as a time zone (for Quartz cron triggers and the like): a fixed UTC+7 made here rather than
    /// looked up as <c>Asia/Ho_Chi_Minh</c>, so it does not depend on the machine's tz database.
    /// </summary>
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.CreateCustomTimeZone("UTC+07:00", Offset, "UTC+07:00", "UTC+07:00");

    /// <summary>The instant as Vietnam local time.</summary>
    public static DateTimeOffset ToVietnam(DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary>Now in Vietnam time.</summary>
    public static DateTimeOffset Now(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return time.GetUtcNow().ToOffset(Offset);
    }
}
