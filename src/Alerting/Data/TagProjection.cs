namespace Supervision.Alerting.Data;

/// <summary>A series' tags cut down to some keys, the way InfluxQL groups: a tag a series lacks, or holds empty, is left out.</summary>
internal static class TagProjection
{
    /// <summary>The tags of <paramref name="tags"/> named in <paramref name="keys"/> that hold a value.</summary>
    public static Dictionary<string, string> Of(IReadOnlyDictionary<string, string> tags, IReadOnlyList<string> keys)
    {
        var projected = new Dictionary<string, string>(keys.Count, StringComparer.Ordinal);
        foreach (var k in keys)
        {
            if (tags.TryGetValue(k, out var v) && v.Length > 0)
            {
                projected[k] = v;
            }
        }

        return projected;
    }
}
