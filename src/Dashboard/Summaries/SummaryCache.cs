namespace Supervision.Dashboard.Summaries;

/// <summary>
/// Reuses figures read from InfluxDB for a short time. They end at the last complete hour, so a page
/// render, its interactive re-render and the CSV export a leader clicks next all show the same numbers
/// for one read. Bounded: it is emptied when it grows past a few dozen entries; failed reads are not kept.
/// </summary>
/// <typeparam name="T">What is read: a summary's figures, or its charts' series.</typeparam>
public sealed class SummaryCache<T>(TimeProvider time, TimeSpan lifetime)
{
    // A national entry holds ~3,400 units × 9 readings (a few MB): a few dozen is plenty.
    private const int MaxEntries = 32;
    private readonly ConcurrentDictionary<string, (DateTimeOffset Expires, Lazy<Task<T>> Read)> _entries = new(StringComparer.Ordinal);

    /// <summary>The cached figures for <paramref name="key"/>, or the result of <paramref name="read"/>.</summary>
    public async Task<T> GetAsync(string key, Func<Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (lifetime <= TimeSpan.Zero)
        {
            return await read();
        }

        var now = time.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && entry.Expires > now)
        {
            try
            {
                return await entry.Read.Value;
            }
            catch (Exception) when (Remove(key, entry))
            {
                throw;
            }
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        var fresh = (now + lifetime, new Lazy<Task<T>>(read));
        var used = _entries.AddOrUpdate(key, fresh, (_, old) => old.Expires > now ? old : fresh);
        try
        {
            return await used.Item2.Value;
        }
        catch (Exception) when (Remove(key, used))
        {
            throw;
        }
    }

    /// <summary>
    /// Reads afresh and stores the result for <paramref name="key"/> whether or not an entry is still valid (the
    /// warmer keeps entries from expiring); a failed read leaves the entry as it was.
    /// </summary>
    public async Task RefreshAsync(string key, Func<Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (lifetime <= TimeSpan.Zero)
        {
            return;
        }

        var data = await read();
        if (_entries.Count >= MaxEntries && !_entries.ContainsKey(key))
        {
            _entries.Clear();
        }

        _entries[key] = (time.GetUtcNow() + lifetime, new Lazy<Task<T>>(Task.FromResult(data)));
    }

    // Used as an exception filter: drops a failed read so the next request tries again, never swallows.
    private bool Remove(string key, (DateTimeOffset, Lazy<Task<T>>) entry)
    {
        _entries.TryRemove(new KeyValuePair<string, (DateTimeOffset, Lazy<Task<T>>)>(key, entry));
        return false;
    }
}
