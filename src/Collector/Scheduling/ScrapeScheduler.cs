using Supervision.Collector.Membership;
using Supervision.Collector.Problems;

namespace Supervision.Collector.Scheduling;

/// <summary>
/// Drives every target of the shard from one due-time queue: each target is scraped once per interval at
/// its stable offset, never twice at once (a slot whose previous scrape still runs is skipped and
/// counted), with at most <see cref="CollectorOptions.MaxConcurrency"/> scrapes in flight; a slow or
/// hanging target only holds its own slot. "Now" is read once per dispatch and the lag (start − plan) is
/// measured. A reload keeps the schedule of unchanged targets.
/// With shard takeover each target carries the window of slots this agent owns (<see cref="OwnershipWindow"/>, from
/// <see cref="MembershipTimeline"/>): a slot due before the window is passed over, and the first slot due at or after its
/// end takes the target out of the schedule, so a hand-over lands between two slots, never inside one.
/// </summary>
/// <remarks>
/// Stop order: dispatching stops first, then the scrapes in flight get <see cref="CollectorOptions.ShutdownGrace"/>
/// to finish (so every request a target answered becomes a point), then the rest are cancelled. Only then
/// does the host stop the <see cref="WritePipeline"/> (registered before this service), which writes out
/// what the last scrapes appended.
/// </remarks>
public sealed partial class ScrapeScheduler : BackgroundService
{
    private readonly TargetSource _source;
    private readonly TargetScraper _scraper;
    private readonly WritePipeline _writer;
    private readonly TargetStatusTracker _tracker;
    private readonly HourlyRollups _rollups;
    private readonly LiveFigureTracker _figures;
    private readonly StorePolicy _store;
    private readonly ExpositionProblemTracker _problems;
    private readonly Push.PushRegistry _push;
    private readonly CollectorMetrics _metrics;
    private readonly CollectorIdentity _identity;
    private readonly TimeProvider _time;
    private readonly ILogger<ScrapeScheduler> _logger;
    private readonly CollectorOptions _options;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentBag<ScrapeWorkspace> _workspaces = [];
    private readonly PriorityQueue<Entry, DateTimeOffset> _queue = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly bool _dynamic;
    private IReadOnlyList<Target> _loaded = [];
    private MembershipTimeline? _timeline;
    private long _horizonTicks = long.MaxValue;
    private int _redisUnreachable;
    private readonly CancellationTokenSource _scrapeStop = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _scrapes;
    private int _running;
    private int _stopping;

    private sealed class Entry(Target target, TimeSpan offset, OwnershipWindow window)
    {
        public Target Target { get; } = target;
        public OwnershipWindow Window { get; set; } = window;
        public PreparedTarget Prepared { get; } = new(target);
        public TimeSpan Offset { get; } = offset;
        public bool Removed { get; set; }
        public int InFlight;
    }

    /// <summary>Creates the scheduler.</summary>
    public ScrapeScheduler(
        TargetSource source, TargetScraper scraper, WritePipeline writer, TargetStatusTracker tracker, HourlyRollups rollups, LiveFigureTracker figures,
        StorePolicy store, ExpositionProblemTracker problems, CollectorMetrics metrics, CollectorIdentity identity, TimeProvider time, IOptions<CollectorOptions> options,
        ILogger<ScrapeScheduler> logger, Push.PushRegistry push)
    {
        _push = push;
        ArgumentNullException.ThrowIfNull(options);
        _problems = problems;
        _source = source;
        _scraper = scraper;
        _writer = writer;
        _tracker = tracker;
        _rollups = rollups;
        _figures = figures;
        _store = store;
        _metrics = metrics;
        _identity = identity;
        _time = time;
        _logger = logger;
        _options = options.Value;
        _dynamic = _options.Membership.Enabled;
        _slots = new SemaphoreSlim(_options.MaxConcurrency);
    }

    /// <summary>Targets currently scheduled.</summary>
    public int TargetCount
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Takes a (re)loaded inventory's targets of this shard: scraped ones into the schedule, push targets to the push
    /// intake's registry (their status comes from <see cref="Push.PushTargetMonitor"/>).
    /// </summary>
    private void ApplyLoaded(IReadOnlyList<Target> targets)
    {
        lock (_gate)
        {
            _loaded = targets;
        }

        ApplyOwned();
    }

