namespace Supervision.Dashboard.Security;

/// <summary>A name's failed sign-ins in a row, and until when it is locked.</summary>
/// <param name="Failures">Failures since the last success or lock.</param>
/// <param name="LockedUntil">End of the current lock, if any.</param>
public readonly record struct LockoutEntry(int Failures, DateTimeOffset? LockedUntil);

/// <summary>Where <see cref="SignInLockout"/> keeps its counters: this process's memory, or Redis shared by a Dashboard cluster.</summary>
public interface ILockoutStore
{
    /// <summary>The name's entry (zero failures, no lock when unknown).</summary>
    LockoutEntry Get(string name);

    /// <summary>Stores the name's entry, kept at least <paramref name="keep"/>.</summary>
    void Set(string name, LockoutEntry entry, DateTimeOffset now, TimeSpan keep);

    /// <summary>Forgets the name.</summary>
    void Remove(string name);
}

/// <summary>The single-node store: a bounded dictionary (a restart unlocks, docs/security.md).</summary>
public sealed class MemoryLockoutStore : ILockoutStore
{
    // Bounded: a flood of made-up names must not grow memory without end.
    private const int MaxTracked = 10_000;
    private readonly object _gate = new();
    private readonly Dictionary<string, LockoutEntry> _state = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public LockoutEntry Get(string name)
    {
        lock (_gate)
        {
            return _state.GetValueOrDefault(name);
        }
    }

    /// <inheritdoc />
    public void Set(string name, LockoutEntry entry, DateTimeOffset now, TimeSpan keep)
    {
        lock (_gate)
        {
            if (_state.Count >= MaxTracked && !_state.ContainsKey(name))
            {
                foreach (var (key, s) in _state.ToArray())
                {
                    if (s.LockedUntil is null || s.LockedUntil <= now)
                    {
                        _state.Remove(key);
                    }
                }
            }

            _state[name] = entry;
        }
    }

    /// <inheritdoc />
    public void Remove(string name)
    {
        lock (_gate)
        {
            _state.Remove(name);
        }
    }
}
