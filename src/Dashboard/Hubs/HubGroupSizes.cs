namespace Supervision.Dashboard.Hubs;

/// <summary>
/// How many status-hub connections of this node each group has, so the metrics can count what a group send really
/// costs (SignalR itself does not say how many connections a group message reached).
/// </summary>
public sealed class HubGroupSizes
{
    private readonly ConcurrentDictionary<string, HashSet<string>> _byConnection = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _sizes = new(StringComparer.Ordinal);

    /// <summary>Members of <paramref name="group"/> now.</summary>
    public int Size(string group) => _sizes.GetValueOrDefault(group);

    /// <summary>Records that <paramref name="connectionId"/> joined <paramref name="group"/>.</summary>
    public void Joined(string connectionId, string group)
    {
        var groups = _byConnection.GetOrAdd(connectionId, _ => new HashSet<string>(StringComparer.Ordinal));
        lock (groups)
        {
            if (groups.Add(group))
            {
                _sizes.AddOrUpdate(group, 1, (_, n) => n + 1);
            }
        }
    }

    /// <summary>Records that <paramref name="connectionId"/> left <paramref name="group"/>.</summary>
    public void Left(string connectionId, string group)
    {
        if (_byConnection.TryGetValue(connectionId, out var groups))
        {
            lock (groups)
            {
                if (groups.Remove(group))
                {
                    _sizes.AddOrUpdate(group, 0, (_, n) => Math.Max(0, n - 1));
                }
            }
        }
    }

    /// <summary>Records that <paramref name="connectionId"/> is gone (it leaves every group).</summary>
    public void Disconnected(string connectionId)
    {
        if (_byConnection.TryRemove(connectionId, out var groups))
        {
            lock (groups)
            {
                foreach (var group in groups)
                {
                    _sizes.AddOrUpdate(group, 0, (_, n) => Math.Max(0, n - 1));
                }

                groups.Clear();
            }
        }
    }
}