    /// <summary>
    /// Takes the live agents' new assignment (shard takeover): the targets this agent gains are scheduled from their first
    /// owned slot, the ones it loses leave at their first slot no longer owned.
    /// </summary>
    public void ApplyMembership(MembershipTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        bool changed;
        lock (_gate)
        {
            changed = timeline.Key != _timeline?.Key;
            _timeline = timeline;
        }

        // A read that assigns every slot as the last one did (heartbeats of steady agents) only moves the horizon.
        if (changed)
        {
            ApplyOwned();
        }

        // Only once the windows are in place: the read decides every slot due before it + the hand-over delay.
        Volatile.Write(ref _horizonTicks, (timeline.Now + _options.Membership.HandoverDelay).UtcTicks);
        Volatile.Write(ref _redisUnreachable, 0);
    }

    /// <summary>
    /// Notes that Redis has refused connections for longer than a takeover takes: an outage, during which nobody can see a
    /// change, so the last assignment stands and scraping goes on past the horizon until a read succeeds again.
    /// </summary>
    public void MembershipUnreachable() => Volatile.Write(ref _redisUnreachable, 1);

    /// <summary>
    /// With shard takeover, a slot is scraped only if the latest read of the register decided it (due before that read
    /// + the hand-over delay). An agent whose reads stopped or came late (paused, starved of CPU, its Redis answering
    /// too slowly) may have been taken over, or may not have heard of a change yet: it leaves the slot (a gap, counted)
    /// rather than risk scraping it twice.
    /// </summary>
    private bool Fenced(DateTimeOffset due) =>
        _dynamic && Volatile.Read(ref _redisUnreachable) == 0 && due.UtcTicks >= Volatile.Read(ref _horizonTicks);

    private void ApplyOwned()
    {
        IReadOnlyList<Target> loaded;
        MembershipTimeline? timeline;
        lock (_gate)
        {
            loaded = _loaded;
            timeline = _timeline;
        }

        var now = _time.GetUtcNow();
        var scraped = new List<(Target, OwnershipWindow)>();
        var pushed = new List<Target>();
        foreach (var target in loaded)
        {
            if (WindowOf(target, timeline) is not { } window || window.Until <= now)
            {
                continue;
            }

            if (target.Mode == TargetMode.Scrape)
            {
                scraped.Add((target, window));
            }
            else if (window.Contains(now))
            {
                // Pushes have no slots: a push target moves when the change takes effect.
                pushed.Add(target);
            }
        }

        Apply(scraped);
        if (_source.Current is { } inventory)
        {
            _push.Apply(inventory, pushed, now);
        }
    }

    // Static shards own their targets for good (TargetSource listed only those); with membership, the timeline decides,
    // and before the first heartbeat was read nothing is owned.
    private OwnershipWindow? WindowOf(Target target, MembershipTimeline? timeline) =>
        !_dynamic ? OwnershipWindow.Always : timeline?.Window(_identity.Id, Rendezvous.Hash(target.Id));

    /// <summary>Replaces the scraped target set, every target owned for good; unchanged targets keep their place in the schedule.</summary>
    public void Apply(IReadOnlyList<Target> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        Apply(targets.Select(t => (t, OwnershipWindow.Always)).ToList());
    }

    /// <summary>Replaces the scraped target set with the slots owned of each; unchanged targets keep their place in the schedule.</summary>
    private void Apply(IReadOnlyList<(Target Target, OwnershipWindow Window)> targets)
    {
        var now = _time.GetUtcNow();
        long gained = 0, takenOver = 0;
        lock (_gate)
        {
            var wanted = new Dictionary<string, Target>(StringComparer.Ordinal);
            var windows = new Dictionary<string, OwnershipWindow>(StringComparer.Ordinal);
            foreach (var (target, window) in targets)
            {
                wanted[target.Id] = target;
                windows[target.Id] = window;
            }

            var removed = new List<string>();
            foreach (var (id, entry) in _entries)
            {
                if (!wanted.TryGetValue(id, out var target) || target != entry.Target)
                {
                    entry.Removed = true;
                    removed.Add(id);
                }
            }

            foreach (var id in removed)
            {
                _entries.Remove(id);
            }

            _tracker.Untrack(removed.Where(id => !wanted.ContainsKey(id)));
            var added = new List<Target>();
            foreach (var (id, target) in wanted)
            {
                var window = windows[id];
                if (_entries.TryGetValue(id, out var existing))
                {
                    existing.Window = window;
                    continue;
                }

                // A gained target starts at its own slot at or after the window: never at once, never off its phase.
                var entry = new Entry(target, ScheduleMath.Offset(id, target.Interval), window);
                _entries[id] = entry;
                _queue.Enqueue(entry, ScheduleMath.NextDue(window.From > now ? window.From : now, target.Interval, entry.Offset));
                added.Add(target);
                if (window.From != DateTimeOffset.MinValue)
                {
                    gained++;
                    takenOver += window.TakenOver ? 1 : 0;
                }
            }

            _tracker.Track(added, now);
            _metrics.TargetsOwned.Set(_entries.Count);
        }

        _metrics.TargetsGained.WithLabels("takeover").Inc(takenOver);
        _metrics.TargetsGained.WithLabels("handover").Inc(gained - takenOver);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ApplyLoaded(_source.LoadInitial());
        LogStarted(_logger, _identity.Id, TargetCount);
        var reloader = ReloadLoopAsync(stoppingToken);
        var heartbeat = HeartbeatLoopAsync(stoppingToken);
        try
        {
            await DispatchLoopAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }

        await Task.WhenAll(reloader, heartbeat);
        await DrainAsync();
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _scrapeStop.Dispose();
        _slots.Dispose();
        base.Dispose();
    }

