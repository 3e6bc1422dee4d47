using System.Collections.Concurrent;

namespace Supervision.Alerting.Notify.Delivery;

/// <summary>What one delivery pass did.</summary>
/// <param name="Claimed">Rows taken.</param>
/// <param name="Delivered">Accepted by their receivers.</param>
/// <param name="Retrying">Failed, scheduled again.</param>
/// <param name="GaveUp">Failed for good or abandoned.</param>
public sealed record DeliveryPass(int Claimed, int Delivered, int Retrying, int GaveUp);

/// <summary>
/// Sends due outbox rows through their channels. A row is claimed with a lease (<c>in_flight</c>, renewed while the
/// sender lives), sent once, then completed: delivered, failed for good, or pending again with exponential backoff.
/// A crash mid-send leaves the row in flight until its lease ends, then another pass sends it: at-least-once, with
/// the idempotency key on the wire so receivers can drop the rare repeat.
/// </summary>
public sealed class OutboxDispatcher
{
    private readonly OutboxStore _outbox;
    private readonly NotificationsConfig _config;
    private readonly Dictionary<ReceiverKind, INotificationChannel> _channels;
    private readonly TimeProvider _time;
    private readonly NotificationOptions _options;
    private readonly ILogger<OutboxDispatcher> _logger;
    private readonly NotifyMetrics _metrics;

    /// <summary>Creates the dispatcher.</summary>
    public OutboxDispatcher(
        OutboxStore outbox,
        NotificationsConfig config,
        IEnumerable<INotificationChannel> channels,
        TimeProvider time,
        IOptions<NotificationOptions> options,
        NotifyMetrics metrics,
        ILogger<OutboxDispatcher> logger)
    {
        _metrics = metrics;
        ArgumentNullException.ThrowIfNull(options);
        _outbox = outbox;
        _config = config;
        _channels = channels.ToDictionary(c => c.Kind);
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>
    /// Delivers every row due at <paramref name="now"/> (in parallel up to the configured limit). The lease is counted
    /// from the clock at the claim, not from <paramref name="now"/> (a caller's "now" may be a busy tick old), and is
    /// renewed every third of it while rows of this pass are still being sent or wait for their turn, so a live sender
    /// keeps them however long a receiver takes; only a dead sender's rows come free for another node.
    /// </summary>
    public async Task<DeliveryPass> DeliverDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var claimedAt = _time.GetUtcNow();
        var entries = await _outbox.ClaimDueAsync(claimedAt > now ? claimedAt : now, _options.DeliveryLease, _options.MaxParallelDeliveries * 8, cancellationToken);
        if (entries.Count == 0)
        {
            return new DeliveryPass(0, 0, 0, 0);
        }

        var held = new ConcurrentDictionary<long, OutboxEntry>(entries.Select(e => KeyValuePair.Create(e.Id, e)));
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = RenewAsync(held, renewing.Token);
        var delivered = 0;
        var retrying = 0;
        var gaveUp = 0;
        try
        {
            await Parallel.ForEachAsync(
                entries,
                new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelDeliveries, CancellationToken = cancellationToken },
                async (entry, ct) =>
                {
                    switch (await DeliverOneAsync(entry, held, ct))
                    {
                        case OutboxStatus.Delivered: Interlocked.Increment(ref delivered); break;
                        case OutboxStatus.Pending: Interlocked.Increment(ref retrying); break;
                        default: Interlocked.Increment(ref gaveUp); break;
                    }
                });
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
        }

        return new DeliveryPass(entries.Count, delivered, retrying, gaveUp);
    }

    // Keeps the leases of the rows this pass still holds; a failed renewal (database restarting) is retried at the next
    // third: the lease still has two thirds to run.
    private async Task RenewAsync(ConcurrentDictionary<long, OutboxEntry> held, CancellationToken cancellationToken)
    {
        var every = _options.DeliveryLease / 3;
        try
        {
            while (true)
            {
                await Task.Delay(every, _time, cancellationToken);
                try
                {
                    await _outbox.RenewLeasesAsync(held.Values.ToArray(), _time.GetUtcNow() + _options.DeliveryLease, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    DeliveryLog.RenewFailed(_logger, held.Count, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the pass is over
        }
    }

    /// <summary>Backoff before attempt <paramref name="attempt"/> + 1: initial × 2^(attempt−1), capped.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var ticks = Math.Min(_options.RetryInitialBackoff.Ticks * factor, _options.RetryMaxBackoff.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    private async Task<string> DeliverOneAsync(OutboxEntry entry, ConcurrentDictionary<long, OutboxEntry> held, CancellationToken cancellationToken)
    {
        var n = entry.Notification;
        var started = _time.GetUtcNow();
        DeliveryResult result;
        if (!_config.Receivers.TryGetValue(n.Receiver, out var receiver) || !_channels.TryGetValue(receiver.Kind, out var channel))
        {
            result = DeliveryResult.Permanent($"receiver '{n.Receiver}' is not configured (any more)");
        }
        else
        {
            try
            {
                result = await channel.SendAsync(receiver, n, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A channel bug must not stop the loop or lose the message: it is retried like an outage.
                result = DeliveryResult.Retry("channel error: " + SecretScrubber.Scrub(ex.Message, receiver));
            }
        }

        var finished = _time.GetUtcNow();
        string status;
        DateTimeOffset? next = null;
        if (result.Delivered)
        {
            status = OutboxStatus.Delivered;
            DeliveryLog.Delivered(_logger, entry.Id, n.Receiver, entry.Attempt);
        }
        else if (!result.Retryable)
        {
            status = OutboxStatus.Failed;
            DeliveryLog.GaveUp(_logger, entry.Id, n.Receiver, status, entry.Attempt, result.Error ?? string.Empty);
        }
        else if (finished - entry.CreatedAt >= _options.MaxDeliveryAge)
        {
            status = OutboxStatus.Abandoned;
            DeliveryLog.GaveUp(_logger, entry.Id, n.Receiver, status, entry.Attempt, result.Error ?? string.Empty);
        }
        else
        {
            status = OutboxStatus.Pending;
            next = finished + Backoff(entry.Attempt);
            DeliveryLog.WillRetry(_logger, entry.Id, n.Receiver, entry.Attempt, next.Value, result.Error ?? string.Empty);
        }

        _metrics.Attempt(n.Receiver, status == OutboxStatus.Pending ? "retry" : status, finished - started, result.Delivered ? finished - entry.CreatedAt : null);

        // Completion is recorded even when shutdown cancels the pass right after the send: the send happened.
        held.TryRemove(entry.Id, out _);
        await _outbox.CompleteAttemptAsync(entry, started, finished, result, status, next, CancellationToken.None);
        return status;
    }
}
