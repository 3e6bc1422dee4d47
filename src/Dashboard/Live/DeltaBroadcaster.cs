using Supervision.Dashboard.Hubs;

namespace Supervision.Dashboard.Live;

/// <summary>
/// Sends what changed: one <c>delta</c> to <c>national</c> and one to each changed <c>province:{code}</c>.
/// Leading-edge coalescing: a change after a quiet spell goes out at once (the wall is live within
/// milliseconds), then rounds are at least one coalescing period apart, so a burst of thousands of changes is
/// a few messages. With no change it still wakes every period, because staleness changes with time alone.
/// </summary>
public sealed partial class DeltaBroadcaster(
    LiveState state, IHubContext<StatusHub, IStatusClient> hub, IOptions<DashboardOptions> options, DashboardTelemetry telemetry,
    HubGroupSizes groups, TimeProvider time, ILogger<DeltaBroadcaster> logger, HubGroupScope? scope = null) : BackgroundService
{
    private HubGroupScope Scope => scope ?? HubGroupScope.Single;

    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Failing rounds as the loop sees them: when the first failed (0: none now) and how many. One line when they start,
    // one when they end: a round a second for a minute must not fill the log.
    private long _outageSince;
    private int _failedRounds;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = options.Value.CoalescePeriod;
        // Staleness moves in seconds: without changes, checking it once a second is enough and keeps idle rounds cheap.
        var idle = period > TimeSpan.FromSeconds(1) ? period : TimeSpan.FromSeconds(1);
        state.Changed += OnChanged;
        try
        {
            long lastRound = 0;
            while (!stoppingToken.IsCancellationRequested)
            {
                await WaitForChangeAsync(idle, stoppingToken);
                if (lastRound != 0 && time.GetElapsedTime(lastRound) is var since && since < period)
                {
                    await Task.Delay(period - since, time, stoppingToken);
                }

                // Re-armed before the round: a change arriving during it wakes the next round.
                Interlocked.Exchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                var started = time.GetTimestamp();
                try
                {
                    // Only a round that sent something holds the next one back: an idle check must not delay a change.
                    if (await BroadcastAsync(stoppingToken))
                    {
                        lastRound = started;
                        EndOutage();
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The loop boundary: one failed round must not stop the wallboards; the next round (one period on,
                    // not at once: what failed may fail again) retries with what this one took.
                    lastRound = started;
                    if (_failedRounds++ == 0)
                    {
                        _outageSince = started;
                        LogFailed(logger, ex);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            state.Changed -= OnChanged;
        }
    }

    /// <summary>Sends one round of deltas (public for tests and benchmarks); false when there was nothing to send.</summary>
    public async Task<bool> BroadcastAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var (national, provinces, pendingSince) = state.TakeDeltas();
        if (national is null)
        {
            return false;
        }

        try
        {
            await SendAsync(national, provinces, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // What the round took goes back, so the next round sends it (a delta carries whole states: sending one twice
            // is harmless).
            state.Requeue(national, provinces);
            throw;
        }

        telemetry.FanOut.Observe(time.GetElapsedTime(started).TotalSeconds);
        if (pendingSince != 0)
        {
            telemetry.ChangeToDelta.Observe(time.GetElapsedTime(pendingSince).TotalSeconds);
        }

        return true;
    }

    private async Task SendAsync(NationalDelta national, IReadOnlyList<(string Code, ProvinceDelta Delta)> provinces, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await hub.Clients.Group(Scope.Local(HubNames.NationalGroup)).NationalDelta(national);
        if (groups.Size(HubNames.NationalGroup) is > 0 and var watching)
        {
            // Measured only when somebody watches: the count of bytes costs a second serialisation.
            telemetry.Sent(HubNames.Delta, JsonSerializer.SerializeToUtf8Bytes(national, HubJson.Options).Length, watching);
        }

        foreach (var (code, delta) in provinces)
        {
            var group = HubNames.ProvinceGroup(code);
            await hub.Clients.Group(Scope.Local(group)).ProvinceDelta(delta);
            if (groups.Size(group) is > 0 and var members)
            {
                telemetry.Sent(HubNames.Delta, JsonSerializer.SerializeToUtf8Bytes(delta, HubJson.Options).Length, members);
            }
        }
    }

    // The first round that goes through after failed ones closes the outage with its summary.
    private void EndOutage()
    {
        if (_failedRounds == 0)
        {
            return;
        }

        LogRecovered(logger, time.GetElapsedTime(_outageSince).TotalSeconds, _failedRounds);
        _failedRounds = 0;
        _outageSince = 0;
    }

    private void OnChanged() => Volatile.Read(ref _wake).TrySetResult();

    private async Task WaitForChangeAsync(TimeSpan atMost, CancellationToken cancellationToken)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(atMost, time, cancel.Token);
        await Task.WhenAny(Volatile.Read(ref _wake).Task, delay);
        await cancel.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    [LoggerMessage(EventId = 3121, Level = LogLevel.Error, Message = "Fan-out of deltas failed; each round retries what it took, and further failures are not logged until one goes through")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3122, Level = LogLevel.Information, Message = "Fan-out of deltas works again after {Seconds:0} s ({Rounds} rounds failed meanwhile)")]
    private static partial void LogRecovered(ILogger logger, double seconds, int rounds);
}
