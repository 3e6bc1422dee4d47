namespace Supervision.Alerting.Scheduling;

/// <summary>
/// Hot reload: polls the rules folder (names, sizes, write times) and reloads on change. A bad file keeps the
/// last good rules and every error is logged with file:line and served on <c>/api/rules</c>.
/// Polling instead of FileSystemWatcher: editors replace files in ways watchers miss, and a poll is testable with a fake clock.
/// </summary>
internal sealed partial class RuleReloader(
    RuleRepository repository,
    AlertEngine engine,
    AlertingMetrics metrics,
    IOptions<AlertingOptions> options,
    TimeProvider time,
    IServiceProvider services,
    ILogger<RuleReloader> logger) : BackgroundService
{
    private string _stamp = string.Empty;

    /// <summary>Loads the folder if it changed since the last look; true when a new rule set was installed.</summary>
    public async Task<bool> CheckAsync(CancellationToken ct)
    {
        var folder = options.Value.RulesFolder;
        var stamp = Stamp(folder);
        if (stamp == _stamp)
        {
            return false;
        }

        _stamp = stamp;
        var (rules, errors) = RuleFileLoader.LoadFolder(folder);
        if (rules is null)
        {
            repository.Reject(errors);
            metrics.Reloads.WithLabels("error").Inc();
            foreach (var e in errors)
            {
                Log.RuleError(logger, e.ToString());
            }

            return false;
        }

        repository.Replace(rules);
        metrics.Reloads.WithLabels("success").Inc();
        Log.Loaded(logger, rules.AllRules.Count(), folder);
        if (options.Value.EnableScheduler && services.GetService<RuleScheduler>() is { } scheduler)
        {
            await scheduler.SyncAsync(ct);
        }

        await engine.RulesChangedAsync(time.GetUtcNow(), ct);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RulesReloadInterval, time);
        try
        {
            do
            {
                try
                {
                    await CheckAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The loop must survive a transient I/O error on the folder; the next tick retries.
                    Log.ReloadFailed(logger, ex.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static string Stamp(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return "missing";
        }

        var parts = Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal).Select(f =>
        {
            var info = new FileInfo(f);
            return $"{f}|{info.Length}|{info.LastWriteTimeUtc.Ticks}";
        });
        return string.Join('\n', parts);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Loaded {Count} rules from {Folder}")]
        public static partial void Loaded(ILogger logger, int count, string folder);

        [LoggerMessage(EventId = 5202, Level = LogLevel.Error, Message = "Rule file error (keeping the last good rules): {Error}")]
        public static partial void RuleError(ILogger logger, string error);

        [LoggerMessage(EventId = 5203, Level = LogLevel.Error, Message = "Rule reload failed: {Error}")]
        public static partial void ReloadFailed(ILogger logger, string error);
    }
}
