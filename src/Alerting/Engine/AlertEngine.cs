using System.Diagnostics;
using Supervision.Alerting.Evaluation;
using Supervision.Alerting.Inhibition;

namespace Supervision.Alerting.Engine;

/// <summary>
/// Owns alert state. A pass evaluates one group's rules (queries run outside the lock), applies the lifecycle,
/// derives inhibition over all alerts, asks <see cref="MuteEvaluator"/> (silences and maintenance windows, the one
/// place muting is decided) which are muted, stores what changed, hands every view to the notification
/// pipeline and publishes the changes. "Now" is read once per pass by the caller and passed down.
/// </summary>
internal sealed partial class AlertEngine : IDisposable
{
    private readonly IAlertStateStore _store;
    private readonly MuteEvaluator _mute;
    private readonly RuleRepository _rules;
    private readonly EvaluationContext _context;
    private readonly INotificationPipeline? _pipeline;
    private readonly IEnumerable<IAlertChangeSink> _sinks;
    private readonly AlertingMetrics _metrics;
    private readonly AlertingOptions _options;
    private readonly ILogger<AlertEngine> _logger;
    private readonly IStatePassLock _passLock;
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Province outages remembered past their end, so windowed rules' after-effects fold under them (under _gate).
    private readonly IncidentMemory _incidents = new();
    private readonly Dictionary<string, AlertRecord> _alerts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AlertView> _lastViews = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RuleStatus> _status = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private AlertView[] _views = [];

    public AlertEngine(
        IAlertStateStore store,
        MuteEvaluator mute,
        RuleRepository rules,
        EvaluationContext context,
        IEnumerable<IAlertChangeSink> sinks,
        AlertingMetrics metrics,
        IOptions<AlertingOptions> options,
        ILogger<AlertEngine> logger,
        INotificationPipeline? pipeline = null,
        IStatePassLock? passLock = null)
    {
        _passLock = passLock ?? NoPassLock.Instance;
        _store = store;
        _mute = mute;
        _rules = rules;
        _context = context;
        _sinks = sinks;
        _metrics = metrics;
        _options = options.Value;
        _logger = logger;
        _pipeline = pipeline;
        foreach (var a in store.LoadAlerts())
        {
            _alerts[a.Id] = a;
        }

        Log.Restored(logger, _alerts.Count);
    }

    public void Dispose() => _gate.Dispose();

    // Under the gate. In a cluster the pass lock makes the nodes' passes take turns, and the alerts are read
    // again so this pass starts from what the last one (on any node) wrote. With waitForTurn false, null when
    // another pass holds the lock.
    private async Task<IAsyncDisposable?> BeginPassAsync(CancellationToken ct, bool waitForTurn = true)
    {
        var held = waitForTurn ? await _passLock.AcquireAsync(ct) : await _passLock.TryAcquireAsync(ct);
        if (held is null || !_store.IsShared)
        {
            return held;
        }

        try
        {
            var loaded = _store.LoadAlerts();
            _alerts.Clear();
            _dirty.Clear();
            foreach (var a in loaded)
            {
                _alerts[a.Id] = a;
            }

            // Alerts another node forgot are gone here too (that node told the Dashboard).
            foreach (var id in _lastViews.Keys.Where(id => !_alerts.ContainsKey(id)).ToArray())
            {
                _lastViews.Remove(id);
            }

            return held;
        }
        catch
        {
            await held.DisposeAsync();
            throw;
        }
    }

    /// <summary>The views of every alert known (pending, firing, resolved still kept), as of the last pass.</summary>
    public IReadOnlyList<AlertView> Views => Volatile.Read(ref _views);

    public IReadOnlyList<RuleStatus> RuleStatuses()
    {
        lock (_status)
        {
            return _rules.Current.Groups.SelectMany(g => g.Rules.Select(r =>
                _status.GetValueOrDefault(r.Name) ?? new RuleStatus(r.Name, g.Name, KindText(r.Kind), null, 0, null, 0, false))).ToArray();
        }
    }

