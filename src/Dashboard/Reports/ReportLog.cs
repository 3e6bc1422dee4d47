namespace Supervision.Dashboard.Reports;

internal static partial class ReportLog
{
    [LoggerMessage(EventId = 8400, Level = LogLevel.Information, Message = "Report {Id} sent to {Recipients} recipients ({Bytes} bytes of PDF, printed in {Seconds:0.0} s)")]
    public static partial void Sent(ILogger logger, string id, int recipients, long bytes, double seconds);

    [LoggerMessage(EventId = 8401, Level = LogLevel.Warning, Message = "Report {Id}: {Step} failed (attempt {Attempt}), next attempt at {Next:O}: {Error}")]
    public static partial void Failed(ILogger logger, string id, string step, int attempt, DateTimeOffset next, string error);

    [LoggerMessage(EventId = 8402, Level = LogLevel.Error, Message = "Report {Id}: {Step} failed {Attempt} times, given up until an admin retries it (/reports): {Error}")]
    public static partial void GaveUp(ILogger logger, string id, string step, int attempt, string error);

    [LoggerMessage(EventId = 8403, Level = LogLevel.Warning, Message = "Reports: the cluster lease could not be taken ({Error}); due reports wait for the next sweep")]
    public static partial void LeaseUnavailable(ILogger logger, string error);

    [LoggerMessage(EventId = 8404, Level = LogLevel.Error, Message = "Reports: the archive {Folder} cannot be read or written; due reports wait for the next sweep")]
    public static partial void ArchiveFailed(ILogger logger, string folder, Exception exception);

    [LoggerMessage(EventId = 8405, Level = LogLevel.Information, Message = "Report {Id} retried by {User}")]
    public static partial void RetryAsked(ILogger logger, string id, string user);

    [LoggerMessage(EventId = 8406, Level = LogLevel.Information, Message = "Reports scheduled ({Kinds}, Vietnam time) for {Scopes}; archive {Folder}")]
    public static partial void Scheduled(ILogger logger, string kinds, string scopes, string folder);
}
