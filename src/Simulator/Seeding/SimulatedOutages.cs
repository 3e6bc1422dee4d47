namespace Supervision.Simulator.Seeding;

/// <summary>
/// The outages of the simulated history, drawn from the seed like everything else of the fleet (same seed, same
/// history): on any day a target has a <see cref="TargetDailyChance"/> of one outage of 10 minutes to 3 hours,
/// and each province a <see cref="ProvinceDailyChance"/> of one system kind going down in all its units for 30
/// minutes to 4 hours (a province's data-center or link failure). Only availability depends on them; the
/// counters are the simulator's own pure functions of the clock, so the history joins the live figures seamlessly.
/// </summary>
public sealed class SimulatedOutages(ulong seed)
{
    /// <summary>Chance per target and day of an outage of its own.</summary>
    public const double TargetDailyChance = 0.04;

    /// <summary>Chance per province and day of an outage of one system kind in all its units.</summary>
    public const double ProvinceDailyChance = 0.03;

    private const ulong TargetPurpose = 0x5EED_0001;
    private const ulong ProvincePurpose = 0x5EED_0002;

    /// <summary>
    /// Minutes the target was down in the hour starting <paramref name="hourStart"/> (UTC, on the hour), and the last
    /// instant of the hour it was up (null when down all hour).
    /// </summary>
    public (double DownMinutes, DateTimeOffset? LastUp) InHour(TargetProfile profile, IReadOnlyList<string> provinceSystems, DateTimeOffset hourStart)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(provinceSystems);
        var hourEnd = hourStart.AddHours(1);
        Span<(DateTimeOffset Start, DateTimeOffset End)> outages = stackalloc (DateTimeOffset, DateTimeOffset)[4];
        var n = 0;

        // An outage starting yesterday may run into today's first hours: look at both days.
        var day = new DateTimeOffset(hourStart.UtcDateTime.Date, TimeSpan.Zero);
        for (var d = day.AddDays(-1); d <= day; d = d.AddDays(1))
        {
            var dayKey = (ulong)(d.ToUnixTimeSeconds() / 86400);
            if (Draw(StableHash.Combine(profile.Hash, TargetPurpose), dayKey, TargetDailyChance, out var start, out var minutes, 10, 180))
            {
                outages[n++] = (d.AddMinutes(start), d.AddMinutes(start + minutes));
            }

            if (profile.Target.ProvinceCode is { } province
                && Draw(StableHash.Combine(StableHash.Combine(seed, StableHash.Of(province)), ProvincePurpose), dayKey, ProvinceDailyChance, out var pStart, out var pMinutes, 30, 240)
                && provinceSystems[(int)(StableHash.Combine(StableHash.Of(province), dayKey) % (ulong)provinceSystems.Count)] == profile.Target.System)
            {
                outages[n++] = (d.AddMinutes(pStart), d.AddMinutes(pStart + pMinutes));
            }
        }

        var down = 0.0;
        DateTimeOffset? lastUp = hourEnd;
        // Scan back from the hour's end for the last instant no outage covers.
        var probe = hourEnd;
        for (var moved = true; moved && lastUp is not null;)
        {
            moved = false;
            foreach (var (s, e) in outages[..n])
            {
                if (s < probe && e >= probe)
                {
                    probe = s;
                    moved = true;
                }
            }

            lastUp = probe > hourStart ? probe : null;
        }

        // Down minutes: the union of the outages clipped to the hour, minute by minute (60 checks, no sorting).
        for (var m = 0; m < 60; m++)
        {
            var at = hourStart.AddMinutes(m + 0.5);
            foreach (var (s, e) in outages[..n])
            {
                if (s <= at && at < e)
                {
                    down++;
                    break;
                }
            }
        }

        return (down, lastUp);
    }

    private bool Draw(ulong key, ulong day, double chance, out double startMinute, out double minutes, double min, double max)
    {
        var h = StableHash.Combine(StableHash.Combine(key, seed), day);
        startMinute = 1440 * StableHash.Unit(StableHash.Combine(h, 1));
        minutes = StableHash.Between(StableHash.Combine(h, 2), min, max);
        return StableHash.Unit(h) < chance;
    }
}
