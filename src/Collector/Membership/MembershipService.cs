using Supervision.Collector.Scheduling;

namespace Supervision.Collector.Membership;

/// <summary>
/// Shard takeover's heartbeat (README "Shard takeover"): every <see cref="MembershipOptions.HeartbeatInterval"/> it beats in
/// Redis, reads the register back and, when the assignment of slots changed, hands the scheduler the new timeline. When
/// Redis cannot be reached the last assignment stays: an outage of Redis moves no target. A clean stop leaves the register
/// (marked expired now) and keeps scraping through the hand-over delay, so the others start on the very next slots.
/// Registered after the scheduler, so the host stops it first.
/// </summary>
public sealed partial class MembershipService(
    ScrapeScheduler scheduler,
    CollectorIdentity identity,
    CollectorMetrics metrics,
    IOptions<CollectorOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<MembershipService> logger) : BackgroundService
{
    private readonly MembershipOptions _options = options.Value.Membership;
    private readonly RedisMembership _store = new(options.Value.Membership, identity.Id);
    private string? _appliedKey;
    private bool _failing;
    private long _refusedSince;
    private bool _duplicate;
    private int _beats;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, time);
        try
        {
            // Join once the host is up: the CPU-heavy start of a process must not make its first heartbeats late (a
            // late heartbeat reads as a death and moves targets back and forth).
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            {
                await started.Task.WaitAsync(stoppingToken);
            }

            do
            {
                await BeatAsync(leave: false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: StopAsync leaves the register
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (await BeatAsync(leave: true))
        {
            // Scrape on until the others take over (the scheduler drops each target at its first slot past the hand-over).
            LogLeaving(logger, identity.Id, _options.HandoverDelay.TotalSeconds);
            try
            {
                await Task.Delay(_options.HandoverDelay, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // the host's shutdown timeout: stop now
            }
        }

        await _store.DisposeAsync();
    }

    /// <summary>One heartbeat; false when Redis could not be reached.</summary>
    private async Task<bool> BeatAsync(bool leave)
    {
        MembershipSnapshot snapshot;
        bool duplicate;
        try
        {
            (snapshot, duplicate) = await _store.BeatAsync(leave);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Redis refusing connections for longer than a takeover takes is an outage (every agent sees it): the last
            // assignment stands. Shorter, or slow answers, may be this agent's trouble alone: the horizon holds (gaps).
            if (ex is RedisConnectionException)
            {
                _refusedSince = _refusedSince == 0 ? time.GetTimestamp() : _refusedSince;
                if (time.GetElapsedTime(_refusedSince) >= _options.ExpireAfter + _options.HandoverDelay)
                {
                    scheduler.MembershipUnreachable();
                }
            }

            metrics.HeartbeatFailures.Inc();
            if (!_failing)
            {
                _failing = true;
                LogRedisLost(logger, ex.Message.Split('\n')[0]);
            }

            return false;
        }

        _refusedSince = 0;
        if (_failing)
        {
            _failing = false;
            LogRedisBack(logger);
        }

        // A restarted process may see its predecessor's instance once; a second agent under the same id keeps showing.
        if (_beats++ > 0 && duplicate != _duplicate)
        {
            _duplicate = duplicate;
            if (duplicate)
            {
                LogDuplicate(logger, identity.Id);
            }
        }

        var timeline = new MembershipTimeline(snapshot, _options.ExpireAfter, _options.HandoverDelay);
        metrics.LiveAgents.Set(timeline.LiveAgents.Count);
        var changed = timeline.Key != _appliedKey;
        _appliedKey = timeline.Key;
        scheduler.ApplyMembership(timeline);
        if (changed)
        {
            LogAssignment(logger, string.Join(", ", timeline.LiveAgents), scheduler.TargetCount, string.Join(", ", timeline.Changes.Select(c => c.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture))));
        }

        return true;
    }

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Live collector agents: {Agents}; this agent schedules {Targets} targets (hand-overs at {Changes})")]
    private static partial void LogAssignment(ILogger logger, string agents, int targets, string changes);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "Cannot heartbeat in Redis ({Error}): keeping the last assignment of targets until it is back")]
    private static partial void LogRedisLost(ILogger logger, string error);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Information, Message = "Heartbeats reach Redis again")]
    private static partial void LogRedisBack(ILogger logger);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Error, Message = "Another collector process heartbeats as {Agent}: both scrape the same targets; give each agent its own Collector:CollectorId (or --shard i/N)")]
    private static partial void LogDuplicate(ILogger logger, string agent);

    [LoggerMessage(EventId = 1505, Level = LogLevel.Information, Message = "Collector {Agent} left the live agents; scraping on for {Seconds} s while the others take over")]
    private static partial void LogLeaving(ILogger logger, string agent, double seconds);
}
