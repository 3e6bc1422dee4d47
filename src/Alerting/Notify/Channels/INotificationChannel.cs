namespace Supervision.Alerting.Notify.Channels;

/// <summary>
/// A delivery channel: formatting and I/O only. One attempt per call, bounded by the receiver's timeout;
/// retries, backoff and records belong to the outbox. Implementations never log or return a secret.
/// </summary>
public interface INotificationChannel
{
    /// <summary>The receiver kind this channel serves.</summary>
    ReceiverKind Kind { get; }

    /// <summary>Makes one delivery attempt.</summary>
    Task<DeliveryResult> SendAsync(ReceiverDefinition receiver, Notification notification, CancellationToken cancellationToken);
}

/// <summary>Outcome of one attempt.</summary>
/// <param name="Delivered">True when the receiver accepted it.</param>
/// <param name="Retryable">True when a later attempt may succeed (timeouts, refused connections, 5xx, 429).</param>
/// <param name="Error">What went wrong, secrets removed.</param>
/// <param name="StatusCode">HTTP status or SMTP reply code, when there was one.</param>
public sealed record DeliveryResult(bool Delivered, bool Retryable, string? Error, int? StatusCode = null)
{
    /// <summary>Accepted.</summary>
    public static DeliveryResult Ok(int? statusCode = null) => new(true, false, null, statusCode);

    /// <summary>Failed; try again later.</summary>
    public static DeliveryResult Retry(string error, int? statusCode = null) => new(false, true, error, statusCode);

    /// <summary>Failed for good (the request itself is wrong).</summary>
    public static DeliveryResult Permanent(string error, int? statusCode = null) => new(false, false, error, statusCode);
}
