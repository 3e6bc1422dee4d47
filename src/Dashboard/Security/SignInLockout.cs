using Microsoft.Extensions.Options;

namespace Supervision.Dashboard.Security;

/// <summary>
/// Counts failed password sign-ins per user name and locks the name after <see cref="SecurityOptions.LockoutThreshold"/>
/// in a row, for <see cref="SecurityOptions.LockoutDuration"/>. Names that do not exist are counted too, so the
/// answer does not tell which names are real. In memory: a restart unlocks (documented in docs/security.md).
/// </summary>
public sealed class SignInLockout(IOptions<SecurityOptions> options, TimeProvider time)
{
    // Bounded: a flood of made-up names must not grow memory without end.
    private const int MaxTracked = 10_000;
    private readonly object _gate = new();
    private readonly Dictionary<string, (int Failures, DateTimeOffset? LockedUntil)> _state = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>When the name is locked now, until when; otherwise null.</summary>
    public DateTimeOffset? LockedUntil(string name)
    {
        lock (_gate)
        {
            return _state.TryGetValue(name, out var s) && s.LockedUntil is { } until && until > time.GetUtcNow() ? until : null;
        }
    }

    /// <summary>Records a failure; returns the lock end when this failure locked the name.</summary>
    public DateTimeOffset? Fail(string name)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_state.Count >= MaxTracked && !_state.ContainsKey(name))
            {
                PruneLocked(now);
            }

            var s = _state.GetValueOrDefault(name);
            var failures = s.LockedUntil is { } until && until <= now ? 1 : s.Failures + 1;
            if (failures >= options.Value.LockoutThreshold)
            {
                var lockedUntil = now + options.Value.LockoutDuration;
                _state[name] = (0, lockedUntil);
                return lockedUntil;
            }

            _state[name] = (failures, null);
            return null;
        }
    }

    /// <summary>Forgets the failures of a name after a successful sign-in.</summary>
    public void Succeed(string name)
    {
        lock (_gate)
        {
            _state.Remove(name);
        }
    }

    private void PruneLocked(DateTimeOffset now)
    {
        foreach (var (key, s) in _state.ToArray())
        {
            if (s.LockedUntil is null || s.LockedUntil <= now)
            {
                _state.Remove(key);
            }
        }
    }
}
