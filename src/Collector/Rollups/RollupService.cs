namespace Supervision.Collector.Rollups;

/// <summary>
/// Writes the stream roll-ups' open hours through the write pipeline (so they share its disk buffer when InfluxDB
/// is away) once a minute, on the minute, and keeps them and the live figures' state in a file beside the disk
/// buffer, so a restart within the hour or the day goes on counting instead of overwriting what was written.
/// </summary>
/// <remarks>Registered after the write pipeline and the scheduler: it stops before them and writes its last parts
/// while the pipeline still runs.</remarks>
public sealed partial class RollupService(
    HourlyRollups rollups, LiveFigureTracker figures, WritePipeline writer, CollectorIdentity identity, TimeProvider time, ILogger<RollupService> logger)
    : BackgroundService
{
    /// <summary>File name of the saved state, in the buffer folder.</summary>
    public const string StateFileName = "rollup-state.json";

    private readonly LineProtocolBuilder _lines = new(64 * 1024);
    private readonly string _statePath = Path.Combine(identity.BufferDirectory, StateFileName);

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        Load();
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(1);
            try
            {
                await Task.Delay(next - now, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            WriteAndSave();
        }

        WriteAndSave();
    }

    /// <summary>Writes the open hours now and saves the state (also the last step of a stop).</summary>
    public void WriteAndSave()
    {
        try
        {
            _lines.Clear();
            var lines = rollups.WriteTo(_lines, time.GetUtcNow(), identity.Id);
            writer.Append(_lines);
            Save();
            LogWritten(logger, lines);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogSaveFailed(logger, _statePath, ex.Message);
        }
    }

    private void Save()
    {
        Directory.CreateDirectory(identity.BufferDirectory);
        var temporary = _statePath + ".tmp";
        using (var stream = File.Create(temporary))
        {
            JsonSerializer.Serialize(stream, new RollupFileState(identity.Id, rollups.Save(), figures.Save()));
        }

        File.Move(temporary, _statePath, overwrite: true);
    }

    private void Load()
    {
        if (!File.Exists(_statePath))
        {
            return;
        }

        try
        {
            using var stream = File.OpenRead(_statePath);
            if (JsonSerializer.Deserialize<RollupFileState>(stream) is { } state && state.Collector == identity.Id)
            {
                rollups.Restore(state.Hours);
                figures.Restore(state.Figures);
                LogRestored(logger, state.Hours.Count, _statePath);
            }
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            // The parts in InfluxDB stay as last written; counting starts afresh (the hour's earlier scrapes are then
            // under-counted, which the log says).
            LogLoadFailed(logger, _statePath, ex.Message);
        }
    }

    [LoggerMessage(EventId = 1601, Level = LogLevel.Debug, Message = "Wrote {Lines} roll-up lines")]
    private static partial void LogWritten(ILogger logger, int lines);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Information, Message = "Restored {Hours} open roll-up hours from {Path}")]
    private static partial void LogRestored(ILogger logger, int hours, string path);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Warning, Message = "Roll-up state {Path} unreadable, counting starts afresh: {Error}")]
    private static partial void LogLoadFailed(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 1604, Level = LogLevel.Warning, Message = "Saving the roll-up state to {Path} failed: {Error}")]
    private static partial void LogSaveFailed(ILogger logger, string path, string error);
}

/// <summary>The file a collector keeps its stream roll-ups and live figures in across restarts.</summary>
/// <param name="Collector">The agent it belongs to (another agent's file is not taken).</param>
/// <param name="Hours">Open roll-up hours.</param>
/// <param name="Figures">Live figure state.</param>
public sealed record RollupFileState(string Collector, IReadOnlyList<RollupHourState> Hours, LiveFigureState Figures);
