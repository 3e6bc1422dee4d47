using System.Text.Json;
using Supervision.Dashboard.Boards;
using Supervision.Testing;

namespace Supervision.Dashboard.Tests.Boards;

public sealed class BoardLoaderTests
{
    private static readonly IReadOnlySet<string> Provinces = TestInventory.Value.Provinces.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);

    public static TheoryData<string> ShippedBoards()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.Combine("dashboards"), "*.json").Where(f => Path.GetFileName(f) != "schema.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    private const string Valid = """
        {
          "id": "test",
          "title": "Test",
          "rotation": { "order": 1, "periodSeconds": 20 },
          "panels": [
            { "id": "m", "kind": "map", "title": "Map", "place": { "x": 1, "y": 1, "w": 6, "h": 12 } },
            { "id": "s", "kind": "stat", "title": { "vi": "Sẵn sàng", "en": "Up" }, "place": { "x": 7, "y": 1, "w": 2, "h": 2 },
              "query": { "live": "availability" }, "thresholds": [ { "from": 0, "status": "down" }, { "from": 99, "status": "up" } ] }
          ]
        }
        """;

    [Theory]
    [MemberData(nameof(ShippedBoards))]
    public void every_shipped_board_file_validates_against_the_national_inventory(string file)
    {
        var result = BoardLoader.LoadFile(RepoPaths.Combine("dashboards", file), Provinces);
        Assert.True(result.Errors.Count == 0, string.Join(Environment.NewLine, result.Errors));
        Assert.NotNull(result.Board);
        Assert.NotEmpty(result.Board.Panels);
    }

    [Fact]
    public void the_shipped_boards_include_national_a_province_and_alerts_with_distinct_ids_and_orders()
    {
        var boards = Directory.GetFiles(RepoPaths.Combine("dashboards"), "*.json").Where(f => Path.GetFileName(f) != "schema.json")
            .Select(f => BoardLoader.LoadFile(f, Provinces).Board!).ToArray();
        Assert.Contains(boards, b => b.Id == "national" && b.Panels.Any(p => p.Kind == PanelKind.Map));
        Assert.Contains(boards, b => b.Panels.Any(p => p.Kind == PanelKind.StatusGrid && p.ProvinceCode is not null));
        Assert.Contains(boards, b => b.Id == "alerts" && b.Panels.All(p => p.Kind is PanelKind.AlertList or PanelKind.Stat or PanelKind.Ranking));
        Assert.Equal(boards.Length, boards.Select(b => b.Id).Distinct().Count());
        // Every panel kind is used by some shipped board, so each renderer is exercised by the kiosk.
        Assert.Equal(Enum.GetValues<PanelKind>().Order(), boards.SelectMany(b => b.Panels).Select(p => p.Kind).Distinct().Order());
    }

    [Fact]
    public void the_schema_names_the_same_kinds_and_live_figures_as_the_loader()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("dashboards", "schema.json")));
        var panel = schema.RootElement.GetProperty("$defs").GetProperty("panel").GetProperty("properties");
        var kinds = panel.GetProperty("kind").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(["map", "status-grid", "alert-list", "stat", "time-series", "ranking"], kinds);
        var live = panel.GetProperty("query").GetProperty("properties").GetProperty("live").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(LiveFigureNames.All, live);
    }

    [Fact]
    public void a_valid_board_is_read_with_its_rotation_grid_defaults_and_thresholds()
    {
        var result = BoardLoader.Load("test.json", Valid, Provinces);
        Assert.Empty(result.Errors);
        var board = result.Board!;
        Assert.Equal(("test", 1, TimeSpan.FromSeconds(20), 12, 12), (board.Id, board.Order, board.Period, board.Columns, board.Rows));
        var stat = board.Panels[1];
        Assert.Equal(new LocalizedText("Sẵn sàng", "Up"), stat.Title);
        Assert.Equal(new PanelQuery(QuerySource.Live, "availability", 30), stat.Query);
        Assert.Equal(Core.Domain.TargetStatus.Down, stat.StatusOf(98.9));
        Assert.Equal(Core.Domain.TargetStatus.Up, stat.StatusOf(99));
        Assert.Equal(Core.Domain.TargetStatus.Unknown, stat.StatusOf(null));
        Assert.Equal("national", board.Panels[0].Scope);
    }

    [Theory]
    [InlineData("\"kind\": \"map\"", "\"kind\": \"pie\"", "$.panels[0].kind", "unknown kind 'pie'")]
    [InlineData("\"periodSeconds\": 20", "\"periodSeconds\": 2", "$.rotation.periodSeconds", "2 is outside 5..3600")]
    [InlineData("\"periodSeconds\": 20", "\"periodSeconds\": \"20\"", "$.rotation.periodSeconds", "expected a whole number, got string \"20\"")]
    [InlineData("\"x\": 1, \"y\": 1, \"w\": 6", "\"x\": 8, \"y\": 1, \"w\": 6", "$.panels[0].place", "runs off the 12×12 grid")]
    [InlineData("\"live\": \"availability\"", "\"live\": \"happiness\"", "$.panels[1].query.live", "unknown live figure 'happiness'")]
    [InlineData("\"query\": { \"live\": \"availability\" }", "\"scope\": \"province:79\", \"query\": { \"live\": \"documents-per-minute\" }", "$.panels[1].query.live", "is a national figure")]
    [InlineData("{ \"from\": 99, \"status\": \"up\" }", "{ \"from\": -1, \"status\": \"up\" }", "$.panels[1].thresholds[1].from", "not above the previous step")]
    [InlineData("{ \"from\": 99, \"status\": \"up\" }", "{ \"from\": 99, \"status\": \"green\" }", "$.panels[1].thresholds[1].status", "unknown status 'green'")]
    [InlineData("\"title\": \"Map\",", "\"title\": \"Map\", \"scope\": \"province:79\",", "$.panels[0].scope", "a map shows the whole country")]
    [InlineData("\"en\": \"Up\" },", "\"en\": \"Up\" }, \"scope\": \"province:99\",", "$.panels[1].scope", "province '99' is not in the inventory")]
    [InlineData("\"id\": \"m\"", "\"id\": \"s\"", "$.panels[1].id", "duplicate panel id 's'")]
    [InlineData("\"id\": \"test\"", "\"id\": \"Test Board\"", "$.id", "is not an id")]
    [InlineData("\"rotation\"", "\"rotashun\"", "$.rotation", "is required")]
    [InlineData("\"title\": \"Map\",", "\"title\": \"Map\", \"colour\": \"red\",", "$.panels[0].colour", "unknown property")]
    [InlineData("\"query\": { \"live\": \"availability\" }", "\"query\": { \"influxql\": \"DROP DATABASE supervision\" }", "$.panels[1].query.influxql", "single SELECT")]
    [InlineData("\"query\": { \"live\": \"availability\" }", "\"query\": { \"influxql\": \"SELECT 1 FROM x; DROP DATABASE supervision\" }", "$.panels[1].query.influxql", "single SELECT")]
    [InlineData("\"query\": { \"live\": \"availability\" }", "\"query\": { }", "$.panels[1].query", "exactly one of 'live'")]
    [InlineData("\"query\": { \"live\": \"availability\" }, ", "", "$.panels[1].query", "needs a query")]
    public void a_broken_board_reports_the_file_the_json_path_and_the_reason(string find, string replace, string path, string reason)
    {
        Assert.Contains(find, Valid, StringComparison.Ordinal);
        var result = BoardLoader.Load("dashboards/broken.json", Valid.Replace(find, replace, StringComparison.Ordinal), Provinces);
        Assert.Null(result.Board);
        var error = Assert.Single(result.Errors, e => e.Path == path);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"dashboards/broken.json: {path}: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void invalid_json_reports_the_line_of_the_syntax_error()
    {
        var result = BoardLoader.Load("dashboards/broken.json", Valid.Replace("\"title\": \"Test\",", "\"title\": \"Test\"", StringComparison.Ordinal));
        var error = Assert.Single(result.Errors);
        Assert.Equal(4, error.Line);
        Assert.StartsWith("dashboards/broken.json:4: ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("invalid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void several_problems_in_one_file_are_all_reported()
    {
        var json = Valid.Replace("\"kind\": \"map\"", "\"kind\": \"pie\"", StringComparison.Ordinal).Replace("\"periodSeconds\": 20", "\"periodSeconds\": 0", StringComparison.Ordinal);
        var result = BoardLoader.Load("b.json", json);
        Assert.Equal(["$.panels[0].kind", "$.rotation.periodSeconds"], result.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    /// <summary>Fuzzing found a lone surrogate escape throwing InvalidOperationException out of the loader.</summary>
    [Fact]
    public void a_lone_surrogate_escape_is_an_error_of_the_file_not_an_exception()
    {
        var result = BoardLoader.Load("dashboards/odd.json", "{\"id\\ud800\":\"national\",\"widgets\":[]}", Provinces);
        Assert.Null(result.Board);
        Assert.Contains("invalid text in a JSON string", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }
}
