using System.Text.Json;
using Supervision.Core.Map;
using Supervision.Testing;
using Supervision.Tools;
using Supervision.Tools.Map;

namespace Supervision.Core.Tests.Map;

public sealed class MapBuilderTests
{
    private static readonly string Source = RepoPaths.Combine("src", "Tools", "data", "geoBoundaries-VNM-ADM1.geojson");
    private static readonly string Provinces = Path.Combine(RepoPaths.SharedData, "vn-provinces-2025.csv");
    private static readonly string Committed = RepoPaths.Combine("src", "Dashboard", "Map", "vn-provinces-2025.map.json");

    [Fact]
    public void the_committed_map_is_what_the_tool_builds_from_the_committed_source()
    {
        var (asset, errors) = MapBuilder.Build(Source, Provinces, ToolsCommand.MapSource);
        Assert.Empty(errors);
        using var built = new MemoryStream();
        MapBuilder.Write(asset!, built);
        Assert.True(File.ReadAllBytes(Committed).AsSpan().SequenceEqual(built.ToArray()),
            "src/Dashboard/Map/vn-provinces-2025.map.json is not what build-map makes now: run `dotnet run --project src/Tools -- build-map`");
    }

    [Fact]
    public void the_map_has_every_2025_province_and_both_archipelagos_and_is_small_enough_to_serve()
    {
        var asset = JsonSerializer.Deserialize<VietnamMapAsset>(File.ReadAllText(Committed), VietnamMapAsset.JsonOptions)!;
        var codes = File.ReadAllLines(Provinces).Skip(1).Select(l => l.Split(',')[0]).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(34, codes.Length);
        Assert.Equal(codes, asset.Provinces.Select(p => p.Code).ToArray());
        Assert.All(asset.Provinces, p => Assert.StartsWith("M", p.D, StringComparison.Ordinal));
        Assert.True(new FileInfo(Committed).Length < 300_000, $"{new FileInfo(Committed).Length} bytes");

        var (width, height) = (asset.ViewBox[2], asset.ViewBox[3]);
        Assert.Equal(["48", "56"], asset.Archipelagos.Select(a => a.Province).ToArray());
        Assert.Equal("Quần đảo Hoàng Sa (Đà Nẵng)", asset.Archipelagos[0].Name.Vi);
        Assert.Equal("Quần đảo Trường Sa (Khánh Hòa)", asset.Archipelagos[1].Name.Vi);
        Assert.All(asset.Archipelagos, a => Assert.All(a.Islands, i => Assert.True(i[0] > 0 && i[0] < width && i[1] > 0 && i[1] < height)));

        // Labels stay inside the map and never sit on one another.
        var boxes = asset.Provinces.Select(p => (p.Code, p.Label)).Concat(asset.Archipelagos.Select(a => (Code: "arch-" + a.Province, a.Label))).ToArray();
        foreach (var (code, l) in boxes)
        {
            Assert.True(l.X - (l.W / 2) >= 0 && l.X + (l.W / 2) <= width && l.Y - (l.H / 2) >= 0 && l.Y + (l.H / 2) <= height, $"label of {code} leaves the map");
        }

        for (var i = 0; i < boxes.Length; i++)
        {
            for (var j = i + 1; j < boxes.Length; j++)
            {
                var (a, b) = (boxes[i].Label, boxes[j].Label);
                var apart = Math.Abs(a.X - b.X) >= (a.W + b.W) / 2 || Math.Abs(a.Y - b.Y) >= (a.H + b.H) / 2;
                Assert.True(apart, $"labels of {boxes[i].Code} and {boxes[j].Code} overlap");
            }
        }
    }

    [Fact]
    public void a_former_province_the_source_lacks_and_a_source_shape_no_province_claims_are_both_named_and_nothing_is_built()
    {
        var dir = Directory.CreateTempSubdirectory("map-");
        try
        {
            var csv = Path.Combine(dir.FullName, "provinces.csv");
            // Bắc Kạn misspelt: the source's Bắc Kạn then belongs to no province either.
            File.WriteAllLines(csv, File.ReadAllLines(Provinces).Select(l => l.Replace("Thái Nguyên;Bắc Kạn", "Thái Nguyên;Bắc Cạnh", StringComparison.Ordinal)));
            var (asset, errors) = MapBuilder.Build(Source, csv, "test");
            Assert.Null(asset);
            Assert.Equal(2, errors.Count);
            Assert.Contains(errors, e => e.Contains("provinces.csv:9: merged_from: former province 'Bắc Cạnh' of 19 Thái Nguyên", StringComparison.Ordinal));
            Assert.Contains(errors, e => e.Contains("shape 'Bắc Kạn' (VN-53", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("TP. Hồ Chí Minh", "Hồ Chí Minh")]
    [InlineData("Khánh Hoà", "Khánh Hòa")]
    [InlineData("Thừa Thiên Huế", "Huế")]
    [InlineData("Côn Đảo", "Bà Rịa - Vũng Tàu")]
    [InlineData("Đắk Lắk", "đắk  lắk")]
    public void source_names_match_the_table_whatever_the_tone_mark_placement_prefix_or_former_name(string source, string table) =>
        Assert.Equal(SourceMatcher.Key(table), SourceMatcher.Key(source));

    [Fact]
    public async Task the_verb_writes_the_map_and_says_how_big_it_is()
    {
        var output = Path.Combine(Path.GetTempPath(), $"map-{Guid.NewGuid():N}.json");
        try
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var exit = await ToolsCommand.RunAsync(["build-map", "--source", Source, "--provinces", Provinces, "--out", output], stdout, stderr);
            Assert.True(exit == 0, stderr.ToString());
            Assert.Contains("34 provinces, 2 archipelagos", stdout.ToString(), StringComparison.Ordinal);
            Assert.True(File.Exists(output));
        }
        finally
        {
            File.Delete(output);
        }
    }
}
