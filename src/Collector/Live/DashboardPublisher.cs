using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;
using Supervision.Collector.Configuration;
using Supervision.Collector.Observability;
using Supervision.Collector.Targets;
using Supervision.Core.Messages;

namespace Supervision.Collector.Live;

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
        if (string.IsNullOrEmpty(_link.HubUrl))
        {
            LogNoDashboard(logger);
            while (!stoppingToken.IsCancellationRequested)
            {
                tracker.TakeChanges();
                await DelaySafeAsync(TimeSpan.FromSeconds(1), stoppingToken);
            }

            return;
        }

        await using var connection = new HubConnectionBuilder()
            .WithUrl(_link.HubUrl, o =>
            {
                if (_link.ApiKey is { } key)
                {
                    o.Headers[HubNames.ApiKeyHeader] = key;
                }
            })
            .WithAutomaticReconnect(new ForeverRetryPolicy())
            .Build();
        connection.Reconnected += _ =>
        {
            _needsSnapshot = true;
            return Task.CompletedTask;
        };

        while (!stoppingToken.IsCancellationRequested)
        {
            if (connection.State == HubConnectionState.Disconnected && !await TryStartAsync(connection, stoppingToken))
            {
                continue;
            }

            if (connection.State == HubConnectionState.Connected)
            {
                await PushAsync(connection, stoppingToken);
            }

            await DelaySafeAsync(_link.PushInterval, stoppingToken);
        }
    }

    private async Task<bool> TryStartAsync(HubConnection connection, CancellationToken stoppingToken)
    {
        try
        {
            await connection.StartAsync(stoppingToken);
            _needsSnapshot = true;
            LogConnected(logger, _link.HubUrl!);
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or System.Net.WebSockets.WebSocketException or TimeoutException)
        {
            LogUnreachable(logger, _link.HubUrl!, ex.Message);
            await DelaySafeAsync(TimeSpan.FromSeconds(2), stoppingToken);
            return false;
        }
    }

    private async Task PushAsync(HubConnection connection, CancellationToken stoppingToken)
    {
        try
        {
            if (_needsSnapshot)
            {
                _needsSnapshot = false;
                tracker.TakeChanges();
                var snapshot = new StatusSnapshot(identity.Id, identity.Shard.Index, identity.Shard.Count, tracker.Snapshot());
                await connection.InvokeAsync(HubNames.PushStatusSnapshot, snapshot, stoppingToken);
                metrics.StatusPushes.WithLabels("snapshot").Inc();
                _problemsVersion = -1; // a Dashboard that restarted has no list: send it with the next push
                return;
            }

            var changes = tracker.TakeChanges();
            if (changes.Count > 0)
            {
                await connection.InvokeAsync(HubNames.PushStatusChanges, new StatusChangeBatch(identity.Id, changes), stoppingToken);
                metrics.StatusPushes.WithLabels("changes").Inc();
            }

            var now = time.GetUtcNow();
            if (now - _lastHeartbeat >= HeartbeatInterval)
            {
                _lastHeartbeat = now;
                await connection.InvokeAsync(HubNames.PushHeartbeat, new CollectorHeartbeat(identity.Id, now), stoppingToken);
                metrics.StatusPushes.WithLabels("heartbeat").Inc();
            }

            if (now - _lastFigures >= FiguresInterval)
            {
                _lastFigures = now;
                await connection.InvokeAsync(HubNames.PushFigures, figures.Report(identity.Id, now), stoppingToken);
                metrics.StatusPushes.WithLabels("figures").Inc();
            }

            var version = problems.Version;
            if (version != _problemsVersion || now - _lastProblems >= ExpositionProblemReport.RefreshInterval)
            {
                await connection.InvokeAsync(HubNames.PushExpositionProblems, new ExpositionProblemReport(identity.Id, now, problems.Snapshot()), stoppingToken);
                (_problemsVersion, _lastProblems) = (version, now);
                metrics.StatusPushes.WithLabels("exposition-problems").Inc();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // A push lost to a dropped connection is made good by the snapshot after the reconnect.
            _needsSnapshot = true;
            LogPushFailed(logger, ex.Message);
        }
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

    private sealed class ForeverRetryPolicy : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
            TimeSpan.FromSeconds(Math.Min(10, 0.5 * (1 << (int)Math.Min(retryContext.PreviousRetryCount, 5))));
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "No Dashboard hub configured: live status is kept locally only")]
    private static partial void LogNoDashboard(ILogger logger);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Connected to the Dashboard hub {Url}")]
    private static partial void LogConnected(ILogger logger, string url);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "Dashboard hub {Url} unreachable, retrying: {Error}")]
    private static partial void LogUnreachable(ILogger logger, string url, string error);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "Pushing status to the Dashboard failed, a snapshot follows on reconnect: {Error}")]
    private static partial void LogPushFailed(ILogger logger, string error);
}
