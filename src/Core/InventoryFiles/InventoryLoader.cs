using YamlDotNet.RepresentationModel;

namespace Supervision.Core.InventoryFiles;

/// <summary>
/// Loads and validates an inventory file (format: docs/inventory.md). Every mistake is reported with
/// its file and line; a file with any mistake yields no inventory at all, so a bad edit never half-loads.
/// </summary>
public static class InventoryLoader
{
    /// <summary>Loads a file from disk. A missing or unreadable file is reported as an error, not thrown.</summary>
    public static InventoryLoadResult LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var reader = new StreamReader(path, System.Text.Encoding.UTF8);
            return Load(reader, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new InventoryLoadResult(null, [new InventoryError(path, 0, "(file)", ex.Message)]);
        }
    }

    /// <summary>Loads from a reader; <paramref name="fileName"/> is used in error messages.</summary>
    public static InventoryLoadResult Load(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var errors = new ErrorList(fileName);
        if (!YamlText.TryLoad(reader, out var stream, out var line, out var message))
        {
            errors.Add(line, "(syntax)", message);
            return new InventoryLoadResult(null, errors.Items);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.Add(1, "(document)", "expected one YAML document whose top level is a mapping with 'version' and 'units'");
            return new InventoryLoadResult(null, errors.Items);
        }

        var parser = new DocumentParser(errors);
        var inventory = parser.Parse(root);
        return errors.Items.Count == 0 && inventory is not null
            ? new InventoryLoadResult(inventory, [])
            : new InventoryLoadResult(null, errors.Items);
    }

    private sealed class ErrorList(string file)
    {
        public List<InventoryError> Items { get; } = [];

        public void Add(int line, string field, string message) =>
            Items.Add(new InventoryError(file, Math.Max(line, 1), field, message));

        public void Add(YamlNode node, string field, string message) => Add((int)node.Start.Line, field, message);
    }

    private sealed record TargetSettings(
        string? BaseUrl, TimeSpan? Interval, TimeSpan? Timeout, TargetAuth? Auth, string? HealthPath = null, string? MetricsPath = null, TargetMode? Mode = null);

    private sealed record PendingUnit(AdministrativeUnit Unit, YamlNode Node, string Path, YamlNode? ProvinceNode, PushCredentials? Push = null, YamlNode? PushNode = null);

    private sealed class DocumentParser(ErrorList errors)
    {
        private static readonly string[] RootKeys = ["version", "defaults", "systems", "units"];
        private static readonly string[] SettingKeys = ["baseUrl", "interval", "timeout", "auth", "healthPath", "metricsPath", "mode"];
        private static readonly string[] UnitKeys =
            ["id", "name", "nameAscii", "level", "province", "kind", "region", "lat", "lon", "systems", "baseUrl", "interval", "timeout", "auth", "healthPath", "metricsPath", "mode", "push"];
        private static readonly string[] TargetKeys = ["system", "baseUrl", "interval", "timeout", "auth", "healthPath", "metricsPath", "mode"];
        private static readonly string[] AuthKeys = ["bearerToken", "username", "password"];
        private static readonly string[] PushKeys = ["token", "username", "password"];

        private TargetSettings _defaults = new(InventoryLimits.DefaultBaseUrl, null, null, null);
        private readonly Dictionary<string, TargetSettings> _systemSettings = new(StringComparer.Ordinal);

        public Inventory? Parse(YamlMappingNode root)
        {
            CheckKeys(root, RootKeys, "");
            ParseVersion(root);
            if (Child(root, "defaults") is { } defaultsNode)
            {
                _defaults = MergeSettings(_defaults, ParseSettings(defaultsNode, "defaults", SettingKeys));
            }

            if (Child(root, "systems") is { } systemsNode)
            {
                ParseSystemSettings(systemsNode);
            }

            if (Child(root, "units") is not YamlSequenceNode unitsNode)
            {
                errors.Add(root, "units", "missing: a list of units is required");
                return null;
            }

            var units = new List<PendingUnit>();
            var targets = new List<Target>();
            var targetLines = new List<(Target Target, YamlNode Node, string Path)>();
            for (var i = 0; i < unitsNode.Children.Count; i++)
            {
                var path = $"units[{i}]";
                if (unitsNode.Children[i] is not YamlMappingNode unitNode)
                {
                    errors.Add(unitsNode.Children[i], path, "expected a mapping with id, name, level");
                    continue;
                }

                var pending = ParseUnit(unitNode, path);
                if (pending is null)
                {
                    continue;
                }

                units.Add(pending);
                foreach (var (target, node, targetPath) in ParseTargets(unitNode, pending.Unit, path))
                {
                    targets.Add(target);
                    targetLines.Add((target, node, targetPath));
                }
            }

            CheckUnitGraph(units);
            CheckUniqueTargets(targetLines);
            var credentials = CheckPushCredentials(units, targetLines);
            return errors.Items.Count == 0 ? new Inventory(units.Select(u => u.Unit), targets, credentials) : null;
        }

        private void ParseVersion(YamlMappingNode root)
        {
            if (Child(root, "version") is not YamlScalarNode versionNode)
            {
                errors.Add(root, "version", $"missing: write 'version: {InventoryLimits.FormatVersion}'");
                return;
            }

            if (versionNode.Value != InventoryLimits.FormatVersion.ToString(CultureInfo.InvariantCulture))
            {
                errors.Add(versionNode, "version", $"unsupported version '{versionNode.Value}', this loader reads version {InventoryLimits.FormatVersion}");
            }
        }

        private void ParseSystemSettings(YamlNode systemsNode)
        {
            if (systemsNode is not YamlMappingNode map)
            {
                errors.Add(systemsNode, "systems", "expected a mapping from system key to its settings");
                return;
            }

            foreach (var (keyNode, valueNode) in map.Children)
            {
                var key = ((YamlScalarNode)keyNode).Value ?? string.Empty;
                if (SystemCatalogue.Find(key) is null)
                {
                    errors.Add(keyNode, $"systems.{key}", $"unknown system '{key}'; known: {KnownSystems()}");
                    continue;
                }

                _systemSettings[key] = ParseSettings(valueNode, $"systems.{key}", SettingKeys);
            }
        }

        private PendingUnit? ParseUnit(YamlMappingNode node, string path)
        {
            CheckKeys(node, UnitKeys, path);
            var id = RequiredScalar(node, "id", path);
            var name = RequiredScalar(node, "name", path);
            var levelText = RequiredScalar(node, "level", path);
            if (id is null || name is null || levelText is null)
            {
                return null;
            }

            if (!UnitLevelText.TryParse(levelText, out var level))
            {
                errors.Add(Child(node, "level")!, $"{path}.level", $"unknown level '{levelText}'; use {UnitLevelText.Known}");
                return null;
            }

            var idNode = Child(node, "id")!;
            if (!IsValidId(id, level))
            {
                errors.Add(idNode, $"{path}.id", level switch
                {
                    UnitLevel.Central => $"'{id}': the central unit's id is '{AdministrativeUnit.CentralId}'",
                    UnitLevel.Center => $"'{id}': the supervision center's own unit id is '{AdministrativeUnit.CenterId}'",
                    UnitLevel.Province => $"'{id}': a province id is its 2-digit official code, e.g. '79'",
                    _ => $"'{id}': a commune id is its 5-digit official code, e.g. '26737'",
                });
            }

            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add(Child(node, "name")!, $"{path}.name", "must not be empty");
            }

            var kind = OptionalScalar(node, "kind") ?? DefaultKind(level);
            if (!IsValidKind(kind, level))
            {
                errors.Add(Child(node, "kind") ?? node, $"{path}.kind", $"'{kind}' is not a kind of {levelText}; use {string.Join(", ", KindsOf(level))}");
            }

            var provinceNode = Child(node, "province");
            var province = level switch
            {
                UnitLevel.Province => id,
                UnitLevel.Commune => OptionalScalar(node, "province"),
                _ => null,
            };
            if (level == UnitLevel.Commune && province is null)
            {
                errors.Add(node, $"{path}.province", "missing: a commune names its parent province's code");
            }
            else if (level != UnitLevel.Commune && provinceNode is not null)
            {
                errors.Add(provinceNode, $"{path}.province", $"only communes have a parent province, not a {levelText}");
            }

            var lat = OptionalNumber(node, "lat", path, -90, 90);
            var lon = OptionalNumber(node, "lon", path, -180, 180);
            var unit = new AdministrativeUnit(
                id, name, OptionalScalar(node, "nameAscii") ?? name, level, province, kind,
                OptionalScalar(node, "region"), lat, lon);
            var pushNode = Child(node, "push");
            return new PendingUnit(unit, node, path, provinceNode, ParsePush(pushNode, $"{path}.push"), pushNode);
        }

        private IEnumerable<(Target Target, YamlNode Node, string Path)> ParseTargets(YamlMappingNode unitNode, AdministrativeUnit unit, string path)
        {
            var unitSettings = ParseSettings(unitNode, path, null);
            var systemsNode = Child(unitNode, "systems");
            var entries = new List<(string System, TargetSettings Settings, YamlNode Node, string Path)>();
            if (systemsNode is null)
            {
                foreach (var key in SystemCatalogue.DefaultsFor(unit.Level))
                {
                    entries.Add((key, new TargetSettings(null, null, null, null), unitNode, path));
                }
            }
            else if (systemsNode is YamlSequenceNode list)
            {
                for (var i = 0; i < list.Children.Count; i++)
                {
                    var entryPath = $"{path}.systems[{i}]";
                    var child = list.Children[i];
                    if (child is YamlScalarNode scalar)
                    {
                        entries.Add((scalar.Value ?? string.Empty, new TargetSettings(null, null, null, null), child, entryPath));
                    }
                    else if (child is YamlMappingNode map)
                    {
                        CheckKeys(map, TargetKeys, entryPath);
                        var system = RequiredScalar(map, "system", entryPath);
                        if (system is not null)
                        {
                            entries.Add((system, ParseSettings(map, entryPath, null), child, entryPath));
                        }
                    }
                    else
                    {
                        errors.Add(child, entryPath, "expected a system key or a mapping with 'system'");
                    }
                }
            }
            else
            {
                errors.Add(systemsNode, $"{path}.systems", "expected a list of system keys");
            }

            foreach (var (system, targetSettings, node, entryPath) in entries)
            {
                if (SystemCatalogue.Find(system) is null)
                {
                    errors.Add(node, entryPath, $"unknown system '{system}'; known: {KnownSystems()}");
                    continue;
                }

                var settings = MergeSettings(MergeSettings(MergeSettings(_defaults, _systemSettings.GetValueOrDefault(system)), unitSettings), targetSettings);
                var target = BuildTarget(unit, system, settings, node, entryPath);
                if (target is not null)
                {
                    yield return (target, node, entryPath);
                }
            }
        }

        private Target? BuildTarget(AdministrativeUnit unit, string system, TargetSettings settings, YamlNode node, string path)
        {
            var interval = settings.Interval ?? InventoryLimits.DefaultInterval;
            var timeout = settings.Timeout ?? (InventoryLimits.DefaultTimeout < interval ? InventoryLimits.DefaultTimeout : interval);
            var ok = true;
            if (timeout > interval)
            {
                errors.Add(node, path, $"timeout {DurationText.Format(timeout)} is longer than interval {DurationText.Format(interval)} of target '{Target.MakeId(unit.Id, system)}'");
                ok = false;
            }

            var urlText = (settings.BaseUrl ?? InventoryLimits.DefaultBaseUrl)
                .Replace("{unit}", unit.Id, StringComparison.Ordinal)
                .Replace("{system}", system, StringComparison.Ordinal);
            if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add(node, $"{path}.baseUrl", $"'{urlText}' is not an absolute http(s) URL");
                ok = false;
            }

            return ok
                ? new Target(unit.Id, system, unit.ProvinceCode, unit.Level, url!, interval, timeout, settings.Auth,
                    settings.HealthPath ?? Target.DefaultHealthPath, settings.MetricsPath ?? Target.DefaultMetricsPath, settings.Mode ?? TargetMode.Scrape)
                : null;
        }

        private TargetSettings ParseSettings(YamlNode node, string path, string[]? allowedKeys)
        {
            if (node is not YamlMappingNode map)
            {
                errors.Add(node, path, "expected a mapping (baseUrl, interval, timeout, auth, healthPath, metricsPath)");
                return new TargetSettings(null, null, null, null);
            }

            if (allowedKeys is not null)
            {
                CheckKeys(map, allowedKeys, path);
            }

            return new TargetSettings(
                OptionalScalar(map, "baseUrl"),
                OptionalDuration(map, "interval", path, InventoryLimits.MinInterval, InventoryLimits.MaxInterval),
                OptionalDuration(map, "timeout", path, InventoryLimits.MinTimeout, InventoryLimits.MaxInterval),
                ParseAuth(Child(map, "auth"), path + ".auth"),
                OptionalPath(map, "healthPath", path),
                OptionalPath(map, "metricsPath", path),
                ParseMode(Child(map, "mode"), path + ".mode"));
        }

        private string? OptionalPath(YamlMappingNode map, string key, string path)
        {
            var text = OptionalScalar(map, key);
            if (text is not null && (!text.StartsWith('/') || text.Contains('?', StringComparison.Ordinal) || text.Contains('#', StringComparison.Ordinal) ||
                                     text.Any(char.IsWhiteSpace)))
            {
                errors.Add(Child(map, key)!, $"{path}.{key}", $"'{text}' is not a path: it starts with '/' and has no query, fragment or spaces");
                return null;
            }

            return text;
        }

        private TargetMode? ParseMode(YamlNode? node, string path)
        {
            if (node is null)
            {
                return null;
            }

            switch ((node as YamlScalarNode)?.Value)
            {
                case "scrape": return TargetMode.Scrape;
                case "push": return TargetMode.Push;
                default:
                    errors.Add(node, path, $"'{(node as YamlScalarNode)?.Value}' is not a mode; use scrape or push");
                    return null;
            }
        }

        private PushCredentials? ParsePush(YamlNode? node, string path)
        {
            if (node is null)
            {
                return null;
            }

            if (node is not YamlMappingNode map)
            {
                errors.Add(node, path, "expected a mapping with token, and/or username and password");
                return null;
            }

            CheckKeys(map, PushKeys, path);
            var token = OptionalScalar(map, "token");
            var user = OptionalScalar(map, "username");
            var password = OptionalScalar(map, "password");
            if ((user is null) != (password is null))
            {
                errors.Add(node, path, "basic auth needs both username and password");
                return null;
            }

            if (token is null && user is null)
            {
                errors.Add(node, path, "give a token, or a username and password");
                return null;
            }

            if (token is { Length: < InventoryLimits.MinPushSecretLength } || password is { Length: < InventoryLimits.MinPushSecretLength })
            {
                errors.Add(node, path, $"a push token or password needs at least {InventoryLimits.MinPushSecretLength} characters");
                return null;
            }

            return new PushCredentials(token, user, password);
        }

        private TargetAuth? ParseAuth(YamlNode? node, string path)
        {
            if (node is null)
            {
                return null;
            }

            if (node is not YamlMappingNode map)
            {
                errors.Add(node, path, "expected a mapping with bearerToken, or username and password");
                return null;
            }

            CheckKeys(map, AuthKeys, path);
            var bearer = OptionalScalar(map, "bearerToken");
            var user = OptionalScalar(map, "username");
            var password = OptionalScalar(map, "password");
            if (bearer is not null && (user is not null || password is not null))
            {
                errors.Add(node, path, "use either bearerToken or username/password, not both");
                return null;
            }

            if (bearer is null && (user is null || password is null))
            {
                errors.Add(node, path, "basic auth needs both username and password");
                return null;
            }

            return new TargetAuth(bearer, user, password);
        }

        private static TargetSettings MergeSettings(TargetSettings outer, TargetSettings? inner) =>
            inner is null
                ? outer
                : new TargetSettings(
                    inner.BaseUrl ?? outer.BaseUrl,
                    inner.Interval ?? outer.Interval,
                    inner.Timeout ?? outer.Timeout,
                    inner.Auth ?? outer.Auth,
                    inner.HealthPath ?? outer.HealthPath,
                    inner.MetricsPath ?? outer.MetricsPath,
                    inner.Mode ?? outer.Mode);

        private void CheckUnitGraph(List<PendingUnit> units)
        {
            var byId = new Dictionary<string, PendingUnit>(StringComparer.Ordinal);
            foreach (var pending in units)
            {
                if (byId.TryGetValue(pending.Unit.Id, out var first))
                {
                    errors.Add(Child((YamlMappingNode)pending.Node, "id")!, $"{pending.Path}.id", $"duplicate unit id '{pending.Unit.Id}' (first at line {first.Node.Start.Line})");
                    continue;
                }

                byId[pending.Unit.Id] = pending;
            }

            foreach (var pending in units)
            {
                if (pending.Unit.Level != UnitLevel.Commune || pending.Unit.ProvinceCode is not { } parent)
                {
                    continue;
                }

                if (!byId.TryGetValue(parent, out var parentUnit))
                {
                    errors.Add(pending.ProvinceNode ?? pending.Node, $"{pending.Path}.province", $"province '{parent}' of commune '{pending.Unit.Id}' is not in the inventory");
                }
                else if (parentUnit.Unit.Level != UnitLevel.Province)
                {
                    errors.Add(pending.ProvinceNode ?? pending.Node, $"{pending.Path}.province", $"'{parent}' is a {parentUnit.Unit.Level.ToString().ToLowerInvariant()}, not a province");
                }
            }
        }

        /// <summary>
        /// Push credentials must name one unit each (a token shared by two units could write as either), and a unit
        /// with a push target needs credentials (nobody could push otherwise).
        /// </summary>
        private Dictionary<string, PushCredentials> CheckPushCredentials(List<PendingUnit> units, List<(Target Target, YamlNode Node, string Path)> targets)
        {
            var result = new Dictionary<string, PushCredentials>(StringComparer.Ordinal);
            var tokens = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            var users = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var pending in units)
            {
                if (pending.Push is not { } push || !result.TryAdd(pending.Unit.Id, push))
                {
                    continue;
                }

                if (push.Token is { } token && !tokens.TryAdd(token, pending.PushNode!))
                {
                    errors.Add(pending.PushNode!, $"{pending.Path}.push.token", $"the same token is given to another unit (line {tokens[token].Start.Line}); each unit needs its own");
                }

                if (push.Username is { } user && !users.TryAdd(user, pending.PushNode!))
                {
                    errors.Add(pending.PushNode!, $"{pending.Path}.push.username", $"user name '{user}' is given to another unit (line {users[user].Start.Line})");
                }
            }

            foreach (var (target, node, path) in targets)
            {
                if (target.Mode == TargetMode.Push && !result.ContainsKey(target.UnitId))
                {
                    errors.Add(node, path, $"push target '{target.Id}' needs its unit's credentials: add push: {{ token: \"…\" }} to unit '{target.UnitId}'");
                }
            }

            return result;
        }

        private void CheckUniqueTargets(List<(Target Target, YamlNode Node, string Path)> targets)
        {
            var seen = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (target, node, path) in targets)
            {
                if (!seen.TryAdd(target.Id, node))
                {
                    errors.Add(node, path, $"duplicate target '{target.Id}' (first at line {seen[target.Id].Start.Line})");
                }
            }
        }

        private void CheckKeys(YamlMappingNode node, string[] allowed, string path)
        {
            foreach (var key in node.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value ?? string.Empty;
                if (Array.IndexOf(allowed, name) < 0)
                {
                    var where = path.Length == 0 ? name : $"{path}.{name}";
                    errors.Add(key, where, $"unknown field '{name}'; allowed: {string.Join(", ", allowed)}");
                }
            }
        }

        private static YamlNode? Child(YamlMappingNode node, string key) =>
            node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

        private string? RequiredScalar(YamlMappingNode node, string key, string path)
        {
            var child = Child(node, key);
            if (child is null)
            {
                errors.Add(node, $"{path}.{key}", "missing");
                return null;
            }

            if (child is not YamlScalarNode scalar)
            {
                errors.Add(child, $"{path}.{key}", "expected a single value");
                return null;
            }

            return scalar.Value ?? string.Empty;
        }

        private string? OptionalScalar(YamlMappingNode node, string key)
        {
            var child = Child(node, key);
            if (child is null)
            {
                return null;
            }

            if (child is not YamlScalarNode scalar)
            {
                errors.Add(child, key, "expected a single value");
                return null;
            }

            return string.IsNullOrEmpty(scalar.Value) ? null : scalar.Value;
        }

        private double? OptionalNumber(YamlMappingNode node, string key, string path, double min, double max)
        {
            var text = OptionalScalar(node, key);
            if (text is null)
            {
                return null;
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                errors.Add(Child(node, key)!, $"{path}.{key}", $"'{text}' is not a number between {min} and {max}");
                return null;
            }

            return value;
        }

        private TimeSpan? OptionalDuration(YamlMappingNode node, string key, string path, TimeSpan min, TimeSpan max)
        {
            var text = OptionalScalar(node, key);
            if (text is null)
            {
                return null;
            }

            var child = Child(node, key)!;
            if (!DurationText.TryParse(text, out var value, out var error))
            {
                errors.Add(child, $"{path}.{key}", error);
                return null;
            }

            if (value < min || value > max)
            {
                errors.Add(child, $"{path}.{key}", $"{text} is out of range ({DurationText.Format(min)} to {DurationText.Format(max)})");
                return null;
            }

            return value;
        }

        private static bool IsValidId(string id, UnitLevel level) => level switch
        {
            UnitLevel.Central => id == AdministrativeUnit.CentralId,
            UnitLevel.Center => id == AdministrativeUnit.CenterId,
            UnitLevel.Province => id.Length == 2 && char.IsAsciiDigit(id[0]) && char.IsAsciiDigit(id[1]),
            _ => id.Length == 5 && id.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0,
        };

        private static string DefaultKind(UnitLevel level) => KindsOf(level)[0];

        private static string[] KindsOf(UnitLevel level) => level switch
        {
            UnitLevel.Central => ["agency"],
            UnitLevel.Center => ["center"],
            UnitLevel.Province => ["province", "city"],
            _ => ["commune", "ward", "special-zone"],
        };

        private static bool IsValidKind(string kind, UnitLevel level) => Array.IndexOf(KindsOf(level), kind) >= 0;

        private static string KnownSystems() => string.Join(", ", SystemCatalogue.Kinds.Select(k => k.Key));
    }
}
