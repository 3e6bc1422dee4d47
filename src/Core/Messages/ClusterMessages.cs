namespace Supervision.Core.Messages;

/// <summary>The services whose nodes report their health in a cluster (<see cref="NodeHealthReport.Service"/>).</summary>
public static class ClusterServices
{
    /// <summary>An Alerting node (Quartz cluster on PostgreSQL).</summary>
    public const string Alerting = "alerting";

    /// <summary>A Dashboard node (SignalR Redis backplane).</summary>
    public const string Dashboard = "dashboard";
}

/// <summary>Codes of <see cref="NodeProblem"/>: the Dashboard words each one for operators in both languages.</summary>
public static class NodeProblemCodes
{
    /// <summary>An Alerting node cannot reach the shared PostgreSQL: passes, acknowledgements and deliveries wait for it.</summary>
    public const string PostgresUnreachable = "postgres-unreachable";

    /// <summary>A Dashboard node cannot reach Redis: no backplane, its wallboards get only what this node ingests.</summary>
    public const string RedisUnreachable = "redis-unreachable";
}

/// <summary>Something a node cannot do right now.</summary>
/// <param name="Code">One of <see cref="NodeProblemCodes"/>.</param>
/// <param name="Since">When the node first saw it (unbroken since).</param>
/// <param name="Detail">The error as the node got it (for logs and the status API; not shown on the wall).</param>
public sealed record NodeProblem(string Code, DateTimeOffset Since, string Detail);

/// <summary>
/// A cluster node's periodic word about itself, pushed to the Dashboard's ingest hub (Alerting nodes) or published
/// on Redis (Dashboard nodes). A node that stops reporting is taken as lost; one that reports problems is degraded.
/// </summary>
/// <param name="Service">One of <see cref="ClusterServices"/>.</param>
/// <param name="Node">The node's name (<c>Alerting:NodeName</c>, <c>Dashboard:Cluster:NodeName</c>).</param>
/// <param name="At">When it was made.</param>
/// <param name="Problems">What the node cannot do right now; empty when healthy.</param>
public sealed record NodeHealthReport(string Service, string Node, DateTimeOffset At, IReadOnlyList<NodeProblem> Problems);
