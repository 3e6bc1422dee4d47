namespace Supervision.Dashboard.Hubs;

/// <summary>
/// What the status hub (<see cref="HubNames.StatusHubPath"/>) sends its clients: the hub is typed by it, so the payloads
/// are checked at compile time. The wire names are DESIGN.md's (<c>snapshot</c>, <c>delta</c>), one name per kind whatever
/// the group; the payload's shape tells a national group's from a province's.
/// </summary>
public interface IStatusClient
{
    /// <summary>The national group's full picture, sent on join.</summary>
    [HubMethodName(HubNames.Snapshot)]
    Task NationalSnapshot(NationalSnapshot snapshot);

    /// <summary>A province group's full picture, sent on join.</summary>
    [HubMethodName(HubNames.Snapshot)]
    Task ProvinceSnapshot(ProvinceSnapshot snapshot);

    /// <summary>The national group's coalesced changes.</summary>
    [HubMethodName(HubNames.Delta)]
    Task NationalDelta(NationalDelta delta);

    /// <summary>A province group's coalesced changes.</summary>
    [HubMethodName(HubNames.Delta)]
    Task ProvinceDelta(ProvinceDelta delta);
}