    private async Task DrainAsync()
    {
        Volatile.Write(ref _stopping, 1);
        if (Volatile.Read(ref _running) == 0)
        {
            return;
        }

        try
        {
            await _drained.Task.WaitAsync(_options.ShutdownGrace, _time);
        }
        catch (TimeoutException)
        {
            LogDrainCancelled(_logger, Volatile.Read(ref _running), _options.ShutdownGrace.TotalSeconds);
            await _scrapeStop.CancelAsync();
            await _drained.Task;
        }
    }

    private async Task DispatchLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // Everything due by now goes in one pass; then one sleep until the next due time, never shorter
            // than DispatchTick: a national fleet has a due time every millisecond or so, and waking for each
            // (or spinning through sub-millisecond delays, which complete at once) costs more CPU than the scrapes.
            var now = _time.GetUtcNow();
            TimeSpan wait;
            while (true)
            {
                Entry? entry;
                DateTimeOffset due;
                lock (_gate)
                {
                    if (!_queue.TryPeek(out entry, out due))
                    {
                        wait = IdleWait;
                        break;
                    }

                    if (due > now)
                    {
                        wait = due - now;
                        break;
                    }

                    _queue.Dequeue();
                    if (entry.Removed)
                    {
                        continue;
                    }

                    if (due >= entry.Window.Until)
                    {
                        // Handed over: this slot is the new owner's. A scrape of the previous slot still in flight ends normally.
                        LeaveLocked(entry);
                        continue;
                    }

                    _queue.Enqueue(entry, due + entry.Target.Interval);
                    if (due < entry.Window.From)
                    {
                        continue; // not this agent's yet: the old owner scrapes this slot
                    }

                    if (Fenced(due))
                    {
                        _metrics.Fenced.Inc();
                        continue;
                    }
                }

                // The start time read for the lag is the freshest "now" (a pass that waited for a slot may be long).
                now = await DispatchAsync(entry, due, stoppingToken) ?? now;
            }

