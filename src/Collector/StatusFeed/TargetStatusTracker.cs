namespace Supervision.Collector.StatusFeed;

/// <summary>
/// The live status of every target of this shard, updated after each scrape. Changes (a new status or
/// reason) are queued for the Dashboard; <see cref="Snapshot"/> gives the whole view after a reconnect.
/// </summary>
public sealed class TargetStatusTracker
{
    private readonly ConcurrentDictionary<string, TargetState> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TargetState> _pending = new(StringComparer.Ordinal);

    /// <summary>Registers targets as never seen (Unknown) so snapshots list them before their first scrape.</summary>
    public void Track(IEnumerable<Target> targets, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(targets);
        foreach (var target in targets)
        {
            _states.TryAdd(target.Id, new TargetState(target.Id, TargetStatus.Unknown, StatusReason.NeverSeen, null, now, now));
        }
    }

    /// <summary>Forgets targets no longer in this shard.</summary>
    public void Untrack(IEnumerable<string> targetIds)
    {
        ArgumentNullException.ThrowIfNull(targetIds);
        foreach (var id in targetIds)
        {
            _states.TryRemove(id, out _);
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Records a scrape; returns the new state, and queues it when status or reason changed.</summary>
    public TargetState Record(Target target, ScrapeResult result, DateTimeOffset observedAt)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(result);
        var previous = _states.GetValueOrDefault(target.Id);
        var changed = previous is null || previous.Status != result.Status || previous.Reason != result.Reason;
        var state = new TargetState(target.Id, result.Status, result.Reason, result.Detail, changed ? observedAt : previous!.Since, observedAt);
        _states[target.Id] = state;
        if (changed)
        {
            _pending[target.Id] = state;
        }

        return state;
    }

    /// <summary>The queued changes (latest per target), emptied.</summary>
    public IReadOnlyList<TargetState> TakeChanges()
    {
        var changes = new List<TargetState>(_pending.Count);
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var state))
            {
                changes.Add(state);
            }
        }

        return changes;
    }

    /// <summary>Every target's current state.</summary>
    public IReadOnlyList<TargetState> Snapshot() => _states.Values.ToArray();

    /// <summary>Counts of targets by status.</summary>
    public IReadOnlyDictionary<TargetStatus, int> CountByStatus()
    {
        var counts = new Dictionary<TargetStatus, int>();
        foreach (var state in _states.Values)
        {
            counts[state.Status] = counts.GetValueOrDefault(state.Status) + 1;
        }

        return counts;
    }
}
