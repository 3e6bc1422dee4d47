namespace Supervision.Collector.StatusFeed;

/// <summary>
/// Pushes status changes to the Dashboard's ingest hub every push interval (well within the one-second
/// promise), and a full snapshot after every (re)connect, so a Dashboard that restarted is whole again
/// at once. It reconnects forever; with no hub configured, or while the Dashboard is away, the collector
/// works on and only the live view waits. Its exposition problems go along when they changed (and at least every
/// <see cref="ExpositionProblemReport.RefreshInterval"/>), so the unit page and the console can tell a system's owner
/// what to fix.
/// </summary>
public sealed partial class DashboardPublisher(
    TargetStatusTracker tracker,
    Rollups.LiveFigureTracker figures,
    Problems.ExpositionProblemTracker problems,
    IOptions<CollectorOptions> options,
    CollectorIdentity identity,
    CollectorMetrics metrics,
    TimeProvider time,
    ILogger<DashboardPublisher> logger) : BackgroundService
{
    private readonly DashboardLinkOptions _link = options.Value.Dashboard;
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(2);

    /// <summary>How often this agent's part of the national figures is pushed.</summary>
    public static readonly TimeSpan FiguresInterval = TimeSpan.FromSeconds(5);
    private DateTimeOffset _lastFigures;
    private DateTimeOffset _lastProblems;
    private long _problemsVersion = -1;
    private volatile bool _needsSnapshot = true;
    private DateTimeOffset _lastHeartbeat;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_link.Enabled)
        {
            LogNoDashboard(logger);
            while (!stoppingToken.IsCancellationRequested)
            {
                tracker.TakeChanges();
                await DelaySafeAsync(TimeSpan.FromSeconds(1), stoppingToken);
            }

            return;
        }

        await using var hub = new IngestHubLink(_link, time, logger) { Connected = _ => { _needsSnapshot = true; return Task.CompletedTask; } };
        while (!stoppingToken.IsCancellationRequested)
        {
            await hub.ConnectAsync(stoppingToken);
            if (hub.IsConnected && !await PushAsync(hub, stoppingToken))
            {
                // A push lost to a dropped connection is made good by the snapshot after the reconnect.
                _needsSnapshot = true;
            }

            await DelaySafeAsync(_link.PushInterval, stoppingToken);
        }
    }

    private async Task<bool> PushAsync(IngestHubLink hub, CancellationToken stoppingToken)
    {
        if (_needsSnapshot)
        {
            _needsSnapshot = false;
            tracker.TakeChanges();
            var snapshot = new StatusSnapshot(identity.Id, identity.Shard.Index, identity.Shard.Count, tracker.Snapshot());
            _problemsVersion = -1; // a Dashboard that restarted has no list: send it with the next push
            return await SendAsync(hub, HubNames.PushStatusSnapshot, snapshot, "snapshot", stoppingToken);
        }

        var changes = tracker.TakeChanges();
        if (changes.Count > 0 && !await SendAsync(hub, HubNames.PushStatusChanges, new StatusChangeBatch(identity.Id, changes), "changes", stoppingToken))
        {
            return false;
        }

        var now = time.GetUtcNow();
        if (now - _lastHeartbeat >= HeartbeatInterval)
        {
            _lastHeartbeat = now;
            if (!await SendAsync(hub, HubNames.PushHeartbeat, new CollectorHeartbeat(identity.Id, now), "heartbeat", stoppingToken))
            {
                return false;
            }
        }

        if (now - _lastFigures >= FiguresInterval)
        {
            _lastFigures = now;
            if (!await SendAsync(hub, HubNames.PushFigures, figures.Report(identity.Id, now), "figures", stoppingToken))
            {
                return false;
            }
        }

        var version = problems.Version;
        if (version != _problemsVersion || now - _lastProblems >= ExpositionProblemReport.RefreshInterval)
        {
            if (!await SendAsync(hub, HubNames.PushExpositionProblems, new ExpositionProblemReport(identity.Id, now, problems.Snapshot()), "exposition-problems", stoppingToken))
            {
                return false;
            }

            (_problemsVersion, _lastProblems) = (version, now);
        }

        return true;
    }

    private async Task<bool> SendAsync<T>(IngestHubLink hub, string method, T message, string kind, CancellationToken stoppingToken)
    {
        if (!await hub.TrySendAsync(method, message, stoppingToken))
        {
            return false;
        }

        metrics.StatusPushes.WithLabels(kind).Inc();
        return true;
    }

    private async Task DelaySafeAsync(TimeSpan delay, CancellationToken token)
    {
        try
        {
            await Task.Delay(delay, time, token);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "No Dashboard hub configured: live status is kept locally only")]
    private static partial void LogNoDashboard(ILogger logger);
}