            wait = wait < DispatchTick ? DispatchTick : wait > IdleWait ? IdleWait : wait;
            await Task.Delay(wait, _time, stoppingToken);
        }
    }

    private void LeaveLocked(Entry entry)
    {
        entry.Removed = true;
        if (_entries.TryGetValue(entry.Target.Id, out var current) && ReferenceEquals(current, entry))
        {
            _entries.Remove(entry.Target.Id);
            _tracker.Untrack([entry.Target.Id]);
            _metrics.TargetsLost.Inc();
        }
    }

    /// <summary>Starts a scrape of <paramref name="entry"/> unless its previous one still runs; returns when it started.</summary>
    private async ValueTask<DateTimeOffset?> DispatchAsync(Entry entry, DateTimeOffset due, CancellationToken stoppingToken)
    {
        if (Interlocked.CompareExchange(ref entry.InFlight, 1, 0) != 0)
        {
            _metrics.Skipped.Inc();
            return null;
        }

        try
        {
            await _slots.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            Volatile.Write(ref entry.InFlight, 0);
            throw;
        }

        var started = _time.GetUtcNow();
        _metrics.ScheduleLag.Observe(Math.Max(0, (started - due).TotalSeconds));
        Interlocked.Increment(ref _running);
        Start(entry, due, started);
        return started;
    }

    // Its own method so the closure is allocated per scrape started, not per pass of the dispatch loop.
    private void Start(Entry entry, DateTimeOffset due, DateTimeOffset started) =>
        _ = Task.Run(() => RunScrapeAsync(entry, due, started), CancellationToken.None);

    private async Task RunScrapeAsync(Entry entry, DateTimeOffset due, DateTimeOffset scrapeTime)
    {
        // Not the host's stopping token: on shutdown a scrape in flight may still finish (DrainAsync).
        var stoppingToken = _scrapeStop.Token;
        try
        {
            using var fetched = await _scraper.FetchAsync(entry.Prepared, stoppingToken, due);

            // The workspace is taken only now, for CPU work with no waiting, so a few serve every scrape in flight.
            if (!_workspaces.TryTake(out var work))
            {
                work = new ScrapeWorkspace(_store);
            }

            try
            {
                var lines = work.Lines;
                lines.Clear();
                var result = _scraper.Process(entry.Target, scrapeTime, fetched, work);
                SynthesisedPoints.Write(lines, entry.Target, result, _identity.Id, scrapeTime.ToUnixTimeMilliseconds(), _options.StoreHealth, work.Points);
                // Every answered request becomes a point, also when the target left this agent while the scrape ran (a reload,
                // a hand-over): that slot was this agent's. Its live state is no longer this agent's to report.
                _writer.Append(lines);
                bool current;
                lock (_gate)
                {
                    // Under the scheduler's lock: a target removed (and untracked) meanwhile must not come back as a ghost.
                    current = !entry.Removed;
                    if (current)
                    {
                        _tracker.Record(entry.Target, result, scrapeTime);
                    }
                }

                if (current)
                {
                    // The center's own parts are watched, not governed: they stay out of the leaders' roll-ups and figures.
                    if (entry.Target.Level != UnitLevel.Center)
                    {
                        var totals = result.Totals;
                        _rollups.Record(entry.Target, scrapeTime, result.Status, totals);
                        _figures.Record(entry.Target, scrapeTime, totals);
                    }
                    if (fetched.Metrics.Ok)
                    {
                        _problems.Observe(entry.Target, work, scrapeTime);
                    }
                }

                Interlocked.Increment(ref _scrapes);
                _metrics.Scrapes.WithLabels(SynthesisedPoints.ReasonText(result.Reason)).Inc();
                _metrics.ScrapeDuration.Observe(result.Duration.TotalSeconds);
                _metrics.Samples.Inc(result.Samples);
                _metrics.SamplesNotStored.Inc(work.Points.NotStored);
            }
            finally
            {
                _workspaces.Add(work);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping mid-scrape: nothing to record
        }
        catch (Exception ex)
        {
            // The loop boundary: a bug in one scrape must not stop the others; it is logged loudly.
            LogScrapeCrashed(_logger, ex, entry.Target.Id);
        }
        finally
        {
            Volatile.Write(ref entry.InFlight, 0);
            _slots.Release();
            if (Interlocked.Decrement(ref _running) == 0 && Volatile.Read(ref _stopping) == 1)
            {
                _drained.TrySetResult();
            }
        }
    }

    private async Task ReloadLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.InventoryPollInterval, _time, stoppingToken);
                if (_source.ReloadIfChanged() is { } targets)
                {
                    ApplyLoaded(targets);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (IOException ex)
            {
                LogReloadFailed(_logger, ex.Message);
            }
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken stoppingToken)
    {
        var lines = new LineProtocolBuilder(1024);
        while (!stoppingToken.IsCancellationRequested)
        {
            lines.Clear();
            lines.BeginPoint(Measurements.Collector);
            lines.Tag(TagNames.Collector, _identity.Id);
            lines.Tag(TagNames.Shard, _identity.Shard.ToString());
            var targets = TargetCount;
            _metrics.TargetsOwned.Set(targets);
            lines.Field(CollectorFields.Targets, (long)targets + _push.States.Count);
            lines.Field(CollectorFields.Scrapes, Interlocked.Read(ref _scrapes));
            lines.EndPoint(_time.GetUtcNow().ToUnixTimeMilliseconds());
            _writer.Append(lines);
            foreach (var (status, count) in _tracker.CountByStatus())
            {
                _metrics.Targets.WithLabels(status.ToString()).Set(count);
            }

            try
            {
                await Task.Delay(HeartbeatInterval, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    /// <summary>Shortest sleep of the dispatch loop: scrapes due within it start together, a few ms late at most.</summary>
    internal static readonly TimeSpan DispatchTick = TimeSpan.FromMilliseconds(10);

    /// <summary>Longest sleep: targets added by a reload are picked up within it.</summary>
    private static readonly TimeSpan IdleWait = TimeSpan.FromMilliseconds(200);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Collector {Collector} scheduling {Count} targets")]
    private static partial void LogStarted(ILogger logger, string collector, int count);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Error, Message = "Scrape of {Target} failed unexpectedly")]
    private static partial void LogScrapeCrashed(ILogger logger, Exception exception, string target);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "Inventory reload failed: {Error}")]
    private static partial void LogReloadFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Warning, Message = "Shutdown: {Count} scrapes still running after {Seconds} s, cancelled")]
    private static partial void LogDrainCancelled(ILogger logger, int count, double seconds);
}
