namespace Supervision.Dashboard.Live;

/// <summary>One province on the national board.</summary>
/// <param name="Code">Official code.</param>
/// <param name="Name">Vietnamese name.</param>
/// <param name="Status">Rolled-up status.</param>
/// <param name="Stale">True when no fresh data came for the province within the staleness window.</param>
/// <param name="LastDataAt">The newest observation of any of its targets, or null.</param>
/// <param name="Communes">Its communes by status.</param>
/// <param name="OwnSystems">Status of the province's own systems, by system key.</param>
/// <param name="Latitude">Latitude of its administrative centre.</param>
/// <param name="Longitude">Longitude of its administrative centre.</param>
/// <param name="Targets">All its targets (own and its communes') by effective status (stale counts as Unknown).</param>
public sealed record ProvinceSummary(
    string Code, string Name, TargetStatus Status, bool Stale, DateTimeOffset? LastDataAt, StatusCounts Communes,
    IReadOnlyDictionary<string, TargetStatus> OwnSystems, double? Latitude, double? Longitude, StatusCounts Targets)
{
    /// <summary>
    /// The collector shards whose absence leaves this province's data stale (docs/self-monitoring.md, "Expected agents"):
    /// while an absent-shard alert fires (an alert with a <c>shard</c> label), the shards it names, when some of the
    /// province's targets have no data within the staleness window; empty otherwise. With shard takeover the others
    /// scrape an absent agent's targets, so no province is marked.
    /// </summary>
    public IReadOnlyList<string> StaleFromAbsentShards { get; init; } = [];

    /// <summary>How many of its targets have no data within the staleness window (counted while <see cref="StaleFromAbsentShards"/> is not empty, else 0).</summary>
    public int StaleTargets { get; init; }
}

/// <summary>The national group's <c>snapshot</c>.</summary>
/// <param name="GeneratedAt">When it was built.</param>
/// <param name="Status">National status (the worst province).</param>
/// <param name="Provinces">Every province.</param>
/// <param name="Targets">Targets by status, nationwide.</param>
/// <param name="Alerts">Active alerts (pending and firing).</param>
public sealed record NationalSnapshot(DateTimeOffset GeneratedAt, TargetStatus Status, IReadOnlyList<ProvinceSummary> Provinces, StatusCounts Targets, IReadOnlyList<AlertView> Alerts)
{
    /// <summary>The national figures (documents per minute, dossiers resolved today, overdue dossiers), from the collectors' live reports.</summary>
    public NationalFigures? Figures { get; init; }

    /// <summary>The cluster's nodes as this Dashboard sees them (<c>GET /api/status</c> of a cluster; null otherwise).</summary>
    public Supervision.Dashboard.Cluster.ClusterStatus? Cluster { get; init; }
}

/// <summary>The national group's <c>delta</c>: what changed since the last one.</summary>
/// <param name="GeneratedAt">When it was built.</param>
/// <param name="Status">National status.</param>
/// <param name="Provinces">Provinces whose summary changed.</param>
/// <param name="Targets">Targets by status, nationwide.</param>
/// <param name="Alerts">Alerts that changed (resolved ones included, so clients drop them).</param>
public sealed record NationalDelta(DateTimeOffset GeneratedAt, TargetStatus Status, IReadOnlyList<ProvinceSummary> Provinces, StatusCounts Targets, IReadOnlyList<AlertView> Alerts);

/// <summary>A commune (or the province itself) on the province board.</summary>
/// <param name="Id">Unit id.</param>
/// <param name="Name">Name.</param>
/// <param name="Kind">commune, ward, special-zone (or the province's kind).</param>
/// <param name="Status">Worst of its systems.</param>
/// <param name="Systems">Each system's state.</param>
public sealed record UnitView(string Id, string Name, string Kind, TargetStatus Status, IReadOnlyList<TargetState> Systems);

/// <summary>A <c>province:{code}</c> group's <c>snapshot</c>.</summary>
/// <param name="GeneratedAt">When it was built.</param>
/// <param name="Summary">The province's summary.</param>
/// <param name="Province">The province's own unit view.</param>
/// <param name="Communes">Every commune.</param>
/// <param name="Alerts">Active alerts of the province.</param>
public sealed record ProvinceSnapshot(DateTimeOffset GeneratedAt, ProvinceSummary Summary, UnitView Province, IReadOnlyList<UnitView> Communes, IReadOnlyList<AlertView> Alerts);

/// <summary>A <c>province:{code}</c> group's <c>delta</c>.</summary>
/// <param name="GeneratedAt">When it was built.</param>
/// <param name="Summary">The province's summary now.</param>
/// <param name="Units">Units (province or communes) that changed.</param>
/// <param name="Alerts">Alerts of the province that changed.</param>
public sealed record ProvinceDelta(DateTimeOffset GeneratedAt, ProvinceSummary Summary, IReadOnlyList<UnitView> Units, IReadOnlyList<AlertView> Alerts);
