namespace Supervision.Alerting.Muting;

/// <summary>Maintenance windows: stored in SQLite, cached in memory, every change audited.</summary>
public sealed class MaintenanceService : IDisposable
{
    private const string Table = "notify_maintenance";
    private readonly KeyedJsonStore _store;
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private volatile IReadOnlyDictionary<string, MaintenanceCalendar>? _windows;

    /// <summary>Creates the service.</summary>
    public MaintenanceService(KeyedJsonStore store) => _store = store;

    /// <summary>Every window.</summary>
    public async Task<IReadOnlyCollection<MaintenanceCalendar>> ListAsync(CancellationToken cancellationToken) =>
        (await LoadAsync(cancellationToken)).Values.OrderBy(c => c.Window.Id, StringComparer.Ordinal).ToArray();

    /// <summary>A window by id, or null.</summary>
    public async Task<MaintenanceCalendar?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await LoadAsync(cancellationToken)).GetValueOrDefault(id);

    /// <summary>Validates and stores a window (new id when empty); the errors name the field when invalid.</summary>
    public async Task<(MaintenanceCalendar? Window, IReadOnlyList<string> Errors)> SaveAsync(MaintenanceWindow window, string actor, DateTimeOffset now, bool create, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (string.IsNullOrEmpty(window.Id))
        {
            window = window with { Id = Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture)[..12] };
        }

        window = window with { CreatedBy = actor, UpdatedAt = now };
        var calendar = MaintenanceCalendar.Create(window, out var errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        await _loadGate.WaitAsync(cancellationToken);
        try
        {
            var current = await LoadCoreAsync(cancellationToken);
            await _store.UpsertAsync(Table, window.Id, window, new AuditRecord(now, actor, create ? "maintenance.create" : "maintenance.update", window.Id), cancellationToken);
            _windows = new Dictionary<string, MaintenanceCalendar>(current, StringComparer.Ordinal) { [window.Id] = calendar };
        }
        finally
        {
            _loadGate.Release();
        }

        return (calendar, []);
    }

    /// <summary>Deletes a window; false when unknown.</summary>
    public async Task<bool> DeleteAsync(string id, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _loadGate.WaitAsync(cancellationToken);
        try
        {
            var current = await LoadCoreAsync(cancellationToken);
            if (!await _store.DeleteAsync(Table, id, new AuditRecord(now, actor, "maintenance.delete", id), cancellationToken))
            {
                return false;
            }

            var copy = new Dictionary<string, MaintenanceCalendar>(current, StringComparer.Ordinal);
            copy.Remove(id);
            _windows = copy;
            return true;
        }
        finally
        {
            _loadGate.Release();
        }
    }

    /// <summary>The windows open at <paramref name="now"/>.</summary>
    public async Task<IReadOnlyList<MaintenanceCalendar>> OpenAtAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var list = new List<MaintenanceCalendar>();
        foreach (var c in (await LoadAsync(cancellationToken)).Values)
        {
            if (c.IsOpenAt(now))
            {
                list.Add(c);
            }
        }

        return list;
    }

    private async Task<IReadOnlyDictionary<string, MaintenanceCalendar>> LoadAsync(CancellationToken cancellationToken)
    {
        // Shared by a cluster, the table may have changed on another node: read it again.
        if (_windows is { } cached && !_store.IsShared)
        {
            return cached;
        }

        await _loadGate.WaitAsync(cancellationToken);
        try
        {
            return await LoadCoreAsync(cancellationToken);
        }
        finally
        {
            _loadGate.Release();
        }
    }

    private async Task<IReadOnlyDictionary<string, MaintenanceCalendar>> LoadCoreAsync(CancellationToken cancellationToken)
    {
        // Shared by a cluster, the table may have changed on another node: read it again.
        if (_windows is { } cached && !_store.IsShared)
        {
            return cached;
        }

        var result = new Dictionary<string, MaintenanceCalendar>(StringComparer.Ordinal);
        foreach (var w in await _store.ListAsync<MaintenanceWindow>(Table, cancellationToken))
        {
            // A stored window was valid when saved; if a later version rejects it, it is skipped rather than muting wrongly.
            var c = MaintenanceCalendar.Create(w, out var errors);
            if (errors.Count == 0)
            {
                result[w.Id] = c;
            }
        }

        _windows = result;
        return result;
    }

    /// <inheritdoc />
    public void Dispose() => _loadGate.Dispose();
}
