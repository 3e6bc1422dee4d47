namespace Supervision.Collector.Membership;

/// <summary>One agent as the shared store records it (times on the store's clock).</summary>
/// <param name="Id">The agent's id (<c>Collector:CollectorId</c>).</param>
/// <param name="JoinedAt">When it (re)joined: its first heartbeat after being absent.</param>
/// <param name="LastSeen">Its latest heartbeat; a clean stop sets it to "expired now".</param>
public sealed record MemberRecord(string Id, DateTimeOffset JoinedAt, DateTimeOffset LastSeen);

/// <summary>What one heartbeat read back: the store's clock and every agent it still remembers.</summary>
public sealed record MembershipSnapshot(DateTimeOffset Now, IReadOnlyList<MemberRecord> Members);

/// <summary>The slots an agent scrapes a target in: due times in [<see cref="From"/>, <see cref="Until"/>).</summary>
/// <param name="From">First due time owned (<see cref="DateTimeOffset.MinValue"/>: owned already).</param>
/// <param name="Until">First due time no longer owned (<see cref="DateTimeOffset.MaxValue"/>: no end known).</param>
/// <param name="TakenOver">True when the window starts because the previous owner stopped heartbeating.</param>
public readonly record struct OwnershipWindow(DateTimeOffset From, DateTimeOffset Until, bool TakenOver = false)
{
    /// <summary>Owned for good: static shards, and targets outside membership.</summary>
    public static OwnershipWindow Always { get; } = new(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

    /// <summary>True when the slot due at <paramref name="due"/> is owned.</summary>
    public bool Contains(DateTimeOffset due) => due >= From && due < Until;
}

/// <summary>
/// Who owns which slot, from one snapshot: the hand-over rule (docs in the collector README, "Shard takeover").
/// An agent counts for slots due from <c>JoinedAt + HandoverDelay</c> until <c>LastSeen + ExpireAfter + HandoverDelay</c>
/// (the end is known once it has expired). Every bound is a time on the store's clock taken from the store, and a slot's
/// due time is arithmetic (<see cref="Scheduling.ScheduleMath"/>), not a clock reading, so every agent classifies every
/// slot alike: the old owner scrapes the slots due before the change, the new owner those due at or after it, never both.
/// Each agent reads the store every heartbeat (shorter than the delay), so each learns of a change before it takes
/// effect; the snapshot at <c>now</c> decides every slot up to <c>now + HandoverDelay</c>.
/// </summary>
public sealed class MembershipTimeline
{
    private readonly (string Id, ulong Hash, DateTimeOffset From, DateTimeOffset Until)[] _members;
    private readonly DateTimeOffset[] _changes;
    private readonly ulong[][] _segments;
    private readonly int[][] _segmentMembers;

    /// <summary>Builds the timeline of <paramref name="snapshot"/>.</summary>
    public MembershipTimeline(MembershipSnapshot snapshot, TimeSpan expireAfter, TimeSpan handoverDelay)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Now = snapshot.Now;
        _members = snapshot.Members
            .OrderBy(m => m.Id, StringComparer.Ordinal)
            .Select(m => (m.Id, Rendezvous.Hash(m.Id), m.JoinedAt + handoverDelay,
                m.LastSeen + expireAfter > snapshot.Now ? DateTimeOffset.MaxValue : m.LastSeen + expireAfter + handoverDelay))
            .ToArray();
        LiveAgents = snapshot.Members.Where(m => m.LastSeen + expireAfter > snapshot.Now).Select(m => m.Id).Order(StringComparer.Ordinal).ToArray();
        _changes = _members.SelectMany(m => new[] { m.From, m.Until })
            .Where(t => t > Now && t != DateTimeOffset.MaxValue)
            .Distinct()
            .Order()
            .ToArray();
        _segments = new ulong[_changes.Length + 1][];
        _segmentMembers = new int[_changes.Length + 1][];
        for (var s = 0; s <= _changes.Length; s++)
        {
            var at = s == 0 ? Now : _changes[s - 1];
            var active = Enumerable.Range(0, _members.Length).Where(i => _members[i].From <= at && at < _members[i].Until).ToArray();
            _segmentMembers[s] = active;
            _segments[s] = active.Select(i => _members[i].Hash).ToArray();
        }

        Key = string.Join(';', _members.Select(m => $"{m.Id}@{m.From.UtcTicks}-{(m.Until == DateTimeOffset.MaxValue ? "" : m.Until.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture))}"));
    }

    /// <summary>The store's clock when the snapshot was read.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Agents whose latest heartbeat is within the expiry, by id.</summary>
    public IReadOnlyList<string> LiveAgents { get; }

    /// <summary>The times in (now, now + delay] at which the set of owning agents changes.</summary>
    public IReadOnlyList<DateTimeOffset> Changes => _changes;

    /// <summary>Equal for two snapshots that assign every slot alike (heartbeats of live agents do not change it).</summary>
    public string Key { get; }

    /// <summary>The agents that own slots due at <paramref name="at"/> (at or after <see cref="Now"/>).</summary>
    public IReadOnlyList<string> ActiveAt(DateTimeOffset at) => _segmentMembers[Segment(at)].Select(i => _members[i].Id).ToArray();

    /// <summary>The owner of <paramref name="targetId"/>'s slots due at <paramref name="at"/>, or null when no agent counts then.</summary>
    public string? OwnerAt(string targetId, DateTimeOffset at)
    {
        var s = Segment(at);
        var index = Rendezvous.Owner(Rendezvous.Hash(targetId), _segments[s]);
        return index < 0 ? null : _members[_segmentMembers[s][index]].Id;
    }

    /// <summary>
    /// The first run of slots from now on that <paramref name="self"/> owns of the target hashed <paramref name="targetHash"/>
    /// (<see cref="Rendezvous.Hash"/>), or null when it owns none up to the horizon.
    /// </summary>
    public OwnershipWindow? Window(string self, ulong targetHash)
    {
        int? start = null;
        for (var s = 0; s < _segments.Length; s++)
        {
            var index = Rendezvous.Owner(targetHash, _segments[s]);
            var mine = index >= 0 && _members[_segmentMembers[s][index]].Id == self;
            if (mine && start is null)
            {
                start = s;
            }
            else if (!mine && start is { } first)
            {
                return new OwnershipWindow(Bound(first, DateTimeOffset.MinValue), _changes[s - 1], TakenOver(first, targetHash));
            }
        }

        return start is { } from ? new OwnershipWindow(Bound(from, DateTimeOffset.MinValue), DateTimeOffset.MaxValue, TakenOver(from, targetHash)) : null;
    }

    private DateTimeOffset Bound(int segment, DateTimeOffset first) => segment == 0 ? first : _changes[segment - 1];

    // Taken over: the owner of the segment before the window's start stops counting at that start (it stopped heartbeating).
    private bool TakenOver(int segment, ulong targetHash)
    {
        if (segment == 0)
        {
            return false;
        }

        var index = Rendezvous.Owner(targetHash, _segments[segment - 1]);
        return index >= 0 && _members[_segmentMembers[segment - 1][index]].Until == _changes[segment - 1];
    }

    private int Segment(DateTimeOffset at)
    {
        var s = 0;
        while (s < _changes.Length && _changes[s] <= at)
        {
            s++;
        }

        return s;
    }
}
