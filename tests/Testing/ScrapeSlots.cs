using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Supervision.Testing;

/// <summary>What the scrape-slot audit found over a time range.</summary>
/// <param name="Targets">Targets with at least one scrape in the range.</param>
/// <param name="Scrapes">Scrapes counted.</param>
/// <param name="Doubles">Slots scraped more than once (target, slot start, count).</param>
/// <param name="LongestGap">Longest time between two consecutive scrapes of one target.</param>
/// <param name="LongestGapTarget">The target of <see cref="LongestGap"/>.</param>
/// <param name="MostSlotsMissed">Most consecutive slots of one target with no scrape.</param>
public sealed record SlotAudit(int Targets, int Scrapes, IReadOnlyList<string> Doubles, TimeSpan LongestGap, string? LongestGapTarget, long MostSlotsMissed);

/// <summary>
/// Counts scrapes per target per schedule slot from the simulator's request log (<c>GET /control/requests/health</c>,
/// one <c>/health</c> request per collector scrape): a slot is the interval-long span starting at the target's due time
/// (the epoch-aligned grid shifted by its offset, as the collector's scheduler plans it). Shared by the shard-takeover
/// test and harness.
/// </summary>
public static class ScrapeSlots
{
    /// <summary>Every logged <c>/health</c> arrival (Unix ms) by target; the simulator must run with <c>--request-log N</c>.</summary>
    public static async Task<Dictionary<string, long[]>> FetchAsync(HttpClient simulator)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        var body = await simulator.GetFromJsonAsync<JsonElement>("/control/requests/health");
        var result = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var target in body.GetProperty("targets").EnumerateObject())
        {
            result[target.Name] = target.Value.EnumerateArray().Select(t => t.GetInt64()).ToArray();
        }

        return result;
    }

    /// <summary>
    /// The slot (count of intervals since the epoch-aligned start of the target's grid) holding <paramref name="unixMs"/>.
    /// A scrape never starts before its due time, but the log keeps whole milliseconds: one started 0.4 ms after a due
    /// time of …378.6 ms is logged at …378 ms, so a millisecond is added back before the slot is found.
    /// </summary>
    public static long Slot(long unixMs, TimeSpan offset, TimeSpan interval) =>
        (long)Math.Floor((unixMs + 1 - offset.TotalMilliseconds) / interval.TotalMilliseconds);

    /// <summary>Audits the scrapes that arrived in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static SlotAudit Audit(IReadOnlyDictionary<string, long[]> times, Func<string, TimeSpan> offsetOf, TimeSpan interval, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(offsetOf);
        var doubles = new List<string>();
        var longest = TimeSpan.Zero;
        string? longestTarget = null;
        long mostMissed = 0;
        int targets = 0, scrapes = 0;
        foreach (var (id, all) in times)
        {
            var inRange = all.Where(t => t >= from.ToUnixTimeMilliseconds() && t < to.ToUnixTimeMilliseconds()).Order().ToArray();
            if (inRange.Length == 0)
            {
                continue;
            }

            targets++;
            scrapes += inRange.Length;
            var offset = offsetOf(id);
            foreach (var slot in inRange.GroupBy(t => Slot(t, offset, interval)).Where(g => g.Count() > 1))
            {
                var start = DateTimeOffset.FromUnixTimeMilliseconds((long)((slot.Key * interval.TotalMilliseconds) + offset.TotalMilliseconds));
                doubles.Add(string.Create(CultureInfo.InvariantCulture, $"{id} slot {start:HH:mm:ss.fff}: {slot.Count()} scrapes at {string.Join(", ", slot.Select(t => DateTimeOffset.FromUnixTimeMilliseconds(t).ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)))}"));
            }

            for (var i = 1; i < inRange.Length; i++)
            {
                var gap = TimeSpan.FromMilliseconds(inRange[i] - inRange[i - 1]);
                if (gap > longest)
                {
                    (longest, longestTarget) = (gap, id);
                }

                mostMissed = Math.Max(mostMissed, Slot(inRange[i], offset, interval) - Slot(inRange[i - 1], offset, interval) - 1);
            }
        }

        return new SlotAudit(targets, scrapes, doubles, longest, longestTarget, mostMissed);
    }

    /// <summary>
    /// For each of <paramref name="ids"/>, the time from <paramref name="at"/> to its first scrape after it (null: none yet),
    /// and the slots it missed between its last scrape before <paramref name="at"/> and that first one.
    /// </summary>
    public static IReadOnlyDictionary<string, (TimeSpan? After, long Missed)> FirstAfter(
        IReadOnlyDictionary<string, long[]> times, IEnumerable<string> ids, Func<string, TimeSpan> offsetOf, TimeSpan interval, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(offsetOf);
        var atMs = at.ToUnixTimeMilliseconds();
        var result = new Dictionary<string, (TimeSpan?, long)>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var all = times.GetValueOrDefault(id) ?? [];
            var before = all.Where(t => t < atMs).DefaultIfEmpty(long.MinValue).Max();
            var after = all.Where(t => t >= atMs).DefaultIfEmpty(long.MaxValue).Min();
            if (after == long.MaxValue)
            {
                result[id] = (null, 0);
                continue;
            }

            var offset = offsetOf(id);
            var missed = before == long.MinValue ? 0 : Slot(after, offset, interval) - Slot(before, offset, interval) - 1;
            result[id] = (TimeSpan.FromMilliseconds(after - atMs), missed);
        }

        return result;
    }
}
