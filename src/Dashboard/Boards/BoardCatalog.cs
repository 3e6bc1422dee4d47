namespace Supervision.Dashboard.Boards;

/// <summary>
/// The boards of the <c>dashboards/</c> folder as last loaded. A file that turns bad keeps serving its last
/// good version (its errors are logged and listed), so a typo saved during the night never blanks a wall.
/// </summary>
public sealed partial class BoardCatalog
{
    private readonly object _gate = new();
    private readonly Dictionary<string, BoardDefinition> _lastGood = new(StringComparer.Ordinal);
    private readonly IReadOnlySet<string> _provinces;
    private readonly ILogger<BoardCatalog> _logger;
    private IReadOnlyList<BoardDefinition> _boards = [];
    private IReadOnlyList<BoardError> _errors = [];

    /// <summary>Creates the catalog and loads the folder once.</summary>
    public BoardCatalog(IOptions<DashboardOptions> options, Inventory inventory, ILogger<BoardCatalog> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(inventory);
        _logger = logger;
        _provinces = inventory.Provinces.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        Directory = ResolveDirectory(options.Value.Boards.Directory);
        Reload();
    }

    /// <summary>Raised after every reload (pages re-read the boards).</summary>
    public event Action? Changed;

    /// <summary>The folder read (absolute).</summary>
    public string Directory { get; }

    /// <summary>Boards in rotation order (then id).</summary>
    public IReadOnlyList<BoardDefinition> Boards => Volatile.Read(ref _boards);

    /// <summary>The problems found by the last reload (files serving a last good version included).</summary>
    public IReadOnlyList<BoardError> Errors => Volatile.Read(ref _errors);

    /// <summary>A board by id, or null.</summary>
    public BoardDefinition? Find(string id)
    {
        foreach (var board in Boards)
        {
            if (board.Id == id)
            {
                return board;
            }
        }

        return null;
    }

    /// <summary>Reads every <c>*.json</c> of the folder again (<c>schema.json</c> excepted).</summary>
    public void Reload()
    {
        lock (_gate)
        {
            var errors = new List<BoardError>();
            var files = System.IO.Directory.Exists(Directory)
                ? System.IO.Directory.GetFiles(Directory, "*.json").Where(f => !Path.GetFileName(f).Equals("schema.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray()
                : [];
            if (files.Length == 0)
            {
                LogNoBoards(_logger, Directory);
            }

            var ids = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                var result = BoardLoader.LoadFile(file, _provinces);
                var fileErrors = result.Errors.ToList();
                if (result.Board is { } board && ids.TryGetValue(board.Id, out var other))
                {
                    fileErrors.Add(new BoardError(file, "$.id", $"board id '{board.Id}' is already used by {other}"));
                }

                if (fileErrors.Count == 0)
                {
                    _lastGood[file] = result.Board!;
                }
                else
                {
                    errors.AddRange(fileErrors);
                    foreach (var error in fileErrors)
                    {
                        LogBoardError(_logger, error.ToString());
                    }

                    if (_lastGood.ContainsKey(file))
                    {
                        LogKeptLastGood(_logger, file);
                    }
                }

                if (_lastGood.TryGetValue(file, out var kept))
                {
                    ids.TryAdd(kept.Id, file);
                }
            }

            foreach (var gone in _lastGood.Keys.Where(k => !files.Contains(k, StringComparer.Ordinal)).ToArray())
            {
                _lastGood.Remove(gone);
            }

            var boards = _lastGood.Values.OrderBy(b => b.Order).ThenBy(b => b.Id, StringComparer.Ordinal).ToArray();
            Volatile.Write(ref _boards, boards);
            Volatile.Write(ref _errors, errors);
            LogLoaded(_logger, boards.Length, Directory, errors.Count);
        }

        Changed?.Invoke();
    }

    // Relative paths are tried against the working directory first (an operator's checkout), then beside the
    // binaries (the build copies dashboards/ there), so tests and `dotnet run` both find the shipped boards.
    private static string ResolveDirectory(string configured)
    {
        if (Path.IsPathRooted(configured))
        {
            return configured;
        }

        var fromWorkingDirectory = Path.GetFullPath(configured);
        if (System.IO.Directory.Exists(fromWorkingDirectory))
        {
            return fromWorkingDirectory;
        }

        return Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, configured));
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Loaded {Count} boards from {Directory} ({Errors} errors)")]
    private static partial void LogLoaded(ILogger logger, int count, string directory, int errors);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Error, Message = "Board file error: {Error}")]
    private static partial void LogBoardError(ILogger logger, string error);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "{File} is invalid: its last good version stays on the walls")]
    private static partial void LogKeptLastGood(ILogger logger, string file);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Warning, Message = "No board files in {Directory}: the kiosk has nothing to show")]
    private static partial void LogNoBoards(ILogger logger, string directory);
}
