using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Supervision.Collector.Push;

/// <summary>
/// What the push intake knows from the inventory: which unit a credential belongs to, every push target of the
/// inventory (to tell a push for another shard from an unknown one), and the live state of this shard's push targets.
/// Replaced as a whole on each inventory (re)load; a push target unchanged by a reload keeps its state.
/// </summary>
public sealed class PushRegistry(TargetStatusTracker tracker, CollectorIdentity identity)
{
    private readonly ConcurrentDictionary<string, PushTargetState> _states = new(StringComparer.Ordinal);
    private volatile Credentials _credentials = Credentials.Empty;

    /// <summary>This shard's push targets.</summary>
    public ICollection<PushTargetState> States => _states.Values;

    /// <summary>Takes the push side of a (re)loaded inventory; <paramref name="mine"/> are this shard's push targets.</summary>
    public void Apply(Inventory inventory, IEnumerable<Target> mine, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(mine);
        _credentials = Credentials.From(inventory);
        var wanted = mine.ToDictionary(t => t.Id, StringComparer.Ordinal);
        var gone = _states.Where(kv => !wanted.TryGetValue(kv.Key, out var t) || t != kv.Value.Target).Select(kv => kv.Key).ToList();
        foreach (var id in gone)
        {
            _states.TryRemove(id, out _);
        }

        tracker.Untrack(gone.Where(id => !wanted.ContainsKey(id)));
        var added = new List<Target>();
        foreach (var (id, target) in wanted)
        {
            if (!_states.ContainsKey(id))
            {
                _states[id] = new PushTargetState(target, now);
                added.Add(target);
            }
        }

        tracker.Track(added, now);
    }

    /// <summary>The unit whose credentials these are, or null. Secrets are compared by their SHA-256, in fixed time.</summary>
    public string? Authenticate(PushCredentialsPresented presented)
    {
        var credentials = _credentials;
        if (presented.Token is { } token)
        {
            return credentials.Tokens.GetValueOrDefault(Hash(token));
        }

        if (presented.Username is not { } user || presented.Password is not { } password)
        {
            return null;
        }

        var hash = Hash(password);
        if (credentials.Users.TryGetValue(user, out var entry) && CryptographicOperations.FixedTimeEquals(entry.PasswordHash, Convert.FromHexString(hash)))
        {
            return entry.Unit;
        }

        // A token as the password of basic auth, with the unit id as the user name (clients that speak only basic auth).
        return credentials.Tokens.TryGetValue(hash, out var unit) && string.Equals(unit, user, StringComparison.Ordinal) ? unit : null;
    }

    /// <summary>
    /// The push target <paramref name="system"/> of <paramref name="unit"/> (the unit's only push target when
    /// <paramref name="system"/> is empty), or why not: 404 not a push target, 421 served by another shard.
    /// </summary>
    public PushTargetState? Resolve(string unit, string? system, out int status, out string error)
    {
        var credentials = _credentials;
        status = 0;
        error = string.Empty;
        var systems = credentials.PushSystems.GetValueOrDefault(unit) ?? [];
        if (string.IsNullOrEmpty(system))
        {
            if (systems.Length == 1)
            {
                system = systems[0];
            }
            else
            {
                status = StatusCodes.Status404NotFound;
                error = systems.Length == 0
                    ? $"unit {unit} has no push target in the inventory"
                    : $"unit {unit} has several push targets ({string.Join(", ", systems)}): name one with db (InfluxDB 1.x), bucket (2.x) or system";
                return null;
            }
        }

        var id = Target.MakeId(unit, system);
        if (_states.TryGetValue(id, out var state))
        {
            return state;
        }

        if (Array.IndexOf(systems, system) >= 0)
        {
            status = StatusCodes.Status421MisdirectedRequest;
            error = $"push target {id} belongs to another collector's shard (this is {identity.Id}, shard {identity.Shard}); send it there";
            return null;
        }

        status = StatusCodes.Status404NotFound;
        error = systems.Length == 0
            ? $"unit {unit} has no push target in the inventory ('{system}' asked)"
            : $"'{system}' is not a push target of unit {unit}; its push targets: {string.Join(", ", systems)}";
        return null;
    }

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private sealed record Credentials(
        FrozenDictionary<string, string> Tokens,
        FrozenDictionary<string, (string Unit, byte[] PasswordHash)> Users,
        FrozenDictionary<string, string[]> PushSystems)
    {
        public static readonly Credentials Empty = new(
            FrozenDictionary<string, string>.Empty, FrozenDictionary<string, (string, byte[])>.Empty, FrozenDictionary<string, string[]>.Empty);

        public static Credentials From(Inventory inventory)
        {
            var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
            var users = new Dictionary<string, (string, byte[])>(StringComparer.Ordinal);
            foreach (var (unit, credentials) in inventory.PushCredentials)
            {
                if (credentials.Token is { } token)
                {
                    tokens[Hash(token)] = unit;
                }

                if (credentials is { Username: { } user, Password: { } password })
                {
                    users[user] = (unit, Convert.FromHexString(Hash(password)));
                }
            }

            var systems = inventory.Targets.Where(t => t.Mode == TargetMode.Push)
                .GroupBy(t => t.UnitId, StringComparer.Ordinal)
                .ToFrozenDictionary(g => g.Key, g => g.Select(t => t.System).ToArray(), StringComparer.Ordinal);
            return new Credentials(tokens.ToFrozenDictionary(StringComparer.Ordinal), users.ToFrozenDictionary(StringComparer.Ordinal), systems);
        }
    }
}

