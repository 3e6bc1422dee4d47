using Supervision.Core.Domain;
using Supervision.Core.InventoryFiles;

namespace Supervision.Core.Tests.InventoryFiles;

public sealed class InventoryLoaderTests
{
    private static InventoryLoadResult Load(string yaml) => InventoryLoader.Load(new StringReader(yaml), "test.yaml");

    [Fact]
    public void a_small_valid_file_loads_with_overrides_applied_from_outer_to_inner()
    {
        var result = Load("""
            version: 1
            defaults:
              baseUrl: "http://sim.local:9100/t/{unit}/{system}"
              interval: 30s
            systems:
              network: { interval: 10s, timeout: 2s }
            units:
              - { id: "79", name: "Hồ Chí Minh", level: province, kind: city, lat: 10.78, lon: 106.7 }
              - id: "26737"
                name: "Phường Tân Định"
                level: commune
                province: "79"
                kind: ward
                systems:
                  - network
                  - { system: dossier, baseUrl: "https://dvc.example.vn/{unit}", auth: { bearerToken: s3cret } }
            """);

        Assert.True(result.Success, string.Join("\n", result.Errors));
        var inventory = result.Inventory!;
        Assert.Equal(9, inventory.Targets.Count);
        var network = inventory.FindTarget("26737/network")!;
        Assert.Equal(TimeSpan.FromSeconds(10), network.Interval);
        Assert.Equal(TimeSpan.FromSeconds(2), network.Timeout);
        Assert.Equal("http://sim.local:9100/t/26737/network/health", network.HealthUrl.ToString());
        var dossier = inventory.FindTarget("26737/dossier")!;
        Assert.Equal(TimeSpan.FromSeconds(30), dossier.Interval);
        Assert.Equal("https://dvc.example.vn/26737/metrics", dossier.MetricsUrl.ToString());
        Assert.Equal("s3cret", dossier.Auth!.BearerToken);
        Assert.DoesNotContain("s3cret", dossier.Auth.ToString(), StringComparison.Ordinal);
        Assert.Equal(10.78, inventory.FindUnit("79")!.Latitude);
    }

