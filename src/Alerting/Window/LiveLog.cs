namespace Supervision.Alerting.Window;

/// <summary>The live window's log messages.</summary>
internal static partial class LiveLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "InfluxDB subscription {Name} at {Server} on {Database}.{RetentionPolicy} now posts to {Destination}")]
    public static partial void Subscribed(ILogger logger, string name, string server, string database, string retentionPolicy, string destination);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "InfluxDB subscription {Name} at {Server} could not be made or checked; rules read InfluxDB directly meanwhile unless another server's stream covers them")]
    public static partial void SubscribeFailed(ILogger logger, string name, string server, Exception exception);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Subscription body from {Remote}: {Rejected} line(s) rejected, first: {Errors}")]
    public static partial void Rejected(ILogger logger, string remote, int rejected, string errors);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning, Message = "InfluxDB at {Server} reports {Failures} failed post(s) to subscription {Name}; the live window starts over and rules read InfluxDB until it covers their spans again")]
    public static partial void DeliveryFailed(ILogger logger, string name, string server, long failures);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "InfluxDB subscription {Name} at {Server} dropped")]
    public static partial void Dropped(ILogger logger, string name, string server);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "InfluxDB subscription {Name} at {Server} could not be dropped; InfluxDB will log failed posts to it until it is")]
    public static partial void DropFailed(ILogger logger, string name, string server, Exception exception);
}
