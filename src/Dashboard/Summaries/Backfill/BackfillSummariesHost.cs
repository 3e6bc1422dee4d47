namespace Supervision.Dashboard.Summaries.Backfill;

/// <summary>
/// Runs <see cref="BackfillSummariesCommand"/> from the command line with the Dashboard's InfluxDB settings
/// (<c>Dashboard:Influx</c> in appsettings.json, environment variables such as <c>Dashboard__Influx__Url</c>,
/// or <c>--Dashboard:Influx:Url=…</c>) and an HTTP client from the client factory.
/// </summary>
public static class BackfillSummariesHost
{
    /// <summary>A statement covers a day of every unit's roll-ups: far longer than a page's read.</summary>
    private static readonly TimeSpan MinimumTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Runs the verb; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(Array.FindAll(args, a => a.StartsWith("--Dashboard:", StringComparison.Ordinal)))
            .Build();
        var influx = configuration.GetSection("Dashboard:Influx").Get<InfluxOptions>() ?? new InfluxOptions();
        if (influx.Timeout < MinimumTimeout)
        {
            influx.Timeout = MinimumTimeout;
        }

        return await VerbHost.RunAsync(
            (http, cancel) => BackfillSummariesCommand.RunAsync(args, influx, http, TimeProvider.System, output, error, cancel),
            error,
            $"{BackfillSummariesCommand.Verb}: cancelled; what ran stays written, running again is safe");
    }
}
