namespace Supervision.Alerting.Inhibition;

/// <summary>What inhibition decided in one pass: who mutes whom, and what each outage covers.</summary>
internal sealed record InhibitionResult(IReadOnlyDictionary<string, string> InhibitedBy, IReadOnlyDictionary<string, OutageCover> Covers);

/// <summary>What a province or central outage alert covers.</summary>
internal sealed record OutageCover(int Communes, int InhibitedAlerts);

/// <summary>
/// Derived from live alerts on every pass (never stored, as Alertmanager's <c>inhibit/</c>): a firing province
/// outage (its hub system down at province level, or an alert labelled <c>scope=province</c>) mutes the alerts
/// of its communes and the province-wide ones (no <c>unit</c> label, e.g. its reachability); a unit whose own hub
/// system (network) is down (or an alert labelled <c>scope=unit</c>) mutes the alerts of that unit's other systems,
/// which sit behind the dead link; a central outage (<c>scope=central</c>) mutes every alert outside the centre
/// except the supervision center's own (<c>level=center</c>).
/// So one incident is one un-muted alert. When the parent resolves, children that still fail surface on their own
/// with their original start time. Plus generic rules: firing sources mute matching targets that agree on the
/// <c>equal</c> labels.
/// </summary>
internal static class Inhibitor
{
    /// <summary>
    /// Who mutes whom now. With <paramref name="memory"/> and <paramref name="windowOf"/> (a rule's look-back window,
    /// or null for rules without one) an alert of a windowed rule that a resolved province outage explains is folded
    /// under that outage's alert (see <see cref="IncidentMemory"/>).
    /// </summary>
    public static InhibitionResult Compute(
        IReadOnlyCollection<AlertRecord> alerts, IReadOnlyList<InhibitRule> rules, Inventory? inventory, IReadOnlyList<string> hubSystems,
        IncidentMemory? memory = null, Func<string, TimeSpan?>? windowOf = null, DateTimeOffset now = default)
    {
        var provinceParents = new Dictionary<string, string>(StringComparer.Ordinal);
        var unitParents = new Dictionary<string, string>(StringComparer.Ordinal);
        string? central = null;
        foreach (var a in alerts)
        {
            if (a.State != AlertState.Firing)
            {
                continue;
            }

            var scope = a.Labels.GetValueOrDefault("scope");
            if (a.Labels.TryGetValue("unit", out var u) && (scope == "unit" || hubSystems.Contains(a.Labels.GetValueOrDefault("system") ?? string.Empty)))
            {
                unitParents.TryAdd(u, a.Id);
            }

            if (scope == "central")
            {
                central ??= a.Id;
            }
            else if (a.Labels.TryGetValue("province", out var p)
                && (scope == "province" || (a.Labels.GetValueOrDefault("level") == "province" && hubSystems.Contains(a.Labels.GetValueOrDefault("system") ?? string.Empty))))
            {
                provinceParents.TryAdd(p, a.Id);
            }
        }

        memory?.Note(provinceParents, alerts, now);
        var inhibitedBy = new Dictionary<string, string>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var a in alerts)
        {
            if (a.State is not (AlertState.Firing or AlertState.Pending))
            {
                continue;
            }

            string? parent = null;
            // The center's own alerts (level center: Alerting, InfluxDB, collectors) are never explained by an outage out in
            // the fleet: they stay visible whatever else is down.
            if (central is not null && a.Id != central && a.Labels.GetValueOrDefault("level") is not ("central" or "center") && a.Labels.GetValueOrDefault("scope") != "central")
            {
                parent = central;
            }
            else if (a.Labels.TryGetValue("province", out var p)
                && provinceParents.TryGetValue(p, out var pp) && pp != a.Id
                && (a.Labels.GetValueOrDefault("level") == "commune" || a.Labels.GetValueOrDefault("unit", p) == p))
            {
                parent = pp;
            }
            else if (a.Labels.TryGetValue("unit", out var unit) && unitParents.TryGetValue(unit, out var up) && up != a.Id)
            {
                parent = up;
            }
            else if (rules.Count > 0 && FromRules(a, alerts, rules) is { } byRule)
            {
                parent = byRule;
            }
            else if (memory is not null && windowOf?.Invoke(a.Rule) is { } window && a.Labels.TryGetValue("province", out var province)
                && memory.Explaining(province, window, a.ActiveSince, now) is { } past)
            {
                parent = past.ParentId;
            }

            if (parent is not null)
            {
                inhibitedBy[a.Id] = parent;
                counts[parent] = counts.GetValueOrDefault(parent) + 1;
            }
        }

        var covers = new Dictionary<string, OutageCover>(StringComparer.Ordinal);
        foreach (var id in unitParents.Values)
        {
            if (counts.GetValueOrDefault(id) > 0)
            {
                covers[id] = new OutageCover(0, counts[id]);
            }
        }

        foreach (var (province, id) in provinceParents)
        {
            covers[id] = new OutageCover(inventory?.CommunesOf(province).Count ?? 0, counts.GetValueOrDefault(id));
        }

        if (central is not null)
        {
            var communes = inventory?.Units.Count(u => u.Level == UnitLevel.Commune) ?? 0;
            covers[central] = new OutageCover(communes, counts.GetValueOrDefault(central));
        }

        return new InhibitionResult(inhibitedBy, covers);
    }

    private static string? FromRules(AlertRecord target, IReadOnlyCollection<AlertRecord> alerts, IReadOnlyList<InhibitRule> rules)
    {
        foreach (var rule in rules)
        {
            if (!Matcher.All(rule.TargetMatchers, target.Labels))
            {
                continue;
            }

            foreach (var source in alerts)
            {
                if (source.State != AlertState.Firing || source.Id == target.Id || !Matcher.All(rule.SourceMatchers, source.Labels))
                {
                    continue;
                }

                var equal = true;
                foreach (var l in rule.Equal)
                {
                    if (!string.Equals(source.Labels.GetValueOrDefault(l) ?? string.Empty, target.Labels.GetValueOrDefault(l) ?? string.Empty, StringComparison.Ordinal))
                    {
                        equal = false;
                        break;
                    }
                }

                if (equal)
                {
                    return source.Id;
                }
            }
        }

        return null;
    }
}
