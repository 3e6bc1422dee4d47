namespace Supervision.Alerting.Notify.Delivery;

/// <summary>
/// Every tick: re-run the pipeline on the last alerts (group waits and escalation timers), then deliver what is
/// due. "Now" is read once per tick and passed down.
/// </summary>
public sealed class NotificationWorker : BackgroundService
{
    private readonly INotificationPipeline _pipeline;
    private readonly OutboxDispatcher _dispatcher;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly ILogger<NotificationWorker> _logger;
    private readonly OutboxSignal _signal;

    /// <summary>Creates the worker.</summary>
    public NotificationWorker(INotificationPipeline pipeline, OutboxDispatcher dispatcher, TimeProvider time, IOptions<NotificationOptions> options, OutboxSignal signal, ILogger<NotificationWorker> logger)
    {
        _signal = signal;
        ArgumentNullException.ThrowIfNull(options);
        _pipeline = pipeline;
        _dispatcher = dispatcher;
        _time = time;
        _interval = options.Value.TickInterval;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(TickLoopAsync(stoppingToken), SignalLoopAsync(stoppingToken));

    // Delivers right after the pipeline enqueued, so a page goes out in milliseconds, not at the next tick.
    private async Task SignalLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(stoppingToken);
                await _dispatcher.DeliverDueAsync(_time.GetUtcNow(), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Same boundary as the tick loop: the tick retries whatever this pass could not send.
                DeliveryLog.TickFailed(_logger, ex);
            }
        }
    }

    private async Task TickLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        do
        {
            try
            {
                await _pipeline.TickAsync(_time.GetUtcNow(), stoppingToken);
                // The clock again: the tick may have waited its turn behind a pass, and "due" means due now.
                await _dispatcher.DeliverDueAsync(_time.GetUtcNow(), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Boundary of the loop: a database hiccup must not end notification delivery for good.
                DeliveryLog.TickFailed(_logger, ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken token)
    {
        try
        {
            return await timer.WaitForNextTickAsync(token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
