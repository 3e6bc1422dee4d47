namespace Supervision.Dashboard.Boards;

/// <summary>
/// Reads one board file (format: dashboards/schema.json, docs/boards.md). Every problem is collected with the
/// file and the JSON path, not just the first, so an operator fixes a file in one pass. Unknown properties are
/// errors: a misspelt <c>"treshold"</c> would otherwise be silently ignored.
/// </summary>
public static class BoardLoader
{
    /// <summary>Grid size limits (a wall is read from afar: more cells would be unreadable).</summary>
    public const int MaxGrid = 24;

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    /// <summary>Loads <paramref name="path"/>; <paramref name="provinces"/> (when given) are the province codes a scope may name.</summary>
    public static BoardLoadResult LoadFile(string path, IReadOnlySet<string>? provinces = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            return new BoardLoadResult(null, [new BoardError(path, "$", "cannot read the file: " + ex.Message)]);
        }
        catch (UnauthorizedAccessException ex)
        {
            return new BoardLoadResult(null, [new BoardError(path, "$", "cannot read the file: " + ex.Message)]);
        }

        return Load(path, text, provinces);
    }

    /// <summary>Loads a board from <paramref name="json"/>; <paramref name="file"/> names it in errors.</summary>
    public static BoardLoadResult Load(string file, string json, IReadOnlySet<string>? provinces = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return new BoardLoadResult(null, [new BoardError(file, ex.Path ?? "$", "invalid JSON: " + FirstSentence(ex.Message), (ex.LineNumber ?? 0) + 1)]);
        }

        using (document)
        {
            var reader = new BoardReader(file, provinces);
            BoardDefinition? board;
            try
            {
                board = reader.ReadBoard(document.RootElement);
            }
            catch (InvalidOperationException ex)
            {
                // JsonDocument checks structure, not text: reading a name or string holding a lone \uD800 escape
                // throws here (found by fuzzing).
                return new BoardLoadResult(null, [new BoardError(file, "$", "invalid text in a JSON string: " + ex.Message)]);
            }

            return reader.Errors.Count == 0 && board is not null
                ? new BoardLoadResult(board, [])
                : new BoardLoadResult(null, reader.Errors);
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }

    /// <summary>Walks one document, collecting errors.</summary>
    private sealed class BoardReader(string file, IReadOnlySet<string>? provinces)
    {
        private static readonly string[] BoardProperties = ["$schema", "id", "title", "rotation", "grid", "panels"];
        private static readonly string[] PanelProperties = ["id", "kind", "title", "place", "scope", "query", "thresholds", "max", "unit", "severities"];

        public List<BoardError> Errors { get; } = [];

        public BoardDefinition? ReadBoard(JsonElement root)
        {
            if (!Expect(root, JsonValueKind.Object, "$"))
            {
                return null;
            }

            Known(root, "$", BoardProperties);
            var id = Id(root, "$");
            var title = Text(root, "$", "title");
            var (order, period) = Rotation(root);
            var (columns, rows) = Grid(root);
            var panels = new List<PanelDefinition>();
            if (Required(root, "$", "panels") is { } list && Expect(list, JsonValueKind.Array, "$.panels"))
            {
                if (list.GetArrayLength() == 0)
                {
                    Error("$.panels", "a board needs at least one panel");
                }

                var ids = new HashSet<string>(StringComparer.Ordinal);
                var index = 0;
                foreach (var element in list.EnumerateArray())
                {
                    var path = $"$.panels[{index++}]";
                    if (Panel(element, path, columns, rows) is { } panel)
                    {
                        if (!ids.Add(panel.Id))
                        {
                            Error(path + ".id", $"duplicate panel id '{panel.Id}'");
                        }

                        panels.Add(panel);
                    }
                }
            }

            return id is null || title is null ? null : new BoardDefinition(id, title, order, period, columns, rows, panels, file);
        }

        private (int Order, TimeSpan Period) Rotation(JsonElement root)
        {
            if (Required(root, "$", "rotation") is not { } rotation || !Expect(rotation, JsonValueKind.Object, "$.rotation"))
            {
                return (0, TimeSpan.FromSeconds(30));
            }

            Known(rotation, "$.rotation", ["order", "periodSeconds"]);
            var order = Int(rotation, "$.rotation", "order", 0, 1000, required: true) ?? 0;
            var period = Int(rotation, "$.rotation", "periodSeconds", 5, 3600, required: true) ?? 30;
            return (order, TimeSpan.FromSeconds(period));
        }

        private (int Columns, int Rows) Grid(JsonElement root)
        {
            if (!root.TryGetProperty("grid", out var grid))
            {
                return (12, 12);
            }

            if (!Expect(grid, JsonValueKind.Object, "$.grid"))
            {
                return (12, 12);
            }

            Known(grid, "$.grid", ["columns", "rows"]);
            return (Int(grid, "$.grid", "columns", 1, MaxGrid, required: true) ?? 12, Int(grid, "$.grid", "rows", 1, MaxGrid, required: true) ?? 12);
        }

        private PanelDefinition? Panel(JsonElement element, string path, int columns, int rows)
        {
            if (!Expect(element, JsonValueKind.Object, path))
            {
                return null;
            }

            Known(element, path, PanelProperties);
            var errorsBefore = Errors.Count;
            var id = Id(element, path);
            var kind = Kind(element, path);
            var title = Text(element, path, "title");
            var place = Place(element, path, columns, rows);
            var scope = Scope(element, path, kind);
            var query = Query(element, path, kind, scope);
            var thresholds = Thresholds(element, path);
            var max = Int(element, path, "max", 1, 100, required: false) ?? 10;
            var unit = element.TryGetProperty("unit", out var u) ? String(u, path + ".unit") : null;
            var severities = Severities(element, path);
            if (kind is PanelKind.Map && scope != BoardScopes.National)
            {
                Error(path + ".scope", "a map shows the whole country: scope must be 'national'");
            }

            return Errors.Count > errorsBefore || id is null || kind is null || title is null || place is null
                ? null
                : new PanelDefinition(id, kind.Value, title, place, scope, query, thresholds, max, unit, severities);
        }

        private PanelKind? Kind(JsonElement element, string path)
        {
            if (Required(element, path, "kind") is not { } value || String(value, path + ".kind") is not { } text)
            {
                return null;
            }

            PanelKind? kind = text switch
            {
                "map" => PanelKind.Map,
                "status-grid" => PanelKind.StatusGrid,
                "alert-list" => PanelKind.AlertList,
                "stat" => PanelKind.Stat,
                "time-series" => PanelKind.TimeSeries,
                "ranking" => PanelKind.Ranking,
                _ => null,
            };
            if (kind is null)
            {
                Error(path + ".kind", $"unknown kind '{text}' (expected map, status-grid, alert-list, stat, time-series or ranking)");
            }

            return kind;
        }

        private PanelPlacement? Place(JsonElement element, string path, int columns, int rows)
        {
            var at = path + ".place";
            if (Required(element, path, "place") is not { } place || !Expect(place, JsonValueKind.Object, at))
            {
                return null;
            }

            Known(place, at, ["x", "y", "w", "h"]);
            var x = Int(place, at, "x", 1, columns, required: true);
            var y = Int(place, at, "y", 1, rows, required: true);
            var w = Int(place, at, "w", 1, columns, required: true);
            var h = Int(place, at, "h", 1, rows, required: true);
            if (x is null || y is null || w is null || h is null)
            {
                return null;
            }

            if (x + w - 1 > columns || y + h - 1 > rows)
            {
                Error(at, $"the panel ({x},{y}) size {w}×{h} runs off the {columns}×{rows} grid");
                return null;
            }

            return new PanelPlacement(x.Value, y.Value, w.Value, h.Value);
        }

        private string Scope(JsonElement element, string path, PanelKind? kind)
        {
            if (!element.TryGetProperty("scope", out var value))
            {
                return BoardScopes.National;
            }

            var scope = String(value, path + ".scope");
            if (scope is null or BoardScopes.National)
            {
                return BoardScopes.National;
            }

            var code = scope.StartsWith(BoardScopes.ProvincePrefix, StringComparison.Ordinal) ? scope[BoardScopes.ProvincePrefix.Length..] : null;
            if (code is null || code.Length != 2 || !code.All(char.IsAsciiDigit))
            {
                Error(path + ".scope", $"'{scope}' is not a scope (expected 'national' or 'province:{{2-digit code}}', e.g. 'province:79')");
            }
            else if (provinces is not null && !provinces.Contains(code))
            {
                Error(path + ".scope", $"province '{code}' is not in the inventory");
            }
            else if (kind is PanelKind.Ranking)
            {
                Error(path + ".scope", "a ranking compares provinces: scope must be 'national'");
            }

            return scope;
        }

        private PanelQuery? Query(JsonElement element, string path, PanelKind? kind, string scope)
        {
            var at = path + ".query";
            var needsQuery = kind is PanelKind.Stat or PanelKind.TimeSeries or PanelKind.Ranking;
            if (!element.TryGetProperty("query", out var query))
            {
                if (needsQuery)
                {
                    Error(at, $"a {KindName(kind)} panel needs a query");
                }

                return null;
            }

            if (!needsQuery)
            {
                Error(at, $"a {KindName(kind)} panel takes no query (its data is the live state)");
                return null;
            }

            if (!Expect(query, JsonValueKind.Object, at))
            {
                return null;
            }

            Known(query, at, ["live", "influxql", "refreshSeconds"]);
            var hasLive = query.TryGetProperty("live", out var live);
            var hasInflux = query.TryGetProperty("influxql", out var influx);
            var refresh = Int(query, at, "refreshSeconds", 5, 3600, required: false) ?? 30;
            if (hasLive == hasInflux)
            {
                Error(at, "give exactly one of 'live' (a live figure) or 'influxql' (a statement)");
                return null;
            }

            if (hasLive)
            {
                var name = String(live, at + ".live");
                var allowed = kind switch
                {
                    PanelKind.Ranking => LiveFigureNames.Rankable,
                    PanelKind.TimeSeries => LiveFigureNames.WithHistory,
                    _ => LiveFigureNames.All,
                };
                if (name is not null && scope != BoardScopes.National && LiveFigureNames.NationalOnly.Contains(name, StringComparer.Ordinal))
                {
                    Error(at + ".live", $"'{name}' is a national figure: use it on a panel of scope 'national'");
                    return null;
                }

                if (name is not null && !allowed.Contains(name, StringComparer.Ordinal))
                {
                    Error(at + ".live", $"unknown live figure '{name}' (expected one of: {string.Join(", ", allowed)})");
                    return null;
                }

                return name is null ? null : new PanelQuery(QuerySource.Live, name, refresh);
            }

            var statement = String(influx, at + ".influxql");
            if (statement is null)
            {
                return null;
            }

            if (!statement.TrimStart().StartsWith("SELECT ", StringComparison.OrdinalIgnoreCase) || statement.Contains(';', StringComparison.Ordinal))
            {
                // Boards only read: one SELECT, nothing that writes, drops or chains statements.
                Error(at + ".influxql", "must be a single SELECT statement (no ';')");
                return null;
            }

            if (kind is PanelKind.TimeSeries && !statement.Contains("GROUP BY time(", StringComparison.OrdinalIgnoreCase))
            {
                Error(at + ".influxql", "a time-series statement needs 'GROUP BY time(…)'");
            }

            if (kind is PanelKind.Ranking && !statement.Contains("province", StringComparison.Ordinal))
            {
                Error(at + ".influxql", "a ranking statement must GROUP BY province");
            }

            return new PanelQuery(QuerySource.InfluxQL, statement, refresh);
        }

        private List<ThresholdStep> Thresholds(JsonElement element, string path)
        {
            var at = path + ".thresholds";
            if (!element.TryGetProperty("thresholds", out var list))
            {
                return [];
            }

            if (!Expect(list, JsonValueKind.Array, at))
            {
                return [];
            }

            var steps = new List<ThresholdStep>();
            var index = 0;
            foreach (var step in list.EnumerateArray())
            {
                var stepPath = $"{at}[{index++}]";
                if (!Expect(step, JsonValueKind.Object, stepPath))
                {
                    continue;
                }

                Known(step, stepPath, ["from", "status"]);
                double? from = Required(step, stepPath, "from") is { } f ? Number(f, stepPath + ".from") : null;
                TargetStatus? status = null;
                if (Required(step, stepPath, "status") is { } s && String(s, stepPath + ".status") is { } text)
                {
                    status = text switch
                    {
                        "up" => TargetStatus.Up,
                        "degraded" => TargetStatus.Degraded,
                        "down" => TargetStatus.Down,
                        _ => null,
                    };
                    if (status is null)
                    {
                        Error(stepPath + ".status", $"unknown status '{text}' (expected up, degraded or down)");
                    }
                }

                if (from is null || status is null)
                {
                    continue;
                }

                if (steps.Count > 0 && from <= steps[^1].From)
                {
                    Error(stepPath + ".from", $"{from.Value.ToString(CultureInfo.InvariantCulture)} is not above the previous step's {steps[^1].From.ToString(CultureInfo.InvariantCulture)}: steps go in ascending order");
                }

                steps.Add(new ThresholdStep(from.Value, status.Value));
            }

            return steps;
        }

        private List<string> Severities(JsonElement element, string path)
        {
            var at = path + ".severities";
            if (!element.TryGetProperty("severities", out var list) || !Expect(list, JsonValueKind.Array, at))
            {
                return [];
            }

            var result = new List<string>();
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                var itemPath = $"{at}[{index++}]";
                if (String(item, itemPath) is { } severity)
                {
                    if (severity is not ("critical" or "warning" or "info"))
                    {
                        Error(itemPath, $"unknown severity '{severity}' (expected critical, warning or info)");
                    }

                    result.Add(severity);
                }
            }

            return result;
        }

        private string? Id(JsonElement element, string path)
        {
            if (Required(element, path, "id") is not { } value || String(value, path + ".id") is not { } id)
            {
                return null;
            }

            if (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                Error(path + ".id", $"'{id}' is not an id (1–64 of a-z, 0-9 and '-')");
                return null;
            }

            return id;
        }

        private LocalizedText? Text(JsonElement element, string path, string name)
        {
            var at = $"{path}.{name}";
            if (Required(element, path, name) is not { } value)
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                var text = value.GetString()!;
                return text.Length == 0 ? EmptyText(at) : new LocalizedText(text, text);
            }

            if (!Expect(value, JsonValueKind.Object, at))
            {
                return null;
            }

            Known(value, at, ["vi", "en"]);
            var vi = Required(value, at, "vi") is { } v ? String(v, at + ".vi") : null;
            var en = value.TryGetProperty("en", out var e) ? String(e, at + ".en") : null;
            return string.IsNullOrEmpty(vi) ? (vi is null ? null : EmptyText(at + ".vi")) : new LocalizedText(vi, en ?? vi);
        }

        private LocalizedText? EmptyText(string at)
        {
            Error(at, "must not be empty");
            return null;
        }

        private int? Int(JsonElement element, string path, string name, int min, int max, bool required)
        {
            var at = $"{path}.{name}";
            JsonElement value;
            if (required)
            {
                if (Required(element, path, name) is not { } v)
                {
                    return null;
                }

                value = v;
            }
            else if (!element.TryGetProperty(name, out value))
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
            {
                Error(at, $"expected a whole number, got {Describe(value)}");
                return null;
            }

            if (number < min || number > max)
            {
                Error(at, $"{number} is outside {min}..{max}");
                return null;
            }

            return number;
        }

        private double? Number(JsonElement value, string at)
        {
            if (value.ValueKind != JsonValueKind.Number)
            {
                Error(at, $"expected a number, got {Describe(value)}");
                return null;
            }

            return value.GetDouble();
        }

        private string? String(JsonElement value, string at) => Expect(value, JsonValueKind.String, at) ? value.GetString() : null;

        private JsonElement? Required(JsonElement element, string path, string name)
        {
            if (element.TryGetProperty(name, out var value))
            {
                return value;
            }

            Error($"{path}.{name}", "is required");
            return null;
        }

        private bool Expect(JsonElement value, JsonValueKind kind, string at)
        {
            if (value.ValueKind == kind)
            {
                return true;
            }

            Error(at, $"expected {kind.ToString().ToLowerInvariant()}, got {Describe(value)}");
            return false;
        }

        private void Known(JsonElement element, string path, string[] names)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (Array.IndexOf(names, property.Name) < 0)
                {
                    Error($"{path}.{property.Name}", $"unknown property (expected one of: {string.Join(", ", names)})");
                }
            }
        }

        private void Error(string path, string message) => Errors.Add(new BoardError(file, path, message));

        private static string Describe(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => $"string \"{value.GetString()}\"",
            JsonValueKind.Number => "number " + value.GetRawText(),
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => "null",
        };

        private static string KindName(PanelKind? kind) => kind switch
        {
            PanelKind.Map => "map",
            PanelKind.StatusGrid => "status-grid",
            PanelKind.AlertList => "alert-list",
            PanelKind.Stat => "stat",
            PanelKind.TimeSeries => "time-series",
            PanelKind.Ranking => "ranking",
            _ => "panel",
        };
    }
}
