namespace Supervision.Dashboard.Cluster;

/// <summary>States of <see cref="ClusterNodeView.State"/>.</summary>
public static class ClusterNodeStates
{
    /// <summary>Heard lately, no problem.</summary>
    public const string Live = "live";

    /// <summary>Heard lately, reporting problems.</summary>
    public const string Degraded = "degraded";

    /// <summary>Not heard for <see cref="DashboardClusterOptions.NodeLostAfter"/>.</summary>
    public const string Lost = "lost";

    /// <summary>
    /// Not heard lately while this node's own Redis is down: the silence may be this node's deafness, so the
    /// node is not called lost (this node's own problem is on the banner instead).
    /// </summary>
    public const string Unheard = "unheard";
}

/// <summary>One cluster node as this Dashboard sees it.</summary>
/// <param name="Service">One of <see cref="ClusterServices"/>.</param>
/// <param name="Node">Its name.</param>
/// <param name="State">One of <see cref="ClusterNodeStates"/>.</param>
/// <param name="LastHeard">When this Dashboard last heard it (its own clock).</param>
/// <param name="Problems">What it said it cannot do, as of its last report.</param>
public sealed record ClusterNodeView(string Service, string Node, string State, DateTimeOffset LastHeard, IReadOnlyList<NodeProblem> Problems);

/// <summary>The cluster as this Dashboard sees it (<c>/api/status</c> <c>cluster</c>, the operators' banner, <c>/metrics</c>).</summary>
/// <param name="Degraded">True when a node is lost or reports a problem.</param>
/// <param name="Nodes">Every node heard within <see cref="DashboardClusterOptions.ForgetNodeAfter"/>, this one included.</param>
public sealed record ClusterStatus(bool Degraded, IReadOnlyList<ClusterNodeView> Nodes);

/// <summary>
/// Keeps the last <see cref="NodeHealthReport"/> of every node (Alerting nodes through the ingest hub, Dashboard nodes
/// through Redis, this node from its own reporter) and judges them: a node not heard for
/// <see cref="DashboardClusterOptions.NodeLostAfter"/> is lost, one with problems is degraded. Reports are timed by
/// this node's clock on arrival, so hosts whose clocks disagree are not taken for dead.
/// </summary>
public sealed class ClusterHealth(TimeProvider time, IOptions<DashboardClusterOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Service, string Node), (NodeHealthReport Report, DateTimeOffset HeardAt)> _nodes = [];

    /// <summary>This Dashboard's node name when it is part of a cluster (its own report is never "unheard").</summary>
    public string? Self { get; set; }

    /// <summary>Records a node's report.</summary>
    public void Report(NodeHealthReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (_gate)
        {
            _nodes[(report.Service, report.Node)] = (report, time.GetUtcNow());
        }
    }

    /// <summary>The cluster now.</summary>
    public ClusterStatus Current()
    {
        var now = time.GetUtcNow();
        var o = options.Value;
        lock (_gate)
        {
            foreach (var gone in _nodes.Where(n => now - n.Value.HeardAt > o.ForgetNodeAfter).Select(n => n.Key).ToArray())
            {
                _nodes.Remove(gone);
            }

            // Deaf to the others while this node's Redis is down: their silence proves nothing.
            var deaf = Self is { } self && _nodes.TryGetValue((ClusterServices.Dashboard, self), out var mine)
                && mine.Report.Problems.Any(p => p.Code == NodeProblemCodes.RedisUnreachable);
            var views = new List<ClusterNodeView>(_nodes.Count);
            foreach (var ((service, node), (report, heardAt)) in _nodes)
            {
                var state = now - heardAt <= o.NodeLostAfter || (service == ClusterServices.Dashboard && node == Self)
                    ? (report.Problems.Count > 0 ? ClusterNodeStates.Degraded : ClusterNodeStates.Live)
                    : deaf ? ClusterNodeStates.Unheard : ClusterNodeStates.Lost;
                views.Add(new ClusterNodeView(service, node, state, heardAt, report.Problems));
            }

            views.Sort(static (a, b) => string.CompareOrdinal(a.Service, b.Service) is var c and not 0 ? c : string.CompareOrdinal(a.Node, b.Node));
            return new ClusterStatus(views.Exists(v => v.State is ClusterNodeStates.Lost or ClusterNodeStates.Degraded), views);
        }
    }
}
