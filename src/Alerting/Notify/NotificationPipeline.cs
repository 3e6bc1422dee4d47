using System.Security.Cryptography;
using Supervision.Alerting.Notify.Delivery;

namespace Supervision.Alerting.Notify;

/// <summary>
/// The whole notification order in one place, per tick: mute (inhibition, silences, maintenance) → route →
/// group → wait (group_wait / group_interval / repeat_interval) → escalate → enqueue (with the group state, in
/// one transaction). Delivery, retries and the attempt log belong to <see cref="Delivery.OutboxDispatcher"/>.
/// </summary>
public sealed class NotificationPipeline : INotificationPipeline, IDisposable
{
    private readonly NotificationsConfig _config;
    private readonly MuteEvaluator _mute;
    private readonly OnCallService _onCall;
    private readonly GroupStateStore _store;
    private readonly UnitNames _names;
    private readonly OutboxSignal? _signal;
    private readonly NotifyMetrics? _metrics;
    private readonly ILogger<NotificationPipeline> _logger;
    private readonly Dictionary<string, RouteNode> _routesById = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<string, GroupState>? _groups;
    private IReadOnlyList<AlertView>? _last;

    /// <summary>Creates the pipeline.</summary>
    public NotificationPipeline(
        NotificationsConfig config,
        MuteEvaluator mute,
        OnCallService onCall,
        GroupStateStore store,
        UnitNames names,
        ILogger<NotificationPipeline> logger,
        OutboxSignal? signal = null,
        NotifyMetrics? metrics = null)
    {
        _signal = signal;
        _metrics = metrics;
        _config = config;
        _mute = mute;
        _onCall = onCall;
        _store = store;
        _names = names;
        _logger = logger;
        Index(config.Routes.Root);
    }

