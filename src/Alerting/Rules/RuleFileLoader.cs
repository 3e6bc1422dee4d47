using System.Text.RegularExpressions;

namespace Supervision.Alerting.Rules;

/// <summary>
/// Reads rule files. Every mistake is collected with its file and line (not only the first), so an operator
/// fixes a file in one go; a file with any mistake contributes no rules.
/// </summary>
internal static partial class RuleFileLoader
{
    private static readonly string[] GroupKeys = ["name", "interval", "working_hours", "rules"];
    private static readonly string[] RuleKeys = ["name", "kind", "selector", "parameters", "for", "keep_firing_for", "severity", "labels", "annotations"];
    private static readonly string[] Severities = ["critical", "warning", "info"];

    /// <summary>Loads every <c>*.yaml</c>/<c>*.yml</c> file of a folder (sorted by name).</summary>
    public static (RuleSet? Rules, IReadOnlyList<RuleError> Errors) LoadFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return (null, [new RuleError(folder, 0, "rules folder does not exist")]);
        }

        var files = Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToArray();
        return LoadFiles(files);
    }

    /// <summary>Loads files; rule and group names must be unique across them.</summary>
    public static (RuleSet? Rules, IReadOnlyList<RuleError> Errors) LoadFiles(IReadOnlyList<string> files)
    {
        var errors = new List<RuleError>();
        var groups = new List<RuleGroup>();
        var inhibits = new List<InhibitRule>();
        foreach (var file in files)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add(new RuleError(file, 0, ex.Message));
                continue;
            }

            var (g, i, e) = Parse(text, file);
            groups.AddRange(g);
            inhibits.AddRange(i);
            errors.AddRange(e);
        }

        var seenGroups = new HashSet<string>(StringComparer.Ordinal);
        var seenRules = new Dictionary<string, AlertRule>(StringComparer.Ordinal);
        foreach (var g in groups)
        {
            if (!seenGroups.Add(g.Name))
            {
                errors.Add(new RuleError(g.File, 0, $"group '{g.Name}' is defined twice"));
            }

            foreach (var r in g.Rules)
            {
                if (seenRules.TryGetValue(r.Name, out var first))
                {
                    errors.Add(new RuleError(r.File, r.Line, $"rule '{r.Name}' is already defined at {first.File}:{first.Line}"));
                }
                else
                {
                    seenRules[r.Name] = r;
                }
            }
        }

        return errors.Count > 0 ? (null, errors) : (new RuleSet(groups, inhibits), errors);
    }

    /// <summary>Parses one file's text.</summary>
    public static (IReadOnlyList<RuleGroup> Groups, IReadOnlyList<InhibitRule> Inhibits, IReadOnlyList<RuleError> Errors) Parse(string text, string file)
    {
        var ctx = new Ctx(file);
        var groups = new List<RuleGroup>();
        var inhibits = new List<InhibitRule>();
        if (!YamlText.TryLoad(new StringReader(text), out var stream, out var line, out var message))
        {
            ctx.Add(line, "YAML syntax: " + message);
            return (groups, inhibits, ctx.Errors);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            ctx.Add(1, "expected a mapping with 'groups'");
            return (groups, inhibits, ctx.Errors);
        }

        ctx.CheckKeys(root, ["groups", "inhibit_rules"], "file");
        if (Child(root, "groups") is { } groupsNode)
        {
            if (groupsNode is not YamlSequenceNode seq)
            {
                ctx.Add(groupsNode, "groups: expected a list");
            }
            else
            {
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    if (ParseGroup(seq.Children[i], $"groups[{i}]", ctx) is { } g)
                    {
                        groups.Add(g);
                    }
                }
            }
        }
        else
        {
            ctx.Add(root, "groups: missing");
        }

        if (Child(root, "inhibit_rules") is { } inhNode)
        {
            if (inhNode is not YamlSequenceNode seq)
            {
                ctx.Add(inhNode, "inhibit_rules: expected a list");
            }
            else
            {
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    if (ParseInhibit(seq.Children[i], $"inhibit_rules[{i}]", ctx) is { } r)
                    {
                        inhibits.Add(r);
                    }
                }
            }
        }

        return ctx.Errors.Count > 0 ? ([], [], ctx.Errors) : (groups, inhibits, ctx.Errors);
    }

    private static RuleGroup? ParseGroup(YamlNode node, string path, Ctx ctx)
    {
        if (node is not YamlMappingNode map)
        {
            ctx.Add(node, $"{path}: expected a mapping");
            return null;
        }

        ctx.CheckKeys(map, GroupKeys, path);
        var name = ctx.RequiredString(map, "name", path);
        var interval = ctx.Duration(map, "interval", path, TimeSpan.FromSeconds(30));
        if (interval <= TimeSpan.Zero)
        {
            ctx.Add(map, $"{path}.interval: must be positive");
        }

        var working = ctx.Bool(map, "working_hours", path, false);
        var rules = new List<AlertRule>();
        if (Child(map, "rules") is YamlSequenceNode seq)
        {
            for (var i = 0; i < seq.Children.Count; i++)
            {
                if (ParseRule(seq.Children[i], $"{path}.rules[{i}]", ctx) is { } r)
                {
                    rules.Add(r);
                }
            }
        }
        else
        {
            ctx.Add(map, $"{path}.rules: missing or not a list");
        }

        return name is null ? null : new RuleGroup(name, interval, working, rules, ctx.File);
    }

    private static AlertRule? ParseRule(YamlNode node, string path, Ctx ctx)
    {
        if (node is not YamlMappingNode map)
        {
            ctx.Add(node, $"{path}: expected a mapping");
            return null;
        }

        var before = ctx.Errors.Count;
        ctx.CheckKeys(map, RuleKeys, path);
        var name = ctx.RequiredString(map, "name", path);
        if (name is not null && !NamePattern().IsMatch(name))
        {
            ctx.Add(Child(map, "name")!, $"{path}.name: '{name}' must be letters, digits, '-', '_' or '.'");
        }

        var kindText = ctx.RequiredString(map, "kind", path);
        RuleKind? kind = kindText switch
        {
            null => null,
            "down" => RuleKind.Down,
            "absent" => RuleKind.Absent,
            "availability" => RuleKind.Availability,
            "latency" => RuleKind.Latency,
            "throughput-drop" => RuleKind.ThroughputDrop,
            "stalled-procedures" => RuleKind.StalledProcedures,
            "query" => RuleKind.Query,
            _ => null,
        };
        if (kindText is not null && kind is null)
        {
            ctx.Add(Child(map, "kind")!, $"{path}.kind: '{kindText}' is unknown; use down, absent, availability, latency, throughput-drop, stalled-procedures or query");
        }

        var selector = ParseSelector(Child(map, "selector"), path + ".selector", ctx);
        var forDuration = ctx.Duration(map, "for", path, TimeSpan.Zero);
        var keep = ctx.Duration(map, "keep_firing_for", path, TimeSpan.Zero);
        var severity = ctx.OptionalString(map, "severity", path) ?? "warning";
        if (!Severities.Contains(severity))
        {
            ctx.Add(Child(map, "severity")!, $"{path}.severity: '{severity}' is unknown; use critical, warning or info");
        }

        var labels = ctx.StringMap(Child(map, "labels"), path + ".labels");
        var annotations = ctx.StringMap(Child(map, "annotations"), path + ".annotations");
        foreach (var (key, value) in annotations)
        {
            var annNode = ((YamlMappingNode)Child(map, "annotations")!).Children[new YamlScalarNode(key)];
            foreach (var problem in AnnotationTemplate.Check(value))
            {
                ctx.Add(annNode, $"{path}.annotations.{key}: {problem}");
            }
        }

        var parameters = new Params(Child(map, "parameters"), path + ".parameters", ctx);
        RuleSpec? spec = kind is null ? null : RuleSpecParser.Parse(kind.Value, parameters, map);
        parameters.ReportUnused();
        if (ctx.Errors.Count > before || name is null || kind is null || spec is null)
        {
            return null;
        }

        return new AlertRule(name, kind.Value, selector, spec, forDuration, keep, severity, labels, annotations, ctx.File, Line(map));
    }

    private static RuleSelector ParseSelector(YamlNode? node, string path, Ctx ctx)
    {
        if (node is null)
        {
            return RuleSelector.Any;
        }

        if (node is not YamlMappingNode map)
        {
            ctx.Add(node, $"{path}: expected a mapping");
            return RuleSelector.Any;
        }

        ctx.CheckKeys(map, ["levels", "provinces", "systems"], path);
        var levels = new List<UnitLevel>();
        foreach (var (text, n) in ctx.StringList(Child(map, "levels"), path + ".levels"))
        {
            if (UnitLevelText.TryParse(text, out var level))
            {
                levels.Add(level);
            }
            else
            {
                ctx.Add(n, $"{path}.levels: '{text}' is unknown; use {UnitLevelText.Known}");
            }
        }

        var provinces = new List<string>();
        foreach (var (text, n) in ctx.StringList(Child(map, "provinces"), path + ".provinces"))
        {
            if (text.Length != 2 || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[1]))
            {
                ctx.Add(n, $"{path}.provinces: '{text}' is not a 2-digit province code");
            }

            provinces.Add(text);
        }

        var systems = new List<string>();
        foreach (var (text, n) in ctx.StringList(Child(map, "systems"), path + ".systems"))
        {
            if (SystemCatalogue.Find(text) is null)
            {
                ctx.Add(n, $"{path}.systems: '{text}' is not in the system catalogue");
            }

            systems.Add(text);
        }

        return new RuleSelector(levels, provinces, systems);
    }

    private static InhibitRule? ParseInhibit(YamlNode node, string path, Ctx ctx)
    {
        if (node is not YamlMappingNode map)
        {
            ctx.Add(node, $"{path}: expected a mapping");
            return null;
        }

        ctx.CheckKeys(map, ["source_matchers", "target_matchers", "equal"], path);
        var source = Matchers(Child(map, "source_matchers"), path + ".source_matchers", ctx);
        var target = Matchers(Child(map, "target_matchers"), path + ".target_matchers", ctx);
        if (source.Count == 0 || target.Count == 0)
        {
            ctx.Add(map, $"{path}: source_matchers and target_matchers must each have at least one matcher");
        }

        var equal = ctx.StringList(Child(map, "equal"), path + ".equal").Select(x => x.Text).ToArray();
        return new InhibitRule(source, target, equal);
    }

    private static List<Matcher> Matchers(YamlNode? node, string path, Ctx ctx)
    {
        var list = new List<Matcher>();
        foreach (var (text, n) in ctx.StringList(node, path))
        {
            try
            {
                list.Add(Matcher.Parse(text));
            }
            catch (FormatException ex)
            {
                ctx.Add(n, $"{path}: {ex.Message}");
            }
        }

        return list;
    }

    internal static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    internal static int Line(YamlNode node) => (int)node.Start.Line;

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex NamePattern();

    /// <summary>Collects errors for one file and reads typed scalars.</summary>
    internal sealed class Ctx(string file)
    {
        public string File { get; } = file;

        public List<RuleError> Errors { get; } = [];

        public void Add(int line, string message) => Errors.Add(new RuleError(File, line, message));

        public void Add(YamlNode node, string message) => Add(Line(node), message);

        public void CheckKeys(YamlMappingNode map, IReadOnlyCollection<string> allowed, string path)
        {
            foreach (var key in map.Children.Keys)
            {
                var k = (key as YamlScalarNode)?.Value ?? "?";
                if (!allowed.Contains(k))
                {
                    Add(key, $"{path}: unknown key '{k}' (allowed: {string.Join(", ", allowed)})");
                }
            }
        }

        public string? RequiredString(YamlMappingNode map, string key, string path)
        {
            var node = Child(map, key);
            if (node is null)
            {
                Add(map, $"{path}.{key}: missing");
                return null;
            }

            return Scalar(node, $"{path}.{key}");
        }

        public string? OptionalString(YamlMappingNode map, string key, string path)
        {
            var node = Child(map, key);
            return node is null ? null : Scalar(node, $"{path}.{key}");
        }

        public string? Scalar(YamlNode node, string path)
        {
            if (node is YamlScalarNode { Value: { Length: > 0 } v })
            {
                return v;
            }

            Add(node, $"{path}: expected a non-empty value");
            return null;
        }

        public TimeSpan Duration(YamlMappingNode map, string key, string path, TimeSpan fallback)
        {
            var node = Child(map, key);
            return node is null ? fallback : Duration(node, $"{path}.{key}", fallback);
        }

        public TimeSpan Duration(YamlNode node, string path, TimeSpan fallback)
        {
            var text = Scalar(node, path);
            if (text is null)
            {
                return fallback;
            }

            if (!DurationText.TryParse(text, out var value, out var error))
            {
                Add(node, $"{path}: {error}");
                return fallback;
            }

            return value;
        }

        public bool Bool(YamlMappingNode map, string key, string path, bool fallback)
        {
            var node = Child(map, key);
            if (node is null)
            {
                return fallback;
            }

            var text = Scalar(node, $"{path}.{key}");
            if (text is "true" or "false")
            {
                return text == "true";
            }

            Add(node, $"{path}.{key}: expected true or false");
            return fallback;
        }

        public double? Number(YamlNode node, string path)
        {
            var text = Scalar(node, path);
            if (text is null)
            {
                return null;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
            {
                return v;
            }

            Add(node, $"{path}: '{text}' is not a number");
            return null;
        }

        public Dictionary<string, string> StringMap(YamlNode? node, string path)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            if (node is null)
            {
                return result;
            }

            if (node is not YamlMappingNode map)
            {
                Add(node, $"{path}: expected a mapping");
                return result;
            }

            foreach (var (k, v) in map.Children)
            {
                var key = (k as YamlScalarNode)?.Value;
                if (string.IsNullOrEmpty(key) || v is not YamlScalarNode { Value: { } value })
                {
                    Add(k, $"{path}: entries must be 'name: text'");
                    continue;
                }

                result[key] = value;
            }

            return result;
        }

        public List<(string Text, YamlNode Node)> StringList(YamlNode? node, string path)
        {
            var result = new List<(string, YamlNode)>();
            if (node is null)
            {
                return result;
            }

            if (node is not YamlSequenceNode seq)
            {
                Add(node, $"{path}: expected a list");
                return result;
            }

            foreach (var item in seq.Children)
            {
                if (Scalar(item, path) is { } s)
                {
                    result.Add((s, item));
                }
            }

            return result;
        }
    }
}
