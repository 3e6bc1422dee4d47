using Supervision.Core.Hosting;

namespace Supervision.Simulator.Seeding;

/// <summary>Runs <see cref="SeedHistoryCommand"/> from the command line (<see cref="VerbHost"/>: client factory, Ctrl-C).</summary>
public static class SeedHistoryHost
{
    /// <summary>Runs the verb; returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        VerbHost.RunAsync(
            (http, cancel) => SeedHistoryCommand.RunAsync(args, http, TimeProvider.System, output, error, cancel),
            error,
            $"{SeedHistoryCommand.Verb}: cancelled; what was written stays written and marked, running again is safe");
}
