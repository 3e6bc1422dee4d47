namespace Supervision.Alerting.Rules;

/// <summary>The <c>parameters</c> mapping of a rule; remembers which keys were read so unknown ones are reported.</summary>
internal sealed class Params
{
    private readonly YamlMappingNode? _map;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public Params(YamlNode? node, string path, RuleFileLoader.Ctx ctx)
    {
        Path = path;
        Ctx = ctx;
        if (node is YamlMappingNode map)
        {
            _map = map;
        }
        else if (node is not null)
        {
            ctx.Add(node, $"{path}: expected a mapping");
        }

        Node = node;
    }

    public string Path { get; }

    public RuleFileLoader.Ctx Ctx { get; }

    public YamlNode? Node { get; }

    public YamlNode? Get(string key)
    {
        _used.Add(key);
        return _map is null ? null : RuleFileLoader.Child(_map, key);
    }

    public TimeSpan Duration(string key, TimeSpan fallback)
    {
        var n = Get(key);
        return n is null ? fallback : Ctx.Duration(n, $"{Path}.{key}", fallback);
    }

    public double? Number(string key)
    {
        var n = Get(key);
        return n is null ? null : Ctx.Number(n, $"{Path}.{key}");
    }

    public double Number(string key, double fallback) => Number(key) ?? fallback;

    public string? String(string key)
    {
        var n = Get(key);
        return n is null ? null : Ctx.Scalar(n, $"{Path}.{key}");
    }

    public bool Bool(string key, bool fallback)
    {
        _used.Add(key);
        return _map is null ? fallback : Ctx.Bool(_map, key, Path, fallback);
    }

    public List<string> List(string key) => Ctx.StringList(Get(key), $"{Path}.{key}").Select(x => x.Text).ToList();

    public void Error(string key, string message)
    {
        var node = Get(key) ?? Node;
        if (node is null)
        {
            Ctx.Add(0, $"{Path}.{key}: {message}");
        }
        else
        {
            Ctx.Add(node, $"{Path}.{key}: {message}");
        }
    }

    public void ReportUnused()
    {
        if (_map is null)
        {
            return;
        }

        foreach (var key in _map.Children.Keys)
        {
            var k = (key as YamlScalarNode)?.Value ?? "?";
            if (!_used.Contains(k))
            {
                Ctx.Add(key, $"{Path}: unknown parameter '{k}' for this kind");
            }
        }
    }
}
