namespace Supervision.Dashboard.PublicStatus;

/// <summary>Log messages of the public status page (event ids 8300–8399); one per refresh at most, never per request.</summary>
internal static partial class StatusPageLog
{
    [LoggerMessage(EventId = 8300, Level = LogLevel.Warning, Message = "Public status page: the availability figures could not be read from InfluxDB; the page keeps those of {Through} and says so")]
    public static partial void AvailabilityFailed(ILogger logger, DateTimeOffset? through, Exception exception);

    [LoggerMessage(EventId = 8301, Level = LogLevel.Error, Message = "Public status page could not be rebuilt; the last good page stays, marked with its age")]
    public static partial void BuildFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8302, Level = LogLevel.Debug, Message = "Public status page: availability through {Through} read in {Milliseconds} ms")]
    public static partial void AvailabilityRead(ILogger logger, DateTimeOffset through, long milliseconds);
}
