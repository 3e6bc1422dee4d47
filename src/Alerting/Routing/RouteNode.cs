namespace Supervision.Alerting.Routing;

/// <summary>
/// One node of the route tree, with inherited values already resolved. Children are tried in order; the
/// first matching child wins unless it says <see cref="Continue"/>.
/// </summary>
public sealed class RouteNode
{
    /// <summary>Creates a node.</summary>
    public RouteNode(
        string id,
        IReadOnlyList<Matcher> matchers,
        string receiver,
        IReadOnlyList<string> groupBy,
        RouteTiming timing,
        bool @continue,
        IReadOnlyList<RouteNode> children)
    {
        Id = id;
        Matchers = matchers;
        Receiver = receiver;
        GroupBy = groupBy;
        Timing = timing;
        Continue = @continue;
        Children = children;
    }

    /// <summary>Stable id: the path of matchers from the root, e.g. <c>{}/{severity="critical"}</c>.</summary>
    public string Id { get; }

    /// <summary>Matchers of this node (the root has none).</summary>
    public IReadOnlyList<Matcher> Matchers { get; }

    /// <summary>Receiver name.</summary>
    public string Receiver { get; }

    /// <summary>Labels whose values split alerts into groups; <c>...</c> groups by every label.</summary>
    public IReadOnlyList<string> GroupBy { get; }

    /// <summary>Group wait, interval and repeat.</summary>
    public RouteTiming Timing { get; }

    /// <summary>Keep matching siblings after this node matched.</summary>
    public bool Continue { get; }

    /// <summary>Child routes in order.</summary>
    public IReadOnlyList<RouteNode> Children { get; }
}

/// <summary>When a group is notified.</summary>
/// <param name="GroupWait">Wait after a new group's first alert, to collect the rest of a burst.</param>
/// <param name="GroupInterval">Minimum time between notifications of a group that changed.</param>
/// <param name="RepeatInterval">Time after which an unchanged firing group is notified again.</param>
public sealed record RouteTiming(TimeSpan GroupWait, TimeSpan GroupInterval, TimeSpan RepeatInterval);