    [Fact]
    public void a_file_with_several_mistakes_reports_each_with_its_line_and_loads_nothing()
    {
        var result = Load("""
            version: 1
            units:
              - { id: "79", name: "Hồ Chí Minh", level: province }
              - { id: "7", name: "Bad code", level: province }
              - { id: "26737", name: "Phường Tân Định", level: commune, province: "99" }
              - { id: "79", name: "Again", level: province }
              - { id: "26740", name: "X", level: commune, province: "79", systems: [edoc, telepathy] }
              - { id: "26743", name: "Y", level: commune, province: "79", interval: 5s, timeout: 9s }
              - { id: "26746", name: "Z", level: commune, province: "79", colour: red }
              - { id: "26749", name: "W", level: township, province: "79" }
              - { id: "26752", name: "V", level: commune, province: "79", baseUrl: "ftp://nope/{unit}" }
              - { id: "26755", name: "U", level: commune, province: "79", interval: soon }
            """);

        Assert.False(result.Success);
        Assert.Null(result.Inventory);
        var byLine = result.Errors.Select(e => (e.Line, e.Field)).ToArray();
        Assert.Contains((4, "units[1].id"), byLine);
        Assert.Contains((5, "units[2].province"), byLine);
        Assert.Contains((6, "units[3].id"), byLine);
        Assert.Contains((7, "units[4].systems[1]"), byLine);
        Assert.Contains(result.Errors, e => e.Line == 8 && e.Message.Contains("longer than interval", StringComparison.Ordinal));
        Assert.Contains((9, "units[6].colour"), byLine);
        Assert.Contains((10, "units[7].level"), byLine);
        Assert.Contains((11, "units[8].baseUrl"), byLine);
        Assert.Contains((12, "units[9].interval"), byLine);
        Assert.All(result.Errors, e => Assert.StartsWith($"test.yaml:{e.Line}: ", e.ToString(), StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Message.Contains("first at line 3", StringComparison.Ordinal));
    }

    [Fact]
    public void a_yaml_syntax_error_is_reported_with_its_line()
    {
        var result = Load("version: 1\nunits:\n  - { id: \"79\", name: \"Hồ Chí Minh\", level: province\n  - oops: [\n");
        Assert.False(result.Success);
        var error = Assert.Single(result.Errors);
        Assert.Equal("(syntax)", error.Field);
        Assert.InRange(error.Line, 3, 5);
    }

    [Theory]
    [InlineData("units: []", "version")]
    [InlineData("version: 2\nunits: []", "version")]
    [InlineData("version: 1", "units")]
    [InlineData("version: 1\nunits: []\nextra: 1", "extra")]
    public void missing_or_unknown_top_level_fields_are_named(string yaml, string field)
    {
        var result = Load(yaml);
        Assert.False(result.Success);
        Assert.Contains(result.Errors, e => e.Field == field);
    }

    [Fact]
    public void a_missing_file_is_an_error_naming_the_file_not_an_exception()
    {
        var result = InventoryLoader.LoadFile("/nonexistent/inventory.yaml");
        Assert.False(result.Success);
        Assert.StartsWith("/nonexistent/inventory.yaml:", result.Errors[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void target_ids_split_back_into_unit_and_system()
    {
        Assert.True(Target.TrySplitId("26737/edoc", out var unit, out var system));
        Assert.Equal(("26737", "edoc"), (unit, system));
        Assert.False(Target.TrySplitId("26737", out _, out _));
        Assert.False(Target.TrySplitId("a/b/c", out _, out _));
        Assert.False(Target.TrySplitId("/edoc", out _, out _));
    }

    /// <summary>Fuzzing found YamlDotNet throwing ArgumentException from inside its parser on these; they are syntax errors.</summary>
    [Theory]
    [InlineData("version: 1\nunits:\n :\n")]
    [InlineData("a:\n :\nb: 1\n")]
    public void yaml_that_makes_the_yaml_library_throw_is_a_syntax_error_with_a_line(string yaml)
    {
        var result = Load(yaml);
        Assert.False(result.Success);
        var error = Assert.Single(result.Errors);
        Assert.Contains("malformed YAML", error.ToString(), StringComparison.Ordinal);
        Assert.InRange(error.Line, 1, 4); // the last mark YamlDotNet reached: at most the line after the text
    }

    [Fact]
    public void a_center_unit_takes_only_center_systems_and_paths_must_be_paths()
    {
        var result = Load("""
            version: 1
            units:
              - id: center
                name: "Trung tâm giám sát"
                level: center
                systems:
                  - { system: influxdb, baseUrl: "http://127.0.0.1:8086", healthPath: /ping, metricsPath: /debug/vars }
                  - { system: collector, baseUrl: "http://127.0.0.1:9200", metricsPath: "metrics?x=1" }
              - { id: centre, name: "Sai", level: center }
            """);
        Assert.False(result.Success);
        Assert.Contains(result.Errors, e => e.Line == 8 && e.Field.EndsWith("metricsPath", StringComparison.Ordinal) && e.Message.Contains("is not a path", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Line == 9 && e.Message.Contains("'center'", StringComparison.Ordinal));

        var ok = Load("""
            version: 1
            units:
              - { id: center, name: "Trung tâm giám sát", level: center, baseUrl: "http://127.0.0.1:9300" }
            """);
        Assert.True(ok.Success, string.Join("; ", ok.Errors));
        Assert.Equal(["collector", "alerting", "dashboard", "influxdb"], ok.Inventory!.TargetsOf("center").Select(t => t.System));
        Assert.Equal(new Uri("http://127.0.0.1:9300/metrics"), ok.Inventory.FindTarget("center/alerting")!.MetricsUrl);
    }
}
