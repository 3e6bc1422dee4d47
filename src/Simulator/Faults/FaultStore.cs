namespace Supervision.Simulator.Faults;

/// <summary>
/// The faults injected into the fleet. Readers (every scrape) see immutable snapshots without locks;
/// writers (the control API, the scenario runner) copy on write, which is cheap because faults are few.
/// Drop faults are remembered after they end: the throughput they removed stays removed, which is what
/// keeps counters monotone across the fault's start and end.
/// </summary>
public sealed class FaultStore
{
    private readonly Lock _gate = new();
    private readonly SimulatedFleet _fleet;
    private readonly TimeProvider _time;
    private Fault[] _active = [];
    private Fault[] _drops = [];
    private long _nextId;

    /// <summary>Creates an empty store over a fleet.</summary>
    public FaultStore(SimulatedFleet fleet, TimeProvider time)
    {
        _fleet = fleet;
        _time = time;
    }

    /// <summary>Most faults the store holds at once; more are refused so a runaway script cannot exhaust memory.</summary>
    public const int MaxFaults = 1000;

    /// <summary>Every drop fault ever started (active or ended): the throughput history.</summary>
    public ReadOnlySpan<Fault> DropHistory => Volatile.Read(ref _drops);

    /// <summary>Starts a fault now; null when <see cref="MaxFaults"/> are already active.</summary>
    public Fault? Add(FaultSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            Prune(now);
            if (_active.Length >= MaxFaults)
            {
                return null;
            }

            var id = "f" + (++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var (matched, count) = Select(spec.Selector, id);
            var fault = new Fault(id, spec, now, matched, count);
            _active = [.. _active, fault];
            if (spec.Kind == FaultKind.Drop)
            {
                _drops = [.. _drops, fault];
            }

            return fault;
        }
    }

    /// <summary>Ends an active fault now; false when no active fault has this id.</summary>
    public bool Remove(string id)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            Prune(now);
            var fault = Array.Find(_active, f => string.Equals(f.Id, id, StringComparison.Ordinal));
            if (fault is null)
            {
                return false;
            }

            fault.EndAt(now);
            _active = Array.FindAll(_active, f => !ReferenceEquals(f, fault));
            return true;
        }
    }

    /// <summary>The faults active now, oldest first.</summary>
    public IReadOnlyList<Fault> Active()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            Prune(now);
            return _active;
        }
    }

    /// <summary>How many targets a selector would reach (the control API rejects selectors that reach none).</summary>
    public int CountMatching(FaultSelector selector) => Select(selector with { Fraction = null }, string.Empty).Count;

    /// <summary>Combines the faults active on one target at <paramref name="now"/>; allocation-free.</summary>
    public FaultEffects EffectsFor(int index, DateTimeOffset now)
    {
        var effects = FaultEffects.None;
        foreach (var fault in Volatile.Read(ref _active))
        {
            if (!fault.Matches(index) || !fault.IsActive(now))
            {
                continue;
            }

            var p = fault.Spec.Parameters;
            switch (fault.Kind)
            {
                case FaultKind.Hang:
                    effects.Hang = true;
                    break;
                case FaultKind.Down:
                    effects.Down = Worse(effects.Down, p.Mode);
                    break;
                case FaultKind.Flap:
                    // Down first, then up, then down...: the first phase shows the fault at once.
                    var phase = (long)((now - fault.StartedAt).TotalSeconds / p.PeriodSeconds);
                    if (phase % 2 == 0)
                    {
                        effects.Down = Worse(effects.Down, p.Mode);
                    }

                    break;
                case FaultKind.Slow:
                    effects.DelayMs = Math.Max(effects.DelayMs, p.DelayMs);
                    break;
                case FaultKind.Stall:
                    if (effects.StallStart is null || fault.StartedAt < effects.StallStart)
                    {
                        effects.StallStart = fault.StartedAt;
                    }

                    break;
                case FaultKind.Drop:
                    effects.LoadFactor *= p.Factor;
                    break;
                case FaultKind.Garbage:
                    effects.Garbage = true;
                    break;
                case FaultKind.Oversize:
                    effects.OversizeBytes = Math.Max(effects.OversizeBytes, p.Bytes);
                    break;
                default:
                    break;
            }
        }

        return effects;
    }

    private static DownMode Worse(DownMode? current, DownMode next) =>
        current == DownMode.Refused || next == DownMode.Refused ? DownMode.Refused : DownMode.ServiceUnavailable;

    private void Prune(DateTimeOffset now)
    {
        if (Array.Exists(_active, f => !f.IsActive(now)))
        {
            _active = Array.FindAll(_active, f => f.IsActive(now));
        }
    }

    private (bool[] Matched, int Count) Select(FaultSelector selector, string faultId)
    {
        var profiles = _fleet.Profiles;
        var matched = new bool[profiles.Count];
        var candidates = new List<(ulong Key, int Index)>();
        var faultHash = StableHash.Combine((ulong)_fleet.Seed, StableHash.Of(faultId));
        foreach (var p in profiles)
        {
            var t = p.Target;
            if ((selector.Unit is null || string.Equals(t.UnitId, selector.Unit, StringComparison.Ordinal))
                && (selector.Province is null || string.Equals(t.ProvinceCode, selector.Province, StringComparison.Ordinal))
                && (selector.System is null || string.Equals(t.System, selector.System, StringComparison.Ordinal)))
            {
                candidates.Add((StableHash.Combine(faultHash, p.Hash), p.Index));
            }
        }

        var take = candidates.Count;
        if (selector.Fraction is { } fraction)
        {
            // Exactly ceil(fraction × n) targets, chosen by a hash of seed, fault id and target: the same
            // request against the same seed picks the same targets, and a different fault picks others.
            take = (int)Math.Ceiling(fraction * candidates.Count);
            candidates.Sort((a, b) => a.Key.CompareTo(b.Key));
        }

        for (var i = 0; i < take; i++)
        {
            matched[candidates[i].Index] = true;
        }

        return (matched, take);
    }
}
