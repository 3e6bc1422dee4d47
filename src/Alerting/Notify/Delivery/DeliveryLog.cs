namespace Supervision.Alerting.Notify.Delivery;

internal static partial class DeliveryLog
{
    [LoggerMessage(EventId = 6301, Level = LogLevel.Information, Message = "Delivered notification {Id} to {Receiver} on attempt {Attempt}")]
    public static partial void Delivered(ILogger logger, long id, string receiver, int attempt);

    [LoggerMessage(EventId = 6302, Level = LogLevel.Warning, Message = "Notification {Id} to {Receiver} failed on attempt {Attempt}, next at {Next:o}: {Error}")]
    public static partial void WillRetry(ILogger logger, long id, string receiver, int attempt, DateTimeOffset next, string error);

    [LoggerMessage(EventId = 6303, Level = LogLevel.Error, Message = "Notification {Id} to {Receiver} gave up ({Status}) after {Attempt} attempts: {Error}")]
    public static partial void GaveUp(ILogger logger, long id, string receiver, string status, int attempt, string error);

    [LoggerMessage(EventId = 6305, Level = LogLevel.Warning, Message = "Renewing the lease of {Count} notifications being sent failed (retried at the next third of the lease): {Error}")]
    public static partial void RenewFailed(ILogger logger, int count, string error);

    [LoggerMessage(EventId = 6304, Level = LogLevel.Error, Message = "Notification tick failed; the next tick retries")]
    public static partial void TickFailed(ILogger logger, Exception exception);
}
