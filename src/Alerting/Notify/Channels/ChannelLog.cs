namespace Supervision.Alerting.Notify.Channels;

// Channel logs name the receiver and the host only: URLs, tokens and passwords never reach a log.
internal static partial class ChannelLog
{
    [LoggerMessage(EventId = 6201, Level = LogLevel.Debug, Message = "Delivered {Key} to receiver {Receiver} ({Host}) with status {Status}")]
    public static partial void Delivered(ILogger logger, string key, string receiver, string host, int status);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Warning, Message = "Receiver {Receiver} ({Host}) failed for {Key}: {Error}")]
    public static partial void Failed(ILogger logger, string receiver, string host, string key, string error);
}