    /// <summary>
    /// Evaluates every group once (used at start-up, by tests and by the benchmark), the groups at the same time as
    /// their Quartz jobs run when their slots coincide; the rules of one group still run one after another.
    /// </summary>
    public Task EvaluateAllAsync(DateTimeOffset now, CancellationToken ct)
    {
        var groups = _rules.Current.Groups;
        var passes = new Task[groups.Count];
        for (var i = 0; i < passes.Length; i++)
        {
            passes[i] = EvaluateGroupAsync(groups[i].Name, now, ct);
        }

        return Task.WhenAll(passes);
    }

    /// <summary>One pass over one group.</summary>
    public async Task EvaluateGroupAsync(string groupName, DateTimeOffset now, CancellationToken ct)
    {
        var group = _rules.Current.Groups.FirstOrDefault(g => g.Name == groupName);
        if (group is null)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var results = new List<(AlertRule Rule, IReadOnlyList<Sample>? Samples)>(group.Rules.Count);
        var pass = _context with { Source = new PassQueryCache(_context.Source) };
        foreach (var rule in group.Rules)
        {
            var ruleStart = Stopwatch.GetTimestamp();
            if ((rule.WorkingHoursOnly || group.WorkingHours) && !_context.Calendar.IsWorkingTime(now))
            {
                SetStatus(new RuleStatus(rule.Name, group.Name, KindText(rule.Kind), now, 0, null, 0, true));
                continue;
            }

            try
            {
                var samples = await RuleEvaluator.EvaluateAsync(rule, now, pass, ct);
                results.Add((rule, samples));
                _metrics.LastFailed.WithLabels(rule.Name).Set(0);
                SetStatus(new RuleStatus(rule.Name, group.Name, KindText(rule.Kind), now, Stopwatch.GetElapsedTime(ruleStart).TotalSeconds, null, samples.Count, false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // A failing query must not stop the other rules; its alerts keep their state until it works again.
                _metrics.Failures.WithLabels(rule.Name).Inc();
                _metrics.LastFailed.WithLabels(rule.Name).Set(1);
                Log.RuleFailed(_logger, rule.Name, ex.Message);
                SetStatus(new RuleStatus(rule.Name, group.Name, KindText(rule.Kind), now, Stopwatch.GetElapsedTime(ruleStart).TotalSeconds, ex.Message, 0, false));
            }
        }

        await _gate.WaitAsync(ct);
        try
        {
            await using var turn = await BeginPassAsync(ct);
            foreach (var (rule, samples) in results)
            {
                Apply(rule, samples!, now);
            }

            await FinishPassAsync(now, ct);
        }
        finally
        {
            _gate.Release();
        }

        _metrics.Evaluations.WithLabels(group.Name).Inc();
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        _metrics.Duration.WithLabels(group.Name).Observe(seconds);
        _metrics.GroupEvaluated(group, seconds, now);
    }

    /// <summary>Rules were reloaded: alerts of rules that no longer exist resolve (or vanish if only pending).</summary>
    public async Task RulesChangedAsync(DateTimeOffset now, CancellationToken ct)
    {
        var names = _rules.Current.AllRules.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        await _gate.WaitAsync(ct);
        try
        {
            await using var turn = await BeginPassAsync(ct);
            foreach (var a in _alerts.Values)
            {
                if (!names.Contains(a.Rule) && AlertLifecycle.Inactive(a, now, TimeSpan.Zero))
                {
                    _dirty.Add(a.Id);
                }
            }

            await FinishPassAsync(now, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Acknowledges an alert; false when it is unknown.</summary>
    public async Task<AlertView?> AcknowledgeAsync(string id, string? by, string? comment, DateTimeOffset now, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var turn = await BeginPassAsync(ct);
            if (!_alerts.TryGetValue(id, out var a))
            {
                return null;
            }

            a.AcknowledgedBy = by;
            a.AcknowledgedAt = by is null ? null : now;
            a.AckComment = by is null ? null : comment;
            _dirty.Add(id);
            await FinishPassAsync(now, ct);
            return _lastViews.GetValueOrDefault(id);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Escalates an alert by hand (under the pass lock, so a cluster's nodes never move one group at once): null when the
    /// alert is unknown or not active; otherwise the groups escalated (empty when no escalation policy covers it).
    /// </summary>
    public async Task<IReadOnlyList<ManualEscalation>?> EscalateAsync(string id, string by, DateTimeOffset now, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var turn = await BeginPassAsync(ct);
            if (!_alerts.TryGetValue(id, out var a) || _lastViews.GetValueOrDefault(id) is not { State: AlertState.Firing })
            {
                return null;
            }

            return _pipeline is null ? [] : await _pipeline.EscalateAsync(a.Id, by, now, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The cluster's timer pass (group waits, repeats, escalation steps): as <see cref="RefreshAsync"/>, but skipped when
    /// another pass (on any node) holds the lock, since that pass hands the pipeline the same shared state. Two nodes
    /// ticking every interval then no longer queue behind each other's evaluations. True when it ran.
    /// </summary>
    public async Task<bool> TickAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (!await _gate.WaitAsync(0, ct))
        {
            return false; // this node's own pass is running
        }

        try
        {
            await using var turn = await BeginPassAsync(ct, waitForTurn: false);
            if (turn is null)
            {
                return false;
            }

            await FinishPassAsync(now, ct);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Recomputes muting after a silence change and tells the pipeline at once.</summary>
    public async Task RefreshAsync(DateTimeOffset now, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var turn = await BeginPassAsync(ct);
            await FinishPassAsync(now, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Apply(AlertRule rule, IReadOnlyList<Sample> samples, DateTimeOffset now)
    {
        var seen = new HashSet<string>(samples.Count, StringComparer.Ordinal);
        foreach (var s in samples)
        {
            var labels = new Dictionary<string, string>(s.Labels.Count + rule.Labels.Count + 2, StringComparer.Ordinal);
            foreach (var (k, v) in s.Labels)
            {
                labels[k] = v;
            }

            foreach (var (k, v) in rule.Labels)
            {
                labels[k] = v;
            }

            labels["alertname"] = rule.Name;
            labels["severity"] = rule.Severity;
            var id = Fingerprint.Of(labels);
            if (!seen.Add(id))
            {
                continue;
            }

            if (!_alerts.TryGetValue(id, out var a))
            {
                a = new AlertRecord { Id = id, Rule = rule.Name, Labels = labels, State = AlertState.Inactive, ActiveSince = now, StateSince = now };
                _alerts[id] = a;
            }

            a.Severity = rule.Severity;
            a.Value = s.Value;
            var annotations = new Dictionary<string, string>(rule.Annotations.Count, StringComparer.Ordinal);
            foreach (var (k, v) in rule.Annotations)
            {
                annotations[k] = AnnotationTemplate.Render(v, labels, s.Value, _context.Inventory);
            }

            if (!SameMap(a.Annotations, annotations))
            {
                a.Annotations = annotations;
                _dirty.Add(id);
            }

            if (AlertLifecycle.Active(a, now, rule.For))
            {
                _dirty.Add(id);
            }
        }

        foreach (var a in _alerts.Values)
        {
            if (a.Rule == rule.Name && !seen.Contains(a.Id) && AlertLifecycle.Inactive(a, now, rule.KeepFiringFor))
            {
                _dirty.Add(a.Id);
            }
        }
    }

    private async Task FinishPassAsync(DateTimeOffset now, CancellationToken ct)
    {
        var deleted = new List<string>();
        foreach (var a in _alerts.Values)
        {
            if (a.State == AlertState.Inactive
                || (a.State == AlertState.Resolved && now - (a.ResolvedAt ?? a.StateSince) >= _options.ResolvedRetention))
            {
                deleted.Add(a.Id);
            }
        }

        foreach (var id in deleted)
        {
            _alerts.Remove(id);
            _dirty.Remove(id);
        }

        var records = _alerts.Values;
        var inhibition = Inhibitor.Compute(records, _rules.Current.InhibitRules, _context.Inventory, (IReadOnlyList<string>)_options.HubSystems, _incidents, WindowOf, now);
        var mute = await _mute.SnapshotAsync(now, ct);
        var views = new AlertView[records.Count];
        var changed = new List<AlertView>();
        var i = 0;
        foreach (var a in records)
        {
            var view = ToView(a, inhibition, mute);
            views[i++] = view;
            if (!_lastViews.TryGetValue(a.Id, out var last) || !SameView(last, view))
            {
                changed.Add(view);
                _lastViews[a.Id] = view;
            }
        }

        foreach (var id in deleted)
        {
            if (_lastViews.Remove(id, out var gone) && gone.State != AlertState.Resolved)
            {
                changed.Add(gone with { State = AlertState.Inactive, StateSince = now });
            }
        }

        var dirty = new List<AlertRecord>(_dirty.Count);
        foreach (var id in _dirty)
        {
            dirty.Add(_alerts[id]);
        }

        _store.Save(dirty, deleted);
        _dirty.Clear();
        Volatile.Write(ref _views, views);
        _metrics.SetStates(views);

        // The wallboard first: an acknowledgement or a state change must not wait for notification bookkeeping.
        if (changed.Count > 0)
        {
            foreach (var sink in _sinks)
            {
                sink.Publish(changed);
            }
        }

        if (_pipeline is not null)
        {
            try
            {
                await _pipeline.ProcessAsync(views, now, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Notification trouble must not stop evaluation; the module retries from its own outbox.
                Log.PipelineFailed(_logger, ex.Message);
            }
        }
    }

    // The look-back of rules that judge a window (availability over the last hour): what an outage can still explain.
    private TimeSpan? WindowOf(string rule) =>
        _rules.Current.AllRules.FirstOrDefault(r => r.Name == rule)?.Spec is AvailabilitySpec a ? a.Window : null;

    private static AlertView ToView(AlertRecord a, InhibitionResult inhibition, MuteSnapshot mute)
    {
        IReadOnlyDictionary<string, string> annotations = a.Annotations;
        if (inhibition.Covers.TryGetValue(a.Id, out var cover) || a.FlapCount > 0)
        {
            var d = new Dictionary<string, string>(a.Annotations, StringComparer.Ordinal);
            if (cover is not null)
            {
                if (cover.Communes > 0)
                {
                    d["covers_communes"] = cover.Communes.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                d["inhibited_alerts"] = cover.InhibitedAlerts.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (a.FlapCount > 0)
            {
                d["flap_count"] = a.FlapCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            annotations = d;
        }

        // Silenced on the wallboard means a silence or an open maintenance window: the same answer the pipeline gets.
        var silenced = mute.Check(a.Labels).IsMuted;
        return new AlertView(a.Id, a.Rule, a.State, a.Severity, a.Labels, annotations, a.ActiveSince, a.FiredAt, a.ResolvedAt, a.StateSince,
            inhibition.InhibitedBy.GetValueOrDefault(a.Id), a.AcknowledgedBy, a.AcknowledgedAt, silenced);
    }

    private static bool SameView(AlertView x, AlertView y) =>
        x.State == y.State && x.StateSince == y.StateSince && x.InhibitedBy == y.InhibitedBy && x.AcknowledgedBy == y.AcknowledgedBy
        && x.Silenced == y.Silenced && SameMap(x.Annotations, y.Annotations);

    private static bool SameMap(IReadOnlyDictionary<string, string> x, IReadOnlyDictionary<string, string> y)
    {
        if (x.Count != y.Count)
        {
            return false;
        }

        foreach (var (k, v) in x)
        {
            if (!y.TryGetValue(k, out var w) || !string.Equals(v, w, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private void SetStatus(RuleStatus s)
    {
        lock (_status)
        {
            _status[s.Name] = s;
        }
    }

    internal static string KindText(RuleKind k) => k switch
    {
        RuleKind.Down => "down",
        RuleKind.Absent => "absent",
        RuleKind.Availability => "availability",
        RuleKind.Latency => "latency",
        RuleKind.ThroughputDrop => "throughput-drop",
        RuleKind.StalledProcedures => "stalled-procedures",
        _ => "query",
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Restored {Count} alerts from the state store")]
        public static partial void Restored(ILogger logger, int count);

        [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Rule {Rule} failed: {Error}")]
        public static partial void RuleFailed(ILogger logger, string rule, string error);

        [LoggerMessage(EventId = 5003, Level = LogLevel.Error, Message = "Notification pipeline failed: {Error}")]
        public static partial void PipelineFailed(ILogger logger, string error);
    }
}
