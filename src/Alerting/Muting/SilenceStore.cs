namespace Supervision.Alerting.Muting;

/// <summary>The silences behind <c>/api/silences</c>: kept in memory, written through to the state store; the one <see cref="ISilenceSource"/> of the service.</summary>
internal sealed class SilenceStore : ISilenceSource
{
    private readonly IAlertStateStore _store;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, StoredSilence> _silences = new(StringComparer.Ordinal);
    private Silence[] _compiled = [];

    public SilenceStore(IAlertStateStore store)
    {
        _store = store;
        Load();
    }

    public IReadOnlyList<StoredSilence> All()
    {
        lock (_gate)
        {
            ReloadIfShared();
            return _silences.Values.OrderByDescending(s => s.UpdatedAt).ToArray();
        }
    }

    public StoredSilence? Find(string id)
    {
        lock (_gate)
        {
            ReloadIfShared();
            return _silences.GetValueOrDefault(id);
        }
    }

    public void Upsert(StoredSilence silence)
    {
        lock (_gate)
        {
            _store.SaveSilence(silence);
            _silences[silence.Id] = silence;
            Recompile();
        }
    }

    /// <summary>The compiled silences; <see cref="MuteEvaluator"/> matches them (once per pass, for engine and pipeline alike).</summary>
    private IReadOnlyList<Silence> Compiled
    {
        get
        {
            lock (_gate)
            {
                ReloadIfShared();
                return _compiled;
            }
        }
    }

    public ValueTask<IReadOnlyList<Silence>> GetActiveAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var all = Compiled;
        var list = new List<Silence>();
        foreach (var s in all)
        {
            if (s.IsActiveAt(now))
            {
                list.Add(s);
            }
        }

        return ValueTask.FromResult<IReadOnlyList<Silence>>(list);
    }

    // Shared by a cluster, a silence may have been made on another node; a few rows, read at each pass.
    private void ReloadIfShared()
    {
        if (_store.IsShared)
        {
            Load();
        }
    }

    private void Load()
    {
        var loaded = _store.LoadSilences();
        _silences.Clear();
        foreach (var s in loaded)
        {
            _silences[s.Id] = s;
        }

        Recompile();
    }

    private void Recompile() => _compiled = _silences.Values.Select(s => s.ToSilence()).ToArray();
}
