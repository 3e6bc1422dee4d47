namespace Supervision.Dashboard.PublicStatus;

/// <summary>
/// Builds the public report from the live state of each province, the roll-ups' availability and the interruptions seen.
/// Only the state of two services leaves here: no alert, reason, address, detail or person.
/// </summary>
public static class StatusPageModel
{
    /// <summary>The public-service portal (the province's connection to the National Public Service Portal).</summary>
    public const string Portal = "portal";

    /// <summary>The dossier (administrative procedure) systems of the province and its communes.</summary>
    public const string Dossier = "dossier";

    /// <summary>The report at <paramref name="now"/>; <paramref name="incidents"/> is told each province's state first.</summary>
    public static PublicStatusReport Build(
        IReadOnlyList<ProvinceSnapshot> provinces,
        AvailabilityFigures? figures,
        DateTimeOffset? availabilityFailedAt,
        IncidentTracker incidents,
        DateTimeOffset now,
        TimeSpan staleAfter,
        TimeSpan shortestIncident)
    {
        ArgumentNullException.ThrowIfNull(provinces);
        ArgumentNullException.ThrowIfNull(incidents);
        var rows = new List<PublicProvinceStatus>(provinces.Count);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in provinces)
        {
            var code = p.Summary.Code;
            var name = StatusPageText.ProvinceName(p.Province.Kind, p.Summary.Name);
            names[code] = name;
            var portal = Own(p.Province, code, SystemCatalogue.Portal);
            var dossier = Own(p.Province, code, SystemCatalogue.Dossier);
            incidents.Observe(code, Portal, Interrupted(portal, now, staleAfter), portal?.Since ?? now, now);
            incidents.Observe(code, Dossier, Interrupted(dossier, now, staleAfter), dossier?.Since ?? now, now);

            var communeDossiers = p.Communes.Select(c => c.Systems.FirstOrDefault(s => s.TargetId == Target.MakeId(c.Id, SystemCatalogue.Dossier)));
            rows.Add(new PublicProvinceStatus(
                code,
                name,
                Service(PortalState(portal, now, staleAfter), portal is null ? 0 : 1, Effective(portal, now, staleAfter) == TargetStatus.Down ? 1 : 0, figures, code, Portal),
                DossierService(dossier, communeDossiers, figures, code, now, staleAfter)));
        }

        var list = incidents.Current(now, shortestIncident)
            .Where(i => names.ContainsKey(i.Province))
            .Select(i => new PublicIncident(i.Province, i.Service, i.Start, i.End, StatusPageText.Incident(i.Service, names[i.Province], i.Start, i.End)))
            .ToArray();
        return new PublicStatusReport(now, figures?.ReadAt, figures?.Through, availabilityFailedAt, rows, list);
    }

    private static TargetState? Own(UnitView unit, string code, string system) =>
        unit.Systems.FirstOrDefault(s => s.TargetId == Target.MakeId(code, system));

    private static TargetStatus Effective(TargetState? state, DateTimeOffset now, TimeSpan staleAfter) =>
        StatusRollup.Effective(state, now, staleAfter);

    // Unknown (never seen, stale) is neither an interruption nor working: the tracker leaves the incident as it is.
    private static bool? Interrupted(TargetState? state, DateTimeOffset now, TimeSpan staleAfter) => Effective(state, now, staleAfter) switch
    {
        TargetStatus.Down => true,
        TargetStatus.Unknown => null,
        _ => false,
    };

    private static PublicServiceState PortalState(TargetState? state, DateTimeOffset now, TimeSpan staleAfter) => Effective(state, now, staleAfter) switch
    {
        TargetStatus.Up => PublicServiceState.Normal,
        TargetStatus.Degraded => PublicServiceState.Slow,
        TargetStatus.Down => PublicServiceState.Interrupted,
        _ => PublicServiceState.NoData,
    };

    private static PublicServiceStatus DossierService(
        TargetState? own, IEnumerable<TargetState?> communes, AvailabilityFigures? figures, string code, DateTimeOffset now, TimeSpan staleAfter)
    {
        // A target never seen is in the unit's view as Unknown, so "null" means the unit runs no such system at all.
        var ownStatus = own is null ? (TargetStatus?)null : Effective(own, now, staleAfter);
        var statuses = communes.OfType<TargetState>().Select(c => Effective(c, now, staleAfter)).ToList();
        if (ownStatus is { } status)
        {
            statuses.Add(status);
        }

        var systems = statuses.Count;
        var known = statuses.Count(s => s != TargetStatus.Unknown);
        var down = statuses.Count(s => s == TargetStatus.Down);
        var degraded = statuses.Count(s => s == TargetStatus.Degraded);
        var state = known == 0 ? PublicServiceState.NoData
            : ownStatus == TargetStatus.Down || down == known ? PublicServiceState.Interrupted
            : down > 0 ? PublicServiceState.Partial
            : ownStatus == TargetStatus.Degraded || degraded * 2 > known ? PublicServiceState.Slow
            : PublicServiceState.Normal;
        return Service(state, systems, down, figures, code, Dossier);
    }

    private static PublicServiceStatus Service(PublicServiceState state, int systems, int interrupted, AvailabilityFigures? figures, string code, string service) =>
        new(state, systems, interrupted, figures?.Today.GetValueOrDefault((code, service)).Ratio, figures?.Days7.GetValueOrDefault((code, service)).Ratio);
}
