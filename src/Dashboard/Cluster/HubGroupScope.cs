namespace Supervision.Dashboard.Cluster;

/// <summary>
/// The SignalR group a status group is kept under on this node. Every node of a cluster holds the whole live
/// state (the ingest stream is shared, <see cref="IngestReplicator"/>) and sends its own deltas to its own
/// connections. SignalR's groups are per node already (no backplane, see <see cref="ClusterServiceCollectionExtensions"/>);
/// the node's name in the group keeps it so should a backplane ever carry the status hub: unscoped groups would
/// then hand each wallboard one copy of every delta per node.
/// </summary>
public sealed class HubGroupScope(string prefix)
{
    /// <summary>One node: groups keep their names.</summary>
    public static readonly HubGroupScope Single = new(string.Empty);

    /// <summary>The group's name on this node.</summary>
    public string Local(string group) => prefix.Length == 0 ? group : prefix + group;
}
