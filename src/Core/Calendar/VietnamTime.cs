namespace Supervision.Core.Calendar;

/// <summary>Vietnam's civil time: UTC+7 all year (no daylight saving), used for working hours and display.</summary>
public static class VietnamTime
{
    /// <summary>The fixed offset.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>The instant as Vietnam local time.</summary>
    public static DateTimeOffset ToVietnam(DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary>Now in Vietnam time.</summary>
    public static DateTimeOffset Now(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return time.GetUtcNow().ToOffset(Offset);
    }
}
