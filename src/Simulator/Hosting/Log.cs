namespace Supervision.Simulator.Hosting;

/// <summary>The simulator's log messages, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Serving {Targets} targets of {Inventory} (seed {Seed})")]
    public static partial void Serving(ILogger logger, int targets, string inventory, long seed);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Fault {Id} started: {Kind} on {Matched} targets, expires {ExpiresAt}")]
    public static partial void FaultStarted(ILogger logger, string id, string kind, int matched, DateTimeOffset? expiresAt);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Fault {Id} deleted")]
    public static partial void FaultDeleted(ILogger logger, string id);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Scenario {Name}: step {Step} ({Note}) started fault {Id}")]
    public static partial void ScenarioStep(ILogger logger, string name, int step, string note, string id);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Scenario {Name}: step {Step} could not start: {Reason}")]
    public static partial void ScenarioStepFailed(ILogger logger, string name, int step, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Scenario {Name} loaded: {Steps} steps{Repeat}")]
    public static partial void ScenarioLoaded(ILogger logger, string name, int steps, string repeat);
}
