namespace Supervision.Alerting.OnCall;

/// <summary>
/// Resolves schedules: overrides (newest first) above layers (last layer first). Hand-offs are computed in
/// the schedule's time zone, so "08:00" means 08:00 Vietnam time all year.
/// </summary>
public sealed class OnCallService : IDisposable
{
    private const string Table = "notify_oncall_override";
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(62);
    private readonly NotificationsConfig _config;
    private readonly KeyedJsonStore _store;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile IReadOnlyList<OnCallOverride>? _overrides;

    /// <summary>Creates the service.</summary>
    public OnCallService(NotificationsConfig config, KeyedJsonStore store)
    {
        _config = config;
        _store = store;
    }

    /// <summary>The configured schedules.</summary>
    public IReadOnlyCollection<ScheduleDefinition> Schedules => _config.Schedules.Values.ToArray();

    /// <summary>A person by name, or null.</summary>
    public OnCallUser? FindUser(string name) => _config.Users.GetValueOrDefault(name);

    /// <summary>Now and next of a schedule, or null when it does not exist.</summary>
    public async Task<OnCallAnswer?> AnswerAsync(string schedule, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (!_config.Schedules.TryGetValue(schedule, out var def))
        {
            return null;
        }

        var overrides = await OverridesAsync(cancellationToken);
        var (user, source, from) = Who(def, overrides, at);
        var change = NextChange(def, overrides, at, user);
        var now = new OnCallShift(user, Name(user), from, change?.At, source);
        OnCallShift? next = null;
        if (change is { } c)
        {
            var following = NextChange(def, overrides, c.At, c.User);
            next = new OnCallShift(c.User, Name(c.User), c.At, following?.At, c.Source);
        }

        return new OnCallAnswer(schedule, at, now, next);
    }

    /// <summary>The person on call on a schedule at an instant, or null.</summary>
    public async Task<OnCallUser?> OnCallAtAsync(string schedule, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (!_config.Schedules.TryGetValue(schedule, out var def))
        {
            return null;
        }

        var (user, _, _) = Who(def, await OverridesAsync(cancellationToken), at);
        return user is null ? null : FindUser(user);
    }

    /// <summary>Overrides of a schedule (all when null).</summary>
    public async Task<IReadOnlyList<OnCallOverride>> ListOverridesAsync(string? schedule, CancellationToken cancellationToken) =>
        (await OverridesAsync(cancellationToken)).Where(o => schedule is null || o.Schedule == schedule).ToArray();

    /// <summary>Adds an override; errors name the field.</summary>
    public async Task<(OnCallOverride? Override, IReadOnlyList<string> Errors)> AddOverrideAsync(
        string schedule, string user, DateTimeOffset startsAt, DateTimeOffset endsAt, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        if (!_config.Schedules.ContainsKey(schedule)) { errors.Add($"schedule: unknown schedule '{schedule}'"); }
        if (!_config.Users.ContainsKey(user)) { errors.Add($"user: unknown user '{user}'"); }
        if (endsAt <= startsAt) { errors.Add("endsAt: must be after startsAt"); }
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var o = new OnCallOverride(Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture)[..12], schedule, user, startsAt, endsAt, actor, now);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var current = await LoadCoreAsync(cancellationToken);
            await _store.UpsertAsync(Table, o.Id, o, new AuditRecord(now, actor, "oncall.override.create", schedule + "/" + o.Id), cancellationToken);
            _overrides = [.. current, o];
        }
        finally
        {
            _gate.Release();
        }

        return (o, []);
    }

    /// <summary>Removes an override; false when unknown.</summary>
    public async Task<bool> DeleteOverrideAsync(string id, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var current = await LoadCoreAsync(cancellationToken);
            var found = current.FirstOrDefault(o => o.Id == id);
            if (found is null || !await _store.DeleteAsync(Table, id, new AuditRecord(now, actor, "oncall.override.delete", found.Schedule + "/" + id), cancellationToken))
            {
                return false;
            }

            _overrides = current.Where(o => o.Id != id).ToArray();
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Who is on a schedule at an instant (pure; overrides given).</summary>
    public static (string? User, string? Source, DateTimeOffset? From) Who(ScheduleDefinition schedule, IReadOnlyList<OnCallOverride> overrides, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(overrides);
        OnCallOverride? best = null;
        foreach (var o in overrides)
        {
            if (o.Schedule == schedule.Name && o.StartsAt <= at && at < o.EndsAt && (best is null || o.CreatedAt >= best.CreatedAt))
            {
                best = o;
            }
        }

        if (best is not null)
        {
            return (best.User, "override:" + best.Id, best.StartsAt);
        }

        var local = TimeZoneInfo.ConvertTime(at, schedule.TimeZone).DateTime;
        for (var i = schedule.Layers.Count - 1; i >= 0; i--)
        {
            if (schedule.Layers[i].At(local) is { } hit)
            {
                return (hit.User, schedule.Layers[i].Name, ToInstant(schedule.TimeZone, hit.ShiftStartLocal));
            }
        }

        return (null, null, null);
    }

    private static (DateTimeOffset At, string? User, string? Source)? NextChange(ScheduleDefinition schedule, IReadOnlyList<OnCallOverride> overrides, DateTimeOffset from, string? current)
    {
        var cursor = from;
        var limit = from + Horizon;
        for (var i = 0; i < 500 && cursor < limit; i++)
        {
            var boundary = NextBoundary(schedule, overrides, cursor);
            if (boundary is not { } b || b > limit)
            {
                return null;
            }

            var (user, source, _) = Who(schedule, overrides, b);
            if (user != current)
            {
                return (b, user, source);
            }

            cursor = b;
        }

        return null;
    }

    private static DateTimeOffset? NextBoundary(ScheduleDefinition schedule, IReadOnlyList<OnCallOverride> overrides, DateTimeOffset after)
    {
        DateTimeOffset? best = null;
        var local = TimeZoneInfo.ConvertTime(after, schedule.TimeZone).DateTime;
        foreach (var layer in schedule.Layers)
        {
            var t = ToInstant(schedule.TimeZone, layer.NextHandoff(local));
            if (t > after && (best is null || t < best)) { best = t; }
        }

        foreach (var o in overrides)
        {
            if (o.Schedule != schedule.Name) { continue; }
            if (o.StartsAt > after && (best is null || o.StartsAt < best)) { best = o.StartsAt; }
            if (o.EndsAt > after && (best is null || o.EndsAt < best)) { best = o.EndsAt; }
        }

        return best;
    }

    private static DateTimeOffset ToInstant(TimeZoneInfo zone, DateTime local) =>
        new(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone.GetUtcOffset(local));

    private string? Name(string? user) => user is null ? null : FindUser(user)?.FullName ?? user;

    private async Task<IReadOnlyList<OnCallOverride>> OverridesAsync(CancellationToken cancellationToken)
    {
        // Shared by a cluster, the table may have changed on another node: read it again.
        if (_overrides is { } cached && !_store.IsShared)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await LoadCoreAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IReadOnlyList<OnCallOverride>> LoadCoreAsync(CancellationToken cancellationToken) =>
        _overrides is { } cached && !_store.IsShared ? cached : _overrides = await _store.ListAsync<OnCallOverride>(Table, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
