namespace Supervision.Alerting.Routing;

/// <summary>Builds a group's key and labels, in Alertmanager's <c>route-id:{label="value",…}</c> shape.</summary>
public static class GroupKey
{
    /// <summary>The grouping labels of an alert on a route (missing labels are left out).</summary>
    public static SortedDictionary<string, string> LabelsFor(RouteNode route, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(labels);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (route.GroupBy.Count == 1 && route.GroupBy[0] == "...")
        {
            foreach (var (k, v) in labels)
            {
                result[k] = v;
            }

            return result;
        }

        foreach (var name in route.GroupBy)
        {
            if (labels.TryGetValue(name, out var v))
            {
                result[name] = v;
            }
        }

        return result;
    }

    /// <summary>The key of a group: route id, then its labels.</summary>
    public static string For(RouteNode route, SortedDictionary<string, string> groupLabels)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(groupLabels);
        var sb = new StringBuilder(route.Id.Length + 32);
        sb.Append(route.Id).Append(":{");
        var first = true;
        foreach (var (k, v) in groupLabels)
        {
            if (!first)
            {
                sb.Append(", ");
            }

            first = false;
            sb.Append(k).Append("=\"").Append(v.Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
        }

        return sb.Append('}').ToString();
    }
}
