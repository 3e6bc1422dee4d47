namespace Supervision.Simulator.Faults;

/// <summary>An injected fault: its request, when it runs, and the bitmap of targets it reaches.</summary>
public sealed class Fault
{
    private readonly bool[] _matched;
    private long _endedTicks = long.MaxValue;

    internal Fault(string id, FaultSpec spec, DateTimeOffset startedAt, bool[] matched, int matchedCount)
    {
        Id = id;
        Spec = spec;
        StartedAt = startedAt;
        ExpiresAt = spec.Duration is { } d ? startedAt + d : null;
        _matched = matched;
        MatchedCount = matchedCount;
    }

    /// <summary>The id handed back by the control API.</summary>
    public string Id { get; }

    /// <summary>What was asked.</summary>
    public FaultSpec Spec { get; }

    /// <summary>Shortcut to the kind.</summary>
    public FaultKind Kind => Spec.Kind;

    /// <summary>When it started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>When it expires, or null for never (until deleted).</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>How many targets it reaches.</summary>
    public int MatchedCount { get; }

    /// <summary>When it stopped: its expiry, or its deletion if earlier.</summary>
    public DateTimeOffset End
    {
        get
        {
            var ended = Interlocked.Read(ref _endedTicks);
            var end = ended == long.MaxValue ? DateTimeOffset.MaxValue : new DateTimeOffset(ended, TimeSpan.Zero);
            return ExpiresAt is { } e && e < end ? e : end;
        }
    }

    /// <summary>True when it reaches the target at <paramref name="index"/>.</summary>
    public bool Matches(int index) => _matched[index];

    /// <summary>True while running.</summary>
    public bool IsActive(DateTimeOffset now) => now >= StartedAt && now < End;

    /// <summary>The targets reached, as fleet indexes.</summary>
    public IEnumerable<int> MatchedIndexes()
    {
        for (var i = 0; i < _matched.Length; i++)
        {
            if (_matched[i])
            {
                yield return i;
            }
        }
    }

    internal void EndAt(DateTimeOffset when)
    {
        var ticks = when.UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _endedTicks);
            if (ticks >= current)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _endedTicks, ticks, current) != current);
    }
}
