namespace Supervision.Alerting.Inhibition;

/// <summary>A province outage as it was: which alert, from when to when (the end moves while it fires).</summary>
internal sealed record PastIncident(string ParentId, DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// Remembers each province outage for a while after it resolves, so rules that look back over a window (the
/// hour-long availability of every unit) do not raise again, commune by commune, what the outage already explained:
/// an alert of such a rule that started while or after the outage, and whose window still reaches into it, is folded
/// under the outage's alert. In memory only: after a restart the after-effects of an older outage surface (a known,
/// documented limit). Touched only under the engine's gate.
/// </summary>
internal sealed class IncidentMemory
{
    private static readonly TimeSpan Keep = TimeSpan.FromHours(25);
    private readonly Dictionary<string, PastIncident> _byProvince = new(StringComparer.Ordinal);

    /// <summary>Records the firing province outages of this pass (<paramref name="provinceParents"/>: province → alert id).</summary>
    public void Note(IReadOnlyDictionary<string, string> provinceParents, IReadOnlyCollection<AlertRecord> alerts, DateTimeOffset now)
    {
        foreach (var (province, id) in provinceParents)
        {
            var start = alerts.FirstOrDefault(a => a.Id == id)?.FiredAt ?? now;
            _byProvince[province] = _byProvince.TryGetValue(province, out var known) && known.ParentId == id
                ? known with { End = now }
                : new PastIncident(id, start, now);
        }

        foreach (var old in _byProvince.Where(kv => now - kv.Value.End > Keep).Select(kv => kv.Key).ToArray())
        {
            _byProvince.Remove(old);
        }
    }

    /// <summary>
    /// The past outage of <paramref name="province"/> that explains an alert of a rule looking back
    /// <paramref name="window"/>, or null: the window must still reach into the outage, and the alert must have
    /// become active after the outage began (what was failing before is its own incident).
    /// </summary>
    public PastIncident? Explaining(string province, TimeSpan window, DateTimeOffset activeSince, DateTimeOffset now) =>
        _byProvince.TryGetValue(province, out var incident) && incident.End >= now - window && activeSince >= incident.Start ? incident : null;
}
