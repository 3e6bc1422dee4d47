namespace Supervision.Dashboard.Summaries;

/// <summary>Log messages of the summaries (event ids 8100–8199).</summary>
internal static partial class SummaryLog
{
    [LoggerMessage(EventId = 8100, Level = LogLevel.Debug, Message = "Summary figures for {Period} ending {End} read from InfluxDB in {Milliseconds} ms")]
    public static partial void Read(ILogger logger, SummaryPeriod period, DateTimeOffset end, long milliseconds);

    [LoggerMessage(EventId = 8101, Level = LogLevel.Warning, Message = "Summary figures for {Period} could not be read from InfluxDB")]
    public static partial void ReadFailed(ILogger logger, SummaryPeriod period, Exception exception);

    [LoggerMessage(EventId = 8102, Level = LogLevel.Debug, Message = "Summary warmer could not refresh the national {Period} figures; the next page view reads them")]
    public static partial void WarmFailed(ILogger logger, SummaryPeriod period, Exception exception);

    [LoggerMessage(EventId = 8103, Level = LogLevel.Debug, Message = "Summary charts ending {End} read from InfluxDB in {Milliseconds} ms")]
    public static partial void TrendsRead(ILogger logger, DateTimeOffset end, long milliseconds);

    [LoggerMessage(EventId = 8104, Level = LogLevel.Warning, Message = "Summary charts could not be read from InfluxDB")]
    public static partial void TrendsReadFailed(ILogger logger, Exception exception);
}
