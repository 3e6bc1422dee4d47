namespace Supervision.Dashboard.Live;

/// <summary>
/// After a restart the wallboard must not start blank: the last known status of every target is read
/// back from InfluxDB; the collectors' snapshots (sent on reconnect) then bring it up to date.
/// </summary>
public sealed partial class StateRebuilder(LiveState state, InfluxQueries queries, IOptions<DashboardOptions> options, ILogger<StateRebuilder> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!queries.Enabled)
        {
            return;
        }

        try
        {
            var states = await queries.LatestStatesAsync(options.Value.Rollup.StaleAfter, cancellationToken);
            state.Apply(states);
            LogRebuilt(logger, states.Count);
        }
        catch (InfluxException ex)
        {
            // Not fatal: the collectors' snapshots fill the view within seconds anyway.
            LogRebuildFailed(logger, ex.Message);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Rebuilt {Count} target states from InfluxDB")]
    private static partial void LogRebuilt(ILogger logger, int count);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Could not rebuild state from InfluxDB, waiting for collectors: {Error}")]
    private static partial void LogRebuildFailed(ILogger logger, string error);
}
