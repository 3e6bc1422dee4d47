namespace Supervision.Alerting.Notify;

internal static partial class PipelineLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Group {GroupKey} → {Receiver}: {Reason} ({Firing} firing, {Resolved} resolved)")]
    public static partial void Flushed(ILogger logger, string groupKey, string receiver, string reason, int firing, int resolved);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "Escalation {Policy} for {GroupKey}: {What}")]
    public static partial void Escalation(ILogger logger, string policy, string groupKey, string what);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "Escalation {Policy} step target {Target} reaches nobody at this time")]
    public static partial void NobodyOnCall(ILogger logger, string policy, string target);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Warning, Message = "Receiver {Receiver} of group {GroupKey} is no longer configured; the group falls back to the root route's receiver")]
    public static partial void UnknownReceiver(ILogger logger, string receiver, string groupKey);
}
