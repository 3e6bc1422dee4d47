namespace Supervision.Dashboard.Live;

/// <summary>
/// The Dashboard's view of the country: every target's last state (from collectors), the active alerts
/// (from alerting), rolled up unit → province → nation on demand. It remembers what changed since the last
/// fan-out so deltas carry only that. Stale data shows as stale, never as fine.
/// </summary>
public sealed class LiveState
{
    private readonly object _gate = new();
    private readonly Dictionary<string, TargetState> _targets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AlertView> _alerts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirtyUnits = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirtyProvinces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AlertView> _dirtyAlerts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (bool Stale, string AbsentShards)> _lastStale = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _collectorSeen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _targetCollector = new(StringComparer.Ordinal);
    private readonly RollupThresholds _thresholds;
    private long _firstDirtyAt;
    private long _revision;
    private readonly TimeProvider _time;

    /// <summary>Creates the state for an inventory.</summary>
    public LiveState(Inventory inventory, IOptions<DashboardOptions> options, TimeProvider time)
        : this(inventory, options, time, new NationalFigureStore(time))
    {
    }

    /// <summary>Creates the state for an inventory, with the national figures kept by <paramref name="figures"/>.</summary>
    public LiveState(Inventory inventory, IOptions<DashboardOptions> options, TimeProvider time, NationalFigureStore figures)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(figures);
        Inventory = inventory;
        _thresholds = options.Value.Rollup;
        _time = time;
        Figures = figures;
        StartedAt = time.GetUtcNow();
    }

    /// <summary>The national figures, from the collectors' reports.</summary>
    public NationalFigureStore Figures { get; }

    /// <summary>Raised after any change (Blazor pages re-render on it).</summary>
    public event Action? Changed;

    /// <summary>The inventory watched.</summary>
    public Inventory Inventory { get; }

    /// <summary>The newest observation of any target, or null.</summary>
    public DateTimeOffset? LastDataAt { get; private set; }

    /// <summary>When this state was made (the Dashboard started): Alerting's silence is counted from here until it first pushes.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>When Alerting last pushed anything (changes, a snapshot, or its watchdog beat: an empty batch), or null.</summary>
    public DateTimeOffset? LastAlertingAt { get; private set; }

    /// <summary>True when Alerting has been silent (no push, no beat) for longer than <paramref name="silentAfter"/> at <paramref name="now"/>.</summary>
    public bool AlertingSilent(DateTimeOffset now, TimeSpan silentAfter) => now - (LastAlertingAt ?? StartedAt) > silentAfter;

    /// <summary>Records a collector's heartbeat: every target it reports is fresh as of <paramref name="at"/>.</summary>
    public void Heartbeat(string collectorId, DateTimeOffset at)
    {
        lock (_gate)
        {
            _collectorSeen[collectorId] = at;
            if (LastDataAt is null || at > LastDataAt)
            {
                LastDataAt = at;
            }
        }

        Changed?.Invoke();
    }

    /// <summary>
    /// Grows with every change a later delta will carry (target states, alerts, a province going stale): a hub that
    /// sees it move while it sends a snapshot knows the snapshot may be older than a delta already on its way.
    /// </summary>
    public long Revision => Interlocked.Read(ref _revision);

    /// <summary>Applies a collector's changes (null collector: states rebuilt from storage).</summary>
    public void Apply(IEnumerable<TargetState> states, string? collectorId = null)
    {
        ArgumentNullException.ThrowIfNull(states);
        lock (_gate)
        {
            foreach (var state in states)
            {
                if (Inventory.FindTarget(state.TargetId) is not { } target)
                {
                    continue; // a target this Dashboard's inventory does not know: ignored, not stored
                }

                if (_targets.TryGetValue(state.TargetId, out var old) && old.ObservedAt > state.ObservedAt)
                {
                    continue; // late message from before a reconnect
                }

                _targets[state.TargetId] = state;
                if (collectorId is not null)
                {
                    _targetCollector[state.TargetId] = collectorId;
                }

                if (LastDataAt is null || state.ObservedAt > LastDataAt)
                {
                    LastDataAt = state.ObservedAt;
                }

                if (old is null || old.Status != state.Status || old.Reason != state.Reason)
                {
                    MarkDirty(target);
                }
            }
        }

        Changed?.Invoke();
    }

    /// <summary>Applies alert changes; a snapshot replaces the whole set.</summary>
    public void Apply(AlertChangeBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_gate)
        {
            LastAlertingAt = _time.GetUtcNow();
            if (batch.IsSnapshot)
            {
                foreach (var (id, old) in _alerts)
                {
                    if (!batch.Alerts.Any(a => a.Id == id))
                    {
                        _dirtyAlerts[id] = old with { State = AlertState.Resolved };
                    }
                }

                _alerts.Clear();
            }

            foreach (var alert in batch.Alerts)
            {
                if (alert.State is AlertState.Pending or AlertState.Firing)
                {
                    _alerts[alert.Id] = alert;
                }
                else
                {
                    _alerts.Remove(alert.Id);
                }

                _dirtyAlerts[alert.Id] = alert;
                NoteFirstChangeLocked();
            }
        }

        Changed?.Invoke();
    }

    /// <summary>
    /// Every target state held, grouped by the collector that reported it ("" for states rebuilt from storage), and the
    /// active alerts: what a cluster node hands the others after Redis was away (see <c>IngestReplicator</c>).
    /// </summary>
    public (IReadOnlyList<StatusChangeBatch> Targets, IReadOnlyList<AlertView> Alerts) Export()
    {
        lock (_gate)
        {
            var byCollector = _targets.Values
                .GroupBy(t => _targetCollector.GetValueOrDefault(t.TargetId) ?? string.Empty, StringComparer.Ordinal)
                .Select(g => new StatusChangeBatch(g.Key, g.ToArray()))
                .ToArray();
            return (byCollector, _alerts.Values.ToArray());
        }
    }

    /// <summary>One active (pending or firing) alert, or null.</summary>
    public AlertView? Alert(string id)
    {
        lock (_gate)
        {
            return _alerts.GetValueOrDefault(id);
        }
    }

    /// <summary>The active alerts that <paramref name="parentId"/> inhibits, oldest first.</summary>
    public IReadOnlyList<AlertView> InhibitedBy(string parentId)
    {
        lock (_gate)
        {
            return _alerts.Values.Where(a => a.InhibitedBy == parentId).OrderBy(a => a.FiredAt ?? a.ActiveSince).ToArray();
        }
    }

    /// <summary>The national view now.</summary>
    public NationalSnapshot National()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var provinces = Inventory.Provinces.Select(p => SummaryLocked(p, now)).ToArray();
            var national = TargetStatus.Up;
            foreach (var p in provinces)
            {
                national = p.Status > national ? p.Status : national;
            }

            return new NationalSnapshot(now, national, provinces, CountTargetsLocked(now), ActiveAlertsLocked(null)) { Figures = Figures.Current() };
        }
    }

    /// <summary>One province's view now, or null for an unknown code.</summary>
    public ProvinceSnapshot? Province(string code)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (Inventory.FindUnit(code) is not { Level: UnitLevel.Province } province)
            {
                return null;
            }

            return new ProvinceSnapshot(
                now, SummaryLocked(province, now), UnitViewLocked(province, now),
                Inventory.CommunesOf(code).Select(c => UnitViewLocked(c, now)).ToArray(), ActiveAlertsLocked(code));
        }
    }

    /// <summary>One unit's view now (any level), or null for an unknown id.</summary>
    public UnitView? Unit(string id)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            return Inventory.FindUnit(id) is { } unit ? UnitViewLocked(unit, now) : null;
        }
    }

    /// <summary>What changed since the last call: the national delta (null when nothing) and each changed province's delta.</summary>
    /// <remarks><c>PendingSince</c> is the <see cref="TimeProvider.GetTimestamp"/> of the oldest change carried, or 0.</remarks>
    public (NationalDelta? National, IReadOnlyList<(string Code, ProvinceDelta Delta)> Provinces, long PendingSince) TakeDeltas()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            // Staleness changes with time alone: a province going stale (wholly, or in part for an absent collector) is a change too.
            var absent = AbsentShardsLocked();
            foreach (var province in Inventory.Provinces)
            {
                var stale = (IsStaleLocked(province.Id, now), string.Join(',', StaleFromAbsentLocked(province.Id, absent, now).Shards));
                if (_lastStale.TryGetValue(province.Id, out var was) && was != stale)
                {
                    _dirtyProvinces.Add(province.Id);
                    _revision++;
                }

                _lastStale[province.Id] = stale;
            }

            if (_dirtyProvinces.Count == 0 && _dirtyAlerts.Count == 0)
            {
                return (null, [], 0);
            }

            var alerts = _dirtyAlerts.Values.ToArray();
            var provinceDeltas = new List<(string, ProvinceDelta)>();
            var changedSummaries = new List<ProvinceSummary>();
            foreach (var code in _dirtyProvinces.Order(StringComparer.Ordinal))
            {
                if (Inventory.FindUnit(code) is not { } province)
                {
                    continue;
                }

                var summary = SummaryLocked(province, now);
                changedSummaries.Add(summary);
                var units = _dirtyUnits
                    .Select(Inventory.FindUnit)
                    .Where(u => u is not null && (u.Id == code || u.ProvinceCode == code))
                    .Select(u => UnitViewLocked(u!, now))
                    .ToArray();
                provinceDeltas.Add((code, new ProvinceDelta(now, summary, units, alerts.Where(a => ProvinceOf(a) == code).ToArray())));
            }

            foreach (var alertProvince in alerts.Select(ProvinceOf).Where(c => c is not null && !_dirtyProvinces.Contains(c)).Distinct())
            {
                if (Inventory.FindUnit(alertProvince!) is { Level: UnitLevel.Province } province)
                {
                    provinceDeltas.Add((province.Id, new ProvinceDelta(now, SummaryLocked(province, now), [], alerts.Where(a => ProvinceOf(a) == province.Id).ToArray())));
                }
            }

            var national = TargetStatus.Up;
            foreach (var p in Inventory.Provinces)
            {
                var s = SummaryLocked(p, now).Status;
                national = s > national ? s : national;
            }

            _dirtyProvinces.Clear();
            _dirtyUnits.Clear();
            _dirtyAlerts.Clear();
            var pendingSince = _firstDirtyAt;
            _firstDirtyAt = 0;
            return (new NationalDelta(now, national, changedSummaries, CountTargetsLocked(now), alerts), provinceDeltas, pendingSince);
        }
    }

    /// <summary>
    /// Puts back what a round took but could not send (the backplane down): the next round sends those provinces, units
    /// and alerts again with their state at that time. Alerts changed again meanwhile keep their newer version.
    /// </summary>
    public void Requeue(NationalDelta national, IEnumerable<(string Code, ProvinceDelta Delta)> provinces)
    {
        ArgumentNullException.ThrowIfNull(national);
        ArgumentNullException.ThrowIfNull(provinces);
        lock (_gate)
        {
            NoteFirstChangeLocked();
            foreach (var summary in national.Provinces)
            {
                _dirtyProvinces.Add(summary.Code);
            }

            foreach (var (code, delta) in provinces)
            {
                _dirtyProvinces.Add(code);
                foreach (var unit in delta.Units)
                {
                    _dirtyUnits.Add(unit.Id);
                }
            }

            foreach (var alert in national.Alerts)
            {
                _dirtyAlerts.TryAdd(alert.Id, alert);
            }
        }

        // No Changed event: the broadcaster's own idle wake retries, so a backplane that stays down is not a busy loop.
    }

    private void MarkDirty(Target target)
    {
        NoteFirstChangeLocked();
        _dirtyUnits.Add(target.UnitId);
        if (target.ProvinceCode is { } province)
        {
            _dirtyProvinces.Add(province);
        }
    }

    // The oldest change not yet sent: the fan-out latency metric counts from here.
    private void NoteFirstChangeLocked()
    {
        _revision++;
        if (_firstDirtyAt == 0)
        {
            _firstDirtyAt = _time.GetTimestamp();
        }
    }

    private ProvinceSummary SummaryLocked(AdministrativeUnit province, DateTimeOffset now)
    {
        var own = Inventory.TargetsOf(province.Id);
        var ownStatus = StatusRollup.Unit(own, State, now, _thresholds.StaleAfter);
        var communes = StatusRollup.Count(Inventory.CommunesOf(province.Id).Select(c => StatusRollup.Unit(Inventory.TargetsOf(c.Id), State, now, _thresholds.StaleAfter)));
        var systems = own.ToDictionary(t => t.System, t => StatusRollup.Effective(State(t.Id), now, _thresholds.StaleAfter), StringComparer.Ordinal);
        var (absent, staleTargets) = StaleFromAbsentLocked(province.Id, AbsentShardsLocked(), now);
        return new ProvinceSummary(
            province.Id, province.Name, StatusRollup.Province(ownStatus, communes, _thresholds), IsStaleLocked(province.Id, now),
            LastDataLocked(province.Id), communes, systems, province.Latitude, province.Longitude, CountProvinceTargetsLocked(province.Id, now))
        {
            StaleFromAbsentShards = absent,
            StaleTargets = staleTargets,
        };
    }

    // The shards named by firing absent-shard alerts (label `shard`, collector-shard-absent in rules/availability.yaml).
    private string[] AbsentShardsLocked()
    {
        List<string>? shards = null;
        foreach (var alert in _alerts.Values)
        {
            if (alert.State == AlertState.Firing && alert.Labels.TryGetValue("shard", out var shard))
            {
                (shards ??= []).Add(shard);
            }
        }

        return shards is null ? [] : [.. shards.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    // While shards are absent: those shards and the province's targets without fresh data, when there are any. Only then
    // are the targets counted, so a center with every collector present pays nothing for it.
    private (string[] Shards, int StaleTargets) StaleFromAbsentLocked(string provinceCode, string[] absent, DateTimeOffset now)
    {
        if (absent.Length == 0)
        {
            return ([], 0);
        }

        var stale = 0;
        void Count(IReadOnlyList<Target> targets)
        {
            foreach (var target in targets)
            {
                if (State(target.Id) is not { } state || now - state.ObservedAt > _thresholds.StaleAfter)
                {
                    stale++;
                }
            }
        }

        Count(Inventory.TargetsOf(provinceCode));
        foreach (var commune in Inventory.CommunesOf(provinceCode))
        {
            Count(Inventory.TargetsOf(commune.Id));
        }

        return stale == 0 ? ([], 0) : (absent, stale);
    }

    private StatusCounts CountProvinceTargetsLocked(string code, DateTimeOffset now)
    {
        int up = 0, degraded = 0, down = 0, unknown = 0;
        void Count(IReadOnlyList<Target> targets)
        {
            foreach (var target in targets)
            {
                switch (StatusRollup.Effective(State(target.Id), now, _thresholds.StaleAfter))
                {
                    case TargetStatus.Up: up++; break;
                    case TargetStatus.Degraded: degraded++; break;
                    case TargetStatus.Down: down++; break;
                    default: unknown++; break;
                }
            }
        }

        Count(Inventory.TargetsOf(code));
        foreach (var commune in Inventory.CommunesOf(code))
        {
            Count(Inventory.TargetsOf(commune.Id));
        }

        return new StatusCounts(up, degraded, down, unknown);
    }

    private UnitView UnitViewLocked(AdministrativeUnit unit, DateTimeOffset now)
    {
        var targets = Inventory.TargetsOf(unit.Id);
        var states = targets.Select(t => State(t.Id) ?? new TargetState(t.Id, TargetStatus.Unknown, StatusReason.NeverSeen, null, now, DateTimeOffset.MinValue)).ToArray();
        return new UnitView(unit.Id, unit.Name, unit.Kind, StatusRollup.Unit(targets, State, now, _thresholds.StaleAfter), states);
    }

    private bool IsStaleLocked(string provinceCode, DateTimeOffset now)
    {
        var last = LastDataLocked(provinceCode);
        return last is null || now - last.Value > _thresholds.StaleAfter;
    }

    private DateTimeOffset? LastDataLocked(string provinceCode)
    {
        DateTimeOffset? last = null;
        foreach (var target in Inventory.TargetsOf(provinceCode))
        {
            last = Max(last, State(target.Id)?.ObservedAt);
        }

        foreach (var commune in Inventory.CommunesOf(provinceCode))
        {
            foreach (var target in Inventory.TargetsOf(commune.Id))
            {
                last = Max(last, State(target.Id)?.ObservedAt);
            }
        }

        return last;
    }

    // The fleet's targets: the center's own parts (self-monitoring) are watched by its rules, not counted with the fleet.
    private StatusCounts CountTargetsLocked(DateTimeOffset now) =>
        StatusRollup.Count(Inventory.Targets.Where(t => t.Level != UnitLevel.Center).Select(t => StatusRollup.Effective(State(t.Id), now, _thresholds.StaleAfter)));

    private AlertView[] ActiveAlertsLocked(string? province) =>
        _alerts.Values.Where(a => province is null || ProvinceOf(a) == province)
            .OrderByDescending(a => a.State).ThenBy(a => a.FiredAt ?? a.ActiveSince).ToArray();

    // A target is as fresh as its last observation or its collector's last heartbeat, whichever is newer.
    private TargetState? State(string targetId)
    {
        if (!_targets.TryGetValue(targetId, out var state))
        {
            return null;
        }

        return _targetCollector.TryGetValue(targetId, out var collector) &&
               _collectorSeen.TryGetValue(collector, out var seen) && seen > state.ObservedAt
            ? state with { ObservedAt = seen }
            : state;
    }

    private static string? ProvinceOf(AlertView alert) => alert.Labels.GetValueOrDefault("province");

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
