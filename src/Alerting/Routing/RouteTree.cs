namespace Supervision.Alerting.Routing;

/// <summary>Finds the routes an alert's labels take, depth first, as Alertmanager's dispatcher does.</summary>
public sealed class RouteTree
{
    /// <summary>Wraps a resolved root.</summary>
    public RouteTree(RouteNode root)
    {
        Root = root ?? throw new ArgumentNullException(nameof(root));
    }

    /// <summary>The root (matches everything).</summary>
    public RouteNode Root { get; }

    /// <summary>The deepest matching nodes for the labels; never empty (the root catches the rest).</summary>
    public IReadOnlyList<RouteNode> Match(IReadOnlyDictionary<string, string> labels)
    {
        var result = new List<RouteNode>(1);
        Collect(Root, labels, result);
        return result;
    }

    private static bool Collect(RouteNode node, IReadOnlyDictionary<string, string> labels, List<RouteNode> result)
    {
        if (!Matcher.All(node.Matchers, labels))
        {
            return false;
        }

        var matchedChild = false;
        foreach (var child in node.Children)
        {
            if (Collect(child, labels, result))
            {
                matchedChild = true;
                if (!child.Continue)
                {
                    break;
                }
            }
        }

        if (!matchedChild)
        {
            result.Add(node);
        }

        return true;
    }
}
