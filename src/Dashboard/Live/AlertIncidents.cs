namespace Supervision.Dashboard.Live;

/// <summary>
/// One incident as a list shows it: the alert that is not covered by another (the parent) and the alerts its
/// inhibition covers (children, at any depth), folded under it.
/// </summary>
/// <param name="Alert">The parent, or an alert whose parent is not in the list (then <see cref="Orphan"/>).</param>
/// <param name="Children">Alerts covered by it, oldest first.</param>
/// <param name="Orphan">True when the alert is inhibited by an alert outside the list (another province's, or one just resolved).</param>
public sealed record AlertIncident(AlertView Alert, IReadOnlyList<AlertView> Children, bool Orphan)
{
    /// <summary>Units covered, other than the parent's own (the communes of a province outage).</summary>
    public int CoveredUnits => Children.Select(c => c.Labels.GetValueOrDefault("unit")).OfType<string>()
        .Where(u => u != Alert.Labels.GetValueOrDefault("unit")).Distinct(StringComparer.Ordinal).Count();
}

/// <summary>
/// The order every alert list uses (wallboard, province view, console): one row per incident, the outage first.
/// Un-inhibited firing alerts come first, by severity (critical, warning, info) then age (oldest first, so an
/// incident keeps its place as it grows); pending after firing; muted (silenced) after the rest; inhibited alerts
/// are folded under their parent and counted there, so a province outage is one row, not 233.
/// </summary>
public static class AlertIncidents
{
    /// <summary>Groups and orders the alerts.</summary>
    public static IReadOnlyList<AlertIncident> Group(IReadOnlyList<AlertView> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var byId = new Dictionary<string, AlertView>(alerts.Count, StringComparer.Ordinal);
        foreach (var a in alerts)
        {
            byId[a.Id] = a;
        }

        var children = new Dictionary<string, List<AlertView>>(StringComparer.Ordinal);
        var roots = new List<(AlertView Alert, bool Orphan)>();
        foreach (var a in byId.Values)
        {
            var root = RootOf(a, byId);
            if (root is null)
            {
                roots.Add((a, a.InhibitedBy is not null));
            }
            else
            {
                if (!children.TryGetValue(root, out var list))
                {
                    children[root] = list = [];
                }

                list.Add(a);
            }
        }

        // Alerts covered by the same parent that is not in the list (a past outage's after-effects, or another
        // province's incident) are one incident too: the oldest stands for them, the rest fold under it.
        foreach (var orphans in roots.Where(r => r.Orphan).GroupBy(r => r.Alert.InhibitedBy!, StringComparer.Ordinal).Where(g => g.Count() > 1).ToArray())
        {
            var ordered = orphans.OrderBy(o => o.Alert.FiredAt ?? o.Alert.ActiveSince).ThenBy(o => o.Alert.Id, StringComparer.Ordinal).ToArray();
            var head = ordered[0].Alert;
            if (!children.TryGetValue(head.Id, out var list))
            {
                children[head.Id] = list = [];
            }

            foreach (var o in ordered.Skip(1))
            {
                roots.Remove(o);
                list.Add(o.Alert);
                if (children.Remove(o.Alert.Id, out var grand))
                {
                    list.AddRange(grand);
                }
            }
        }

        return roots
            .OrderBy(r => Rank(r.Alert, r.Orphan))
            .ThenBy(r => SeverityRank(r.Alert.Severity))
            .ThenBy(r => r.Alert.FiredAt ?? r.Alert.ActiveSince)
            .ThenBy(r => r.Alert.Id, StringComparer.Ordinal)
            .Select(r => new AlertIncident(r.Alert, children.TryGetValue(r.Alert.Id, out var c) ? [.. c.OrderBy(x => x.FiredAt ?? x.ActiveSince)] : [], r.Orphan))
            .ToArray();
    }

    /// <summary>The alerts in display order, each parent followed by its children (for flat lists and APIs).</summary>
    public static IReadOnlyList<AlertView> Ordered(IReadOnlyList<AlertView> alerts) =>
        [.. Group(alerts).SelectMany(i => (IEnumerable<AlertView>)[i.Alert, .. i.Children])];

    /// <summary>0 critical, 1 warning, 2 info, 3 anything else.</summary>
    public static int SeverityRank(string severity) => severity switch
    {
        "critical" => 0,
        "warning" => 1,
        "info" => 2,
        _ => 3,
    };

    // Firing before pending; muted and orphaned (covered by an alert not in this list) last.
    private static int Rank(AlertView a, bool orphan) =>
        (orphan ? 4 : 0) + (a.Silenced ? 2 : 0) + (a.State == AlertState.Firing ? 0 : 1);

    // The top of the inhibition chain inside the list, or null when the alert is itself a root. A cycle (never
    // made by the engine) stops at the first repeat so a bad push cannot hang a page.
    private static string? RootOf(AlertView alert, Dictionary<string, AlertView> byId)
    {
        string? root = null;
        var current = alert;
        var seen = new HashSet<string>(StringComparer.Ordinal) { alert.Id };
        while (current.InhibitedBy is { } parent && byId.TryGetValue(parent, out var next) && seen.Add(parent))
        {
            root = parent;
            current = next;
        }

        return root;
    }
}
