namespace Supervision.Dashboard.Boards;

/// <summary>
/// Reloads the catalog when a board file changes. Editors save in several steps (truncate, write, rename),
/// so events are gathered for a short quiet period before one reload.
/// </summary>
public sealed partial class BoardWatcher(BoardCatalog catalog, TimeProvider time, ILogger<BoardWatcher> logger) : IHostedService, IDisposable
{
    /// <summary>Quiet period after the last file event before reloading.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    private FileSystemWatcher? _watcher;
    private ITimer? _timer;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(catalog.Directory))
        {
            return Task.CompletedTask;
        }

        _timer = time.CreateTimer(_ => Reload(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(catalog.Directory, "*.json") { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
        _watcher.Changed += OnEvent;
        _watcher.Created += OnEvent;
        _watcher.Deleted += OnEvent;
        _watcher.Renamed += OnEvent;
        _watcher.EnableRaisingEvents = true;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_watcher is not null)
        {
            _watcher.EnableRaisingEvents = false;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _watcher?.Dispose();
        _timer?.Dispose();
    }

    private void OnEvent(object sender, FileSystemEventArgs e) => _timer?.Change(Debounce, Timeout.InfiniteTimeSpan);

    private void Reload()
    {
        try
        {
            catalog.Reload();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The timer's boundary: a folder briefly unreadable (being replaced) is retried on the next event.
            LogReloadFailed(logger, ex);
        }
    }

    [LoggerMessage(EventId = 3205, Level = LogLevel.Error, Message = "Reloading the boards failed; the running boards stay")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);
}
