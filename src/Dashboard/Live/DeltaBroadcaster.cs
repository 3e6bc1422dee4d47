using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Supervision.Core.Messages;
using Supervision.Dashboard.Configuration;
using Supervision.Dashboard.Hubs;

namespace Supervision.Dashboard.Live;

/// <summary>
/// Every coalescing period, sends what changed: one <c>delta</c> to <c>national</c> and one to each changed
/// <c>province:{code}</c>. A burst of thousands of status changes inside one period is one message per group.
/// </summary>
public sealed partial class DeltaBroadcaster(
    LiveState state, IHubContext<StatusHub> hub, IOptions<DashboardOptions> options, DashboardTelemetry telemetry,
    TimeProvider time, ILogger<DeltaBroadcaster> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CoalescePeriod, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await BroadcastAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The loop boundary: one failed round must not stop the wallboards; logged, next tick retries.
                    LogFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>Sends one round of deltas (public for tests and benchmarks).</summary>
    public async Task BroadcastAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var (national, provinces) = state.TakeDeltas();
        if (national is null)
        {
            return;
        }

        await hub.Clients.Group(HubNames.NationalGroup).SendAsync(HubNames.Delta, national, cancellationToken);
        telemetry.MessagesSent.WithLabels("delta").Inc();
        telemetry.BytesSent.Inc(JsonSerializer.SerializeToUtf8Bytes(national).Length);
        foreach (var (code, delta) in provinces)
        {
            await hub.Clients.Group(HubNames.ProvinceGroup(code)).SendAsync(HubNames.Delta, delta, cancellationToken);
            telemetry.MessagesSent.WithLabels("delta").Inc();
        }

        telemetry.FanOut.Observe(time.GetElapsedTime(started).TotalSeconds);
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Fan-out of deltas failed; the next round retries")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
