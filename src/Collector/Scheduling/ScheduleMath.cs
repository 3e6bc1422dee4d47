namespace Supervision.Collector.Scheduling;

/// <summary>
/// Where a target's scrapes fall in time: each target keeps a stable offset within its interval (from
/// the hash of its id), so the fleet's scrapes spread evenly and a restart or reload lands every
/// target on the same phase as before. Due times are multiples of the interval plus the offset, counted
/// from the Unix epoch, so they never drift.
/// </summary>
public static class ScheduleMath
{
    /// <summary>The target's offset within its interval.</summary>
    public static TimeSpan Offset(string targetId, TimeSpan interval)
    {
        var hash = Targets.ShardSelector.Hash(targetId);
        // Mix once more: ids of one province differ only in a few digits.
        hash ^= hash >> 15;
        hash *= 0x2c1b3c6du;
        hash ^= hash >> 12;
        return TimeSpan.FromTicks((long)(hash % (ulong)interval.Ticks));
    }

    /// <summary>The first due time at or after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextDue(DateTimeOffset now, TimeSpan interval, TimeSpan offset)
    {
        var ticks = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks - offset.Ticks;
        var periods = ticks <= 0 ? 0 : (ticks + interval.Ticks - 1) / interval.Ticks;
        return new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + offset.Ticks + (periods * interval.Ticks), TimeSpan.Zero);
    }
}
