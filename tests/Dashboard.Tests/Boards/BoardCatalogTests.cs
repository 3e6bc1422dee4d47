using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Supervision.Dashboard.Boards;
using Supervision.Dashboard.Configuration;

namespace Supervision.Dashboard.Tests.Boards;

public sealed class BoardCatalogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("supervision-boards-").FullName;

    private static string Board(string id, int order, int period = 30) => $$"""
        { "id": "{{id}}", "title": "{{id}}", "rotation": { "order": {{order}}, "periodSeconds": {{period}} },
          "panels": [ { "id": "a", "kind": "alert-list", "title": "A", "place": { "x": 1, "y": 1, "w": 12, "h": 12 } } ] }
        """;

    private BoardCatalog Catalog() => new(
        Options.Create(new DashboardOptions { Boards = new BoardsOptions { Directory = _dir } }), TestInventory.Value, NullLogger<BoardCatalog>.Instance);

    private void Write(string file, string text) => File.WriteAllText(Path.Combine(_dir, file), text);

    [Fact]
    public void boards_are_listed_in_rotation_order_and_schema_json_is_not_a_board()
    {
        Write("b.json", Board("second", 20));
        Write("a.json", Board("first", 10));
        Write("schema.json", "{ \"title\": \"not a board\" }");
        var catalog = Catalog();
        Assert.Equal(["first", "second"], catalog.Boards.Select(b => b.Id));
        Assert.Empty(catalog.Errors);
    }

    [Fact]
    public void a_file_that_turns_bad_keeps_its_last_good_version_and_reports_why()
    {
        Write("national.json", Board("national", 1, period: 30));
        Write("other.json", Board("other", 2));
        var catalog = Catalog();

        Write("national.json", Board("national", 1, period: 30).Replace("\"alert-list\"", "\"pie\"", StringComparison.Ordinal));
        catalog.Reload();

        Assert.Equal(["national", "other"], catalog.Boards.Select(b => b.Id));
        var error = Assert.Single(catalog.Errors);
        Assert.Equal(Path.Combine(_dir, "national.json"), error.File);
        Assert.Equal("$.panels[0].kind", error.Path);

        Write("national.json", Board("national", 1, period: 45));
        catalog.Reload();
        Assert.Equal(TimeSpan.FromSeconds(45), catalog.Find("national")!.Period);
        Assert.Empty(catalog.Errors);
    }

    [Fact]
    public void a_bad_file_at_start_is_reported_and_the_good_ones_still_run()
    {
        Write("good.json", Board("good", 1));
        Write("bad.json", "{ \"id\": ");
        var catalog = Catalog();
        Assert.Equal(["good"], catalog.Boards.Select(b => b.Id));
        Assert.Equal(Path.Combine(_dir, "bad.json"), Assert.Single(catalog.Errors).File);
    }

    [Fact]
    public void a_second_file_with_the_same_board_id_is_refused_and_names_the_first()
    {
        Write("a.json", Board("same", 1));
        Write("b.json", Board("same", 2));
        var catalog = Catalog();
        Assert.Equal(1, Assert.Single(catalog.Boards).Order);
        var error = Assert.Single(catalog.Errors);
        Assert.Equal("$.id", error.Path);
        Assert.Contains("a.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_deleted_file_takes_its_board_away()
    {
        Write("a.json", Board("a", 1));
        Write("b.json", Board("b", 2));
        var catalog = Catalog();
        File.Delete(Path.Combine(_dir, "b.json"));
        catalog.Reload();
        Assert.Equal(["a"], catalog.Boards.Select(b => b.Id));
    }

    [Fact]
    public async Task the_watcher_reloads_a_changed_file_by_itself()
    {
        Write("a.json", Board("a", 1, period: 30));
        var catalog = Catalog();
        using var changed = new SemaphoreSlim(0);
        catalog.Changed += () => changed.Release();
        using var watcher = new BoardWatcher(catalog, TimeProvider.System, NullLogger<BoardWatcher>.Instance);
        await watcher.StartAsync(CancellationToken.None);

        Write("a.json", Board("a", 1, period: 90));
        var deadline = TimeSpan.FromSeconds(10);
        while (catalog.Find("a")!.Period != TimeSpan.FromSeconds(90))
        {
            Assert.True(await changed.WaitAsync(deadline), "no reload within 10 s of the file change");
        }

        await watcher.StopAsync(CancellationToken.None);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