/// <summary>Credentials as a request presents them: a token, or a user name and password.</summary>
public readonly record struct PushCredentialsPresented(string? Token, string? Username, string? Password);

/// <summary>What a heartbeat declared about its target.</summary>
/// <param name="Status">Up, Degraded or Down.</param>
/// <param name="Reason">None, or UnhealthyEntry when the status came from health entries.</param>
/// <param name="Detail">The heartbeat's own words, or the unhealthy entries.</param>
/// <param name="Health">The health report sent with it, if any.</param>
public sealed record DeclaredStatus(TargetStatus Status, StatusReason Reason, string? Detail, HealthReport? Health);

/// <summary>The live state of one push target of this shard.</summary>
public sealed class PushTargetState
{
    private long _lastPushTicks;
    private long _pointsSinceSlot;

    /// <summary>Creates the state of a target first tracked at <paramref name="trackedSince"/>.</summary>
    public PushTargetState(Target target, DateTimeOffset trackedSince)
    {
        Target = target;
        TrackedSince = trackedSince;
        CenterTags = Encoding.UTF8.GetBytes(CenterTagText(target));
        Offset = Scheduling.ScheduleMath.Offset(target.Id, target.Interval);
        NextDue = Scheduling.ScheduleMath.NextDue(trackedSince, target.Interval, Offset);
    }

    /// <summary>The target.</summary>
    public Target Target { get; }

    /// <summary>The center's tags of every point of this target, as line protocol (<c>,unit=…,province=…,system=…,level=…</c>).</summary>
    public byte[] CenterTags { get; }

    /// <summary>When this collector started watching the target (the clock of "never pushed").</summary>
    public DateTimeOffset TrackedSince { get; }

    /// <summary>The target's stable offset within its period (its slot, as a scrape target's).</summary>
    public TimeSpan Offset { get; }

    /// <summary>The next slot at which a <c>scrape</c> point is written (the monitor's).</summary>
    public DateTimeOffset NextDue { get; set; }

    /// <summary>The status last recorded (the monitor's; null before the first).</summary>
    public (TargetStatus Status, StatusReason Reason)? Recorded { get; set; }

    /// <summary>The last heartbeat's declaration, or null (data pushes alone mean Up).</summary>
    public DeclaredStatus? Declared { get; set; }

    /// <summary>Serialises the monitor's evaluations of this target.</summary>
    public object Gate { get; } = new();

    /// <summary>When the last push arrived, or null.</summary>
    public DateTimeOffset? LastPush
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastPushTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Records a push of <paramref name="points"/> points at <paramref name="at"/>.</summary>
    public void Pushed(DateTimeOffset at, int points)
    {
        Interlocked.Exchange(ref _lastPushTicks, at.UtcTicks);
        Interlocked.Add(ref _pointsSinceSlot, points);
    }

    /// <summary>The points pushed since the last slot, and starts counting anew.</summary>
    public long TakePoints() => Interlocked.Exchange(ref _pointsSinceSlot, 0);

    private static string CenterTagText(Target target)
    {
        // Unit ids are digits or "central", system keys come from the catalogue: nothing to escape (the loader checks both).
        var province = target.ProvinceCode is { } p ? $",{TagNames.Province}={p}" : string.Empty;
        return $",{TagNames.Unit}={target.UnitId}{province},{TagNames.System}={target.System},{TagNames.Level}={UnitLevelText.Of(target.Level)}";
    }
}
