namespace Supervision.Dashboard.Security;

/// <summary>
/// Counts failed password sign-ins per user name and locks the name after <see cref="SecurityOptions.LockoutThreshold"/>
/// in a row, for <see cref="SecurityOptions.LockoutDuration"/>. Names that do not exist are counted too, so the
/// answer does not tell which names are real. Counters live in <see cref="ILockoutStore"/>: memory on one node (a
/// restart unlocks, docs/security.md), Redis in a cluster (a lock holds on every node).
/// </summary>
public sealed class SignInLockout(IOptions<SecurityOptions> options, TimeProvider time, ILockoutStore? store = null)
{
    // Failures in a row are remembered this long after the last one; a lock as long as it lasts.
    private static readonly TimeSpan KeepFailures = TimeSpan.FromDays(1);
    private readonly ILockoutStore _store = store ?? new MemoryLockoutStore();
    private readonly object _gate = new();

    /// <summary>When the name is locked now, until when; otherwise null.</summary>
    public DateTimeOffset? LockedUntil(string name) =>
        _store.Get(name).LockedUntil is { } until && until > time.GetUtcNow() ? until : null;

    /// <summary>Records a failure; returns the lock end when this failure locked the name.</summary>
    public DateTimeOffset? Fail(string name)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var s = _store.Get(name);
            var failures = s.LockedUntil is { } until && until <= now ? 1 : s.Failures + 1;
            if (failures >= options.Value.LockoutThreshold)
            {
                var lockedUntil = now + options.Value.LockoutDuration;
                _store.Set(name, new LockoutEntry(0, lockedUntil), now, options.Value.LockoutDuration + KeepFailures);
                return lockedUntil;
            }

            _store.Set(name, new LockoutEntry(failures, null), now, KeepFailures);
            return null;
        }
    }

    /// <summary>Forgets the failures of a name after a successful sign-in.</summary>
    public void Succeed(string name) => _store.Remove(name);
}