    /// <inheritdoc />
    public async Task ProcessAsync(IReadOnlyList<AlertView> alerts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _last = alerts;
            await RunAsync(alerts, now, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task TickAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Until the engine has handed over its alerts once, an empty view would read as "everything
            // resolved" and send false resolutions after a restart: timers wait for the first real view.
            // Shared by a cluster, this node's last view may be older than another node's pass: the engine's
            // cluster ticker runs the timers instead, over the shared state and under the cluster's pass lock.
            if (_last is { } last && !_store.IsShared)
            {
                await RunAsync(last, now, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Active escalations (for the API).</summary>
    public async Task<IReadOnlyList<EscalationEntry>> EscalationsAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var groups = _groups ??= await _store.LoadAllAsync(cancellationToken);
            return groups.Values.Where(g => g.Escalation is not null).Select(g => new EscalationEntry(g.GroupKey, g.Escalation!.ToView())).ToArray();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>One notification group (what a message's group link opens), or null when no group has that key.</summary>
    public async Task<NotificationGroup?> GroupAsync(string groupKey, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_store.IsShared)
            {
                _groups = null;
            }

            var groups = _groups ??= await _store.LoadAllAsync(cancellationToken);
            return groups.TryGetValue(groupKey, out var g)
                ? new NotificationGroup(g.GroupKey, g.Receiver, g.GroupLabels, [.. g.Notified.Keys.Order(StringComparer.Ordinal)], g.Escalation?.ToView())
                : null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ManualEscalation>> EscalateAsync(string alertId, string by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(alertId);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_store.IsShared)
            {
                _groups = null;
            }

            var groups = _groups ??= await _store.LoadAllAsync(cancellationToken);
            var done = new List<ManualEscalation>();
            foreach (var state in groups.Values.Where(g => g.Notified.ContainsKey(alertId)).OrderBy(g => g.GroupKey, StringComparer.Ordinal).ToArray())
            {
                if (state.Escalation is not { } esc || _config.Policies.GetValueOrDefault(esc.Policy) is not { } policy || policy.Steps.Count == 0)
                {
                    continue;
                }

                // The next step now, whatever the timers say (an exhausted or acknowledged escalation too: someone
                // asked for help). The timers then carry on from this step; an acknowledgement stops them again.
                esc.Step++;
                if (esc.Step >= policy.Steps.Count)
                {
                    esc.Step = 0;
                    esc.Round++;
                }

                esc.Status = EscalationProgress.Active;
                esc.AcknowledgedBy = null;
                esc.StepStartedAt = now;
                esc.Generation++;
                var reason = NotifyReason.Manual(by, esc.Step + 1, esc.Round);
                var outbox = new List<Notification>();
                var firing = state.Notified.Values.Where(a => a.Status == NotificationAlert.Firing).ToList();
                foreach (var c in await ContactsAsync(policy, esc.Step, now, cancellationToken))
                {
                    if (!esc.Contacted.Contains(c))
                    {
                        esc.Contacted.Add(c);
                    }

                    outbox.Add(Make(state, state.Receiver, c, NotificationAlert.Firing, firing, reason, $"manual/{esc.Generation}/{esc.Round}/{esc.Step}", now));
                }

                PipelineLog.Escalation(_logger, policy.Name, state.GroupKey, reason.En);
                await _store.CommitAsync(state, delete: false, outbox, new AuditRecord(now, by, "escalation.manual", state.GroupKey), now, cancellationToken);
                state.Persisted = true;
                foreach (var n in outbox)
                {
                    _metrics?.Enqueued(n.Receiver);
                }

                if (outbox.Count > 0)
                {
                    _signal?.Notify();
                }

                done.Add(new ManualEscalation(state.GroupKey, policy.Name, esc.Step + 1, esc.Round, [.. outbox.Select(n => n.Recipient ?? n.Receiver)]));
            }

            return done;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RunAsync(IReadOnlyList<AlertView> alerts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_store.IsShared)
        {
            // Another node may have moved a group (sent, escalated) since this node last looked.
            _groups = null;
        }

        var groups = _groups ??= await _store.LoadAllAsync(cancellationToken);
        var mute = await _mute.SnapshotAsync(now, cancellationToken);
        var work = new Dictionary<string, GroupWork>(StringComparer.Ordinal);
        var present = new HashSet<string>(alerts.Count, StringComparer.Ordinal);
        foreach (var alert in alerts)
        {
            var firing = alert.State == AlertState.Firing;
            var resolved = alert.State == AlertState.Resolved || (alert.State == AlertState.Inactive && alert.FiredAt is not null);
            if (!firing && !resolved)
            {
                continue;
            }

            present.Add(alert.Id);
            var muted = firing && mute.Check(alert).IsMuted;
            foreach (var route in _config.Routes.Match(alert.Labels))
            {
                var labels = GroupKey.LabelsFor(route, alert.Labels);
                var key = GroupKey.For(route, labels);
                if (!work.TryGetValue(key, out var w))
                {
                    w = new GroupWork(route, labels);
                    work[key] = w;
                }

                (firing ? (muted ? w.Muted : w.Firing) : w.Resolved).Add(alert);
            }
        }

        foreach (var (key, state) in groups)
        {
            if (!work.ContainsKey(key))
            {
                var route = _routesById.GetValueOrDefault(state.RouteId) ?? _config.Routes.Root;
                work[key] = new GroupWork(route, new SortedDictionary<string, string>(state.GroupLabels, StringComparer.Ordinal));
            }
        }

        try
        {
            foreach (var (key, w) in work)
            {
                await HandleGroupAsync(key, w, groups, present, now, cancellationToken);
            }
        }
        catch
        {
            // A group's memory may be ahead of the store (a failed commit): reload on the next tick so nothing
            // is taken as sent that was not enqueued.
            _groups = null;
            throw;
        }
    }

    private async Task HandleGroupAsync(string key, GroupWork w, Dictionary<string, GroupState> groups, HashSet<string> present, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!groups.TryGetValue(key, out var state))
        {
            if (w.Firing.Count == 0)
            {
                return;
            }

            state = new GroupState
            {
                GroupKey = key,
                RouteId = w.Route.Id,
                Receiver = w.Route.Receiver,
                GroupLabels = new Dictionary<string, string>(w.GroupLabels, StringComparer.Ordinal),
                FirstSeen = now,
            };
            groups[key] = state;
        }

        // Shared by a cluster, the groups are read again at every pass (another node may have moved one): a new group
        // must be stored at once, or the next pass starts it afresh and its group_wait, counted from a FirstSeen that
        // is always "now", never ends (a cluster paged only on routes with group_wait 0).
        var unstored = _store.IsShared && !state.Persisted;

        if (!_config.Receivers.TryGetValue(state.Receiver, out var receiver))
        {
            PipelineLog.UnknownReceiver(_logger, state.Receiver, key);
            state.Receiver = _config.Routes.Root.Receiver;
            receiver = _config.Receivers[state.Receiver];
        }

        var resolved = new List<NotificationAlert>();
        foreach (var a in w.Resolved)
        {
            if (state.Notified.ContainsKey(a.Id))
            {
                resolved.Add(Snapshot(a, NotificationAlert.Resolved, a.ResolvedAt ?? now));
            }
        }

        foreach (var (id, a) in state.Notified)
        {
            // Gone from the engine's view without a resolved state: close it rather than leave an incident open.
            if (!present.Contains(id))
            {
                resolved.Add(a with { Status = NotificationAlert.Resolved, EndsAt = now });
            }
        }

        var timing = w.Route.Timing;
        NotifyReason? reason = null;
        var hasNew = false;
        foreach (var a in w.Firing)
        {
            if (!state.Notified.ContainsKey(a.Id))
            {
                hasNew = true;
                break;
            }
        }

        // Snapshots (names, copies) are built only on ticks that send something: most ticks only check timers.
        List<NotificationAlert>? firingSnapshots = null;
        List<NotificationAlert> Firing()
        {
            if (firingSnapshots is null)
            {
                firingSnapshots = new List<NotificationAlert>(w.Firing.Count);
                foreach (var a in w.Firing)
                {
                    firingSnapshots.Add(Snapshot(a, NotificationAlert.Firing, null));
                }
            }

            return firingSnapshots;
        }
        if (state.LastFlush is not { } last)
        {
            if (w.Firing.Count > 0 && now >= state.FirstSeen + timing.GroupWait)
            {
                reason = NotifyReason.NewGroup;
            }
        }
        else if ((hasNew || resolved.Count > 0) && now >= last + timing.GroupInterval)
        {
            reason = hasNew ? NotifyReason.NewAlerts : NotifyReason.AlertsResolved;
        }
        else if (w.Firing.Count > 0 && now >= last + timing.RepeatInterval)
        {
            reason = NotifyReason.Repeat;
        }

        var outbox = new List<Notification>();
        var changed = unstored;
        AuditRecord? audit = null;
        if (reason is { } why)
        {
            state.FlushSeq++;
            state.LastFlush = now;
            changed = true;
            var firing = Firing();
            var alerts = new List<NotificationAlert>(firing.Count + resolved.Count);
            alerts.AddRange(firing);
            alerts.AddRange(resolved);
            var status = firing.Count > 0 ? NotificationAlert.Firing : NotificationAlert.Resolved;
            if (receiver.Kind == ReceiverKind.Escalation)
            {
                if (firing.Count > 0 && (state.Escalation is null || state.Escalation.Status == EscalationProgress.Exhausted))
                {
                    state.Escalation = new EscalationProgress { Policy = receiver.EscalationPolicy!, StepStartedAt = now };
                    state.Escalation.Contacted.AddRange(await ContactsAsync(_config.Policies[receiver.EscalationPolicy!], 0, now, cancellationToken));
                    PipelineLog.Escalation(_logger, receiver.EscalationPolicy!, key, "step 1 (round 1)");
                    why = why.Then(NotifyReason.FirstStep);
                }

                foreach (var c in state.Escalation?.Contacted ?? [])
                {
                    outbox.Add(Make(state, receiver.Name, c, status, alerts, why, $"flush/{state.FlushSeq}", now));
                }
            }
            else
            {
                outbox.Add(Make(state, receiver.Name, new Contact(receiver.Name, null, "receiver:" + receiver.Name), status, alerts, why, $"flush/{state.FlushSeq}", now));
            }

            PipelineLog.Flushed(_logger, key, receiver.Name, why.En, firing.Count, resolved.Count);

            // Muted alerts notified earlier stay remembered, so their resolution is still sent.
            var notified = new Dictionary<string, NotificationAlert>(StringComparer.Ordinal);
            foreach (var a in firing)
            {
                notified[a.Id] = a;
            }

            foreach (var a in w.Muted)
            {
                if (state.Notified.TryGetValue(a.Id, out var earlier))
                {
                    notified[a.Id] = earlier;
                }
            }

            state.Notified = notified;
        }

        if (receiver.Kind == ReceiverKind.Escalation && state.Escalation is { } esc && w.Firing.Count > 0)
        {
            var (escChanged, escAudit) = await EscalateAsync(state, esc, w, Firing, now, outbox, cancellationToken);
            changed |= escChanged;
            audit = escAudit ?? audit;
        }

        var done = state.Notified.Count == 0 && w.Firing.Count == 0 && w.Muted.Count == 0;
        if (done)
        {
            groups.Remove(key);
            if (state.Persisted || outbox.Count > 0)
            {
                await _store.CommitAsync(state, delete: true, outbox, audit, now, cancellationToken);
            }
        }
        else if (changed)
        {
            await _store.CommitAsync(state, delete: false, outbox, audit, now, cancellationToken);
        }

        if (outbox.Count > 0)
        {
            foreach (var n in outbox)
            {
                _metrics?.Enqueued(n.Receiver);
            }

            _signal?.Notify();
        }
    }

    private async Task<(bool Changed, AuditRecord? Audit)> EscalateAsync(
        GroupState state, EscalationProgress esc, GroupWork w, Func<List<NotificationAlert>> firing, DateTimeOffset now, List<Notification> outbox, CancellationToken cancellationToken)
    {
        var policy = _config.Policies.GetValueOrDefault(esc.Policy);
        if (policy is null)
        {
            return (false, null);
        }

        string? ackedBy = null;
        var allAcked = true;
        foreach (var a in w.Firing)
        {
            if (a.AcknowledgedBy is null)
            {
                allAcked = false;
                break;
            }

            ackedBy ??= a.AcknowledgedBy;
        }

        if (esc.Status == EscalationProgress.Active && allAcked)
        {
            esc.Status = EscalationProgress.Acknowledged;
            esc.AcknowledgedBy = ackedBy;
            PipelineLog.Escalation(_logger, policy.Name, state.GroupKey, "stopped: acknowledged by " + ackedBy);
            return (true, new AuditRecord(now, ackedBy ?? "unknown", "escalation.acknowledged", state.GroupKey));
        }

        if (esc.Status == EscalationProgress.Acknowledged && !allAcked)
        {
            esc.Status = EscalationProgress.Active;
            esc.AcknowledgedBy = null;
            esc.Generation++;
            esc.StepStartedAt = now;
            await PageStepAsync(state, esc, policy, firing(), now, NotifyReason.EscalationResumed, outbox, cancellationToken);
            PipelineLog.Escalation(_logger, policy.Name, state.GroupKey, "resumed: un-acknowledged");
            return (true, new AuditRecord(now, "system", "escalation.resumed", state.GroupKey));
        }

        if (esc.Status != EscalationProgress.Active || now < esc.StepStartedAt + policy.Steps[esc.Step].After)
        {
            return (false, null);
        }

        esc.Step++;
        if (esc.Step >= policy.Steps.Count)
        {
            esc.Step = 0;
            esc.Round++;
        }

        if (esc.Round > policy.Repeat + 1)
        {
            esc.Status = EscalationProgress.Exhausted;
            esc.Step = policy.Steps.Count - 1;
            esc.Round = policy.Repeat + 1;
            PipelineLog.Escalation(_logger, policy.Name, state.GroupKey, "exhausted without acknowledgement");
            return (true, new AuditRecord(now, "system", "escalation.exhausted", state.GroupKey));
        }

        esc.StepStartedAt = now;
        var what = NotifyReason.StepDue(esc.Step + 1, esc.Round);
        await PageStepAsync(state, esc, policy, firing(), now, what, outbox, cancellationToken);
        PipelineLog.Escalation(_logger, policy.Name, state.GroupKey, what.En);
        return (true, null);
    }

    private async Task PageStepAsync(GroupState state, EscalationProgress esc, EscalationPolicy policy, List<NotificationAlert> firing, DateTimeOffset now, NotifyReason reason, List<Notification> outbox, CancellationToken cancellationToken)
    {
        foreach (var c in await ContactsAsync(policy, esc.Step, now, cancellationToken))
        {
            if (!esc.Contacted.Contains(c))
            {
                esc.Contacted.Add(c);
            }

            outbox.Add(Make(state, state.Receiver, c, NotificationAlert.Firing, firing, reason, $"esc/{esc.Generation}/{esc.Round}/{esc.Step}", now));
        }
    }

    private async Task<List<Contact>> ContactsAsync(EscalationPolicy policy, int step, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = new List<Contact>();
        foreach (var target in policy.Steps[step].Targets)
        {
            OnCallUser? user = null;
            if (target.Schedule is not null)
            {
                user = await _onCall.OnCallAtAsync(target.Schedule, now, cancellationToken);
            }
            else if (target.User is not null)
            {
                user = _onCall.FindUser(target.User);
            }
            else if (target.Receiver is not null)
            {
                result.Add(new Contact(target.Receiver, null, "receiver:" + target.Receiver));
                continue;
            }

            if (user is null)
            {
                PipelineLog.NobodyOnCall(_logger, policy.Name, target.ToString());
                continue;
            }

            var c = new Contact(user.Receiver, user.Address, "user:" + user.Name);
            if (!result.Contains(c))
            {
                result.Add(c);
            }
        }

        return result;
    }

    private Notification Make(GroupState state, string routeReceiver, Contact contact, string status, IReadOnlyList<NotificationAlert> alerts, NotifyReason reason, string occasion, DateTimeOffset now)
    {
        var raw = $"{state.GroupKey}|{state.FirstSeen.ToUnixTimeMilliseconds()}|{occasion}|{contact.Receiver}|{contact.Recipient}";
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)).AsSpan(0, 16));
        var language = _config.Receivers.TryGetValue(contact.Receiver, out var r) ? r.Language : MessageLanguage.Vietnamese;
        return new Notification(key, contact.Receiver, routeReceiver, contact.Recipient, state.GroupKey, status, state.GroupLabels, alerts, now, reason.In(language));
    }

    private NotificationAlert Snapshot(AlertView a, string status, DateTimeOffset? endsAt)
    {
        var (province, unit) = _names.Resolve(a.Labels);
        return new NotificationAlert(
            a.Id, a.Rule, status, a.Severity, a.Labels, a.Annotations, a.FiredAt ?? a.ActiveSince, endsAt, province, unit, a.AcknowledgedBy);
    }

    private void Index(RouteNode node)
    {
        _routesById[node.Id] = node;
        foreach (var child in node.Children)
        {
            Index(child);
        }
    }

    private sealed class GroupWork(RouteNode route, SortedDictionary<string, string> groupLabels)
    {
        public RouteNode Route { get; } = route;

        public SortedDictionary<string, string> GroupLabels { get; } = groupLabels;

        public List<AlertView> Firing { get; } = [];

        public List<AlertView> Muted { get; } = [];

        public List<AlertView> Resolved { get; } = [];
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
