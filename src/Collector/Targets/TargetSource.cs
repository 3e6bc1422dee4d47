using Supervision.Core.InventoryFiles;

namespace Supervision.Collector.Targets;

/// <summary>
/// This shard's targets, from the inventory file, reloaded when the file changes. A file that fails
/// validation is reported with every error and the last good targets stay in force. With shard takeover
/// (<c>Collector:Membership</c>) every target is listed: the scheduler keeps the ones the live agents give this one.
/// </summary>
public sealed partial class TargetSource(IOptions<CollectorOptions> options, CollectorIdentity identity, ILogger<TargetSource> logger)
{
    private readonly string _path = options.Value.InventoryPath;
    private readonly bool _dynamic = options.Value.Membership.Enabled;
    private DateTime _lastWrite;
    private long _lastLength = -1;

    /// <summary>The whole inventory last loaded (the push intake needs every unit's credentials), or null before the first load.</summary>
    public Inventory? Current { get; private set; }

    /// <summary>Loads the file at start-up; throws with every error when it is invalid (a bad start must be loud).</summary>
    public IReadOnlyList<Target> LoadInitial()
    {
        var result = InventoryLoader.LoadFile(_path);
        if (result.Inventory is null)
        {
            throw new InvalidOperationException("Invalid inventory:" + Environment.NewLine + string.Join(Environment.NewLine, result.Errors));
        }

        Remember();
        Current = result.Inventory;
        return Select(result.Inventory);
    }

    /// <summary>The new target list when the file changed and is valid; null otherwise.</summary>
    public IReadOnlyList<Target>? ReloadIfChanged()
    {
        var info = new FileInfo(_path);
        if (!info.Exists || (info.LastWriteTimeUtc == _lastWrite && info.Length == _lastLength))
        {
            return null;
        }

        Remember();
        var result = InventoryLoader.LoadFile(_path);
        if (result.Inventory is null)
        {
            foreach (var error in result.Errors)
            {
                LogInvalid(logger, error.ToString());
            }

            return null;
        }

        Current = result.Inventory;
        var targets = Select(result.Inventory);
        LogReloaded(logger, _path, targets.Count);
        return targets;
    }

    private void Remember()
    {
        var info = new FileInfo(_path);
        _lastWrite = info.LastWriteTimeUtc;
        _lastLength = info.Exists ? info.Length : -1;
    }

    private List<Target> Select(Inventory inventory)
    {
        var mine = new List<Target>();
        foreach (var target in inventory.Targets)
        {
            if (_dynamic || identity.Shard.Owns(target.Id))
            {
                mine.Add(target);
            }
        }

        return mine;
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Inventory reload rejected, keeping the last good targets: {Error}")]
    private static partial void LogInvalid(ILogger logger, string error);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Inventory {Path} reloaded: {Count} targets for this agent")]
    private static partial void LogReloaded(ILogger logger, string path, int count);
}
