using System.Text.Json;
using System.Text.RegularExpressions;
using Supervision.Collector.Cli;

namespace Supervision.Collector.Tests.Cli;

/// <summary>
/// The OpenMetrics project's own parser suite (vendored in tests/conformance/openmetrics-parsers, pinned commit and
/// licence there): `check --format openmetrics` must give every case the suite's verdict, and every refusal must name
/// the line and the rule.
/// </summary>
public sealed partial class OpenMetricsConformanceTests
{
    private static readonly string Suite = Path.Combine(AppContext.BaseDirectory, "openmetrics-parsers");

    public static TheoryData<string> Cases()
    {
        var cases = new TheoryData<string>();
        foreach (var dir in Directory.EnumerateDirectories(Suite).Order(StringComparer.Ordinal))
        {
            cases.Add(Path.GetFileName(dir));
        }

        return cases;
    }

    [Fact]
    public void the_whole_pinned_suite_is_there()
    {
        // A missing copy would make the theory below pass on nothing.
        var verdicts = Directory.EnumerateDirectories(Suite).Select(d => ShouldParse(Path.GetFileName(d))).ToList();
        Assert.Equal(211, verdicts.Count);
        Assert.Equal(44, verdicts.Count(v => v));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task check_gives_the_suites_verdict(string name)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CheckCommand.RunAsync([Path.Combine(Suite, name, "metrics"), "--format", "openmetrics"], Stream.Null, stdout, stderr);

        if (ShouldParse(name))
        {
            Assert.True(exit == 0, $"{name} is valid but check refused it: {stderr}");
        }
        else
        {
            Assert.True(exit == 1, $"{name} is invalid but check accepted it (exit {exit})");
            Assert.Matches(ErrorShape(), stderr.ToString());
            Assert.Equal(string.Empty, stdout.ToString());
        }
    }

    private static bool ShouldParse(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Suite, name, "test.json")));
        return json.RootElement.GetProperty("shouldParse").GetBoolean();
    }

    [GeneratedRegex(@"^line \d+: .+ \(rule [a-z0-9-]+\)\r?\n$")]
    private static partial Regex ErrorShape();
}
