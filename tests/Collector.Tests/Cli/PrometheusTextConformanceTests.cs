using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Supervision.Collector.Cli;
using Supervision.Collector.Parsing;

namespace Supervision.Collector.Tests.Cli;

/// <summary>
/// Every input case of Prometheus's text-format parser tests (expfmt's <c>text_parse_test.go</c> and the server's
/// <c>promparse_test.go</c>, extracted at pinned commits into tests/conformance/prometheus-text): <c>check --format
/// prometheus</c> gives each case its reference's verdict and, for valid ones, the samples the reference expects;
/// every refusal names the line and the rule. Where the two references read the same bytes differently (a last
/// line without newline, labels without a comma) <c>check</c> follows expfmt, the library promtool's <c>check
/// metrics</c> runs, and the tolerant scrape path stores the samples Prometheus's scrape parser stores.
/// </summary>
public sealed partial class PrometheusTextConformanceTests
{
    private static readonly string Suite = Path.Combine(AppContext.BaseDirectory, "prometheus-text");
    private static readonly Lazy<Dictionary<string, JsonElement>> Index = new(LoadIndex);

    public static TheoryData<string> Cases()
    {
        var cases = new TheoryData<string>();
        foreach (var id in Index.Value.Keys.Order(StringComparer.Ordinal))
        {
            cases.Add(id);
        }

        return cases;
    }

    [Fact]
    public void the_whole_extracted_suite_is_there()
    {
        // A missing copy would make the theory below pass on nothing.
        var cases = Index.Value.Values.ToList();
        Assert.Equal(97, cases.Count);
        Assert.Equal(27, cases.Count(c => c.GetProperty("valid").ValueKind == JsonValueKind.True));
        Assert.Equal(69, cases.Count(c => c.GetProperty("valid").ValueKind == JsonValueKind.False));
        Assert.All(cases, c => Assert.True(File.Exists(Path.Combine(Suite, c.GetProperty("file").GetString()!))));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task check_gives_the_references_verdict(string id)
    {
        var expected = Index.Value[id];
        var path = Path.Combine(Suite, expected.GetProperty("file").GetString()!);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CheckCommand.RunAsync([path, "--format", "prometheus"], Stream.Null, stdout, stderr);

        var valid = expected.GetProperty("valid");
        var conflict = expected.GetProperty("conflict").ValueKind == JsonValueKind.String;
        if (valid.ValueKind == JsonValueKind.Null)
        {
            Assert.True(exit is 0 or 1, $"{id}: check ended with {exit}: {stderr}");
        }
        else if (valid.GetBoolean() && !conflict)
        {
            Assert.True(exit == 0, $"{id} is valid but check refused it: {stderr}");
            AssertSamples(id, expected, ParseJsonLines(stdout.ToString()));
        }
        else
        {
            Assert.True(exit == 1, $"{id} is invalid{(conflict ? " for expfmt" : string.Empty)} but check accepted it (exit {exit})");
            Assert.Matches(ErrorShape(), stderr.ToString());
            Assert.False(stderr.ToString().TrimEnd('\n').Any(char.IsControl), $"{id}: the error shows a control character as it is: {stderr}");
            Assert.Equal(string.Empty, stdout.ToString());
        }
    }

    public static TheoryData<string> Conflicts()
    {
        var cases = new TheoryData<string>();
        foreach (var (id, c) in Index.Value)
        {
            if (c.GetProperty("conflict").ValueKind == JsonValueKind.String)
            {
                cases.Add(id);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Conflicts))]
    public void the_scrape_path_stores_what_prometheus_stores_where_the_references_differ(string id)
    {
        var expected = Index.Value[id];
        var text = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(Suite, expected.GetProperty("file").GetString()!)));
        var problems = new ExpositionProblems();
        var visitor = new SampleListVisitor();
        var error = new ExpositionParser().Parse(text, ExpositionFormat.PrometheusText, visitor, problems);

        Assert.Null(error);
        Assert.True(problems.Any, $"{id}: what expfmt refuses is counted as an exposition problem");
        AssertSamples(id, expected, visitor.Samples.Select(s => Canonical(s.Name, s.Labels, s.Value, s.TimestampMs)).ToList());
    }

    private static void AssertSamples(string id, JsonElement expected, List<string> actual)
    {
        var samples = expected.GetProperty("samples");
        if (samples.ValueKind == JsonValueKind.Null)
        {
            return; // the index says why no sample list is given
        }

        var want = samples.EnumerateArray().Select(s => Canonical(
            s.GetProperty("name").GetString()!,
            s.GetProperty("labels").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!)).ToList(),
            Number(s.GetProperty("value")),
            s.GetProperty("timestamp").ValueKind == JsonValueKind.Null ? null : s.GetProperty("timestamp").GetInt64())).Order(StringComparer.Ordinal);
        Assert.True(want.SequenceEqual(actual.Order(StringComparer.Ordinal)), $"{id}: samples differ\nexpected:\n{string.Join('\n', want)}\nactual:\n{string.Join('\n', actual.Order(StringComparer.Ordinal))}");
    }

    private static List<string> ParseJsonLines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            return Canonical(
                root.GetProperty("name").GetString()!,
                root.GetProperty("labels").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!)).ToList(),
                Number(root.GetProperty("value")),
                root.TryGetProperty("timestamp", out var ts) ? ts.GetInt64() : null);
        }).ToList();

    /// <summary>
    /// One sample as text: labels sorted, and <c>le</c>/<c>quantile</c> compared as numbers (Prometheus's scrape
    /// parser writes "0" as "0.0"; the collector keeps the text as exposed).
    /// </summary>
    private static string Canonical(string name, IEnumerable<KeyValuePair<string, string>> labels, double value, long? timestamp)
    {
        var sorted = labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l =>
            l.Key is "le" or "quantile" && ExpositionParser.TryParseValue(l.Value, out var number)
                ? $"{l.Key}=<{number.ToString("R", CultureInfo.InvariantCulture)}>"
                : $"{l.Key}={JsonSerializer.Serialize(l.Value)}");
        return $"{JsonSerializer.Serialize(name)}{{{string.Join(',', sorted)}}} {value.ToString("R", CultureInfo.InvariantCulture)} @{timestamp}";
    }

    private static double Number(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? value.GetString() switch
        {
            "NaN" => double.NaN,
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            var other => throw new FormatException(other),
        }
        : value.GetDouble();

    private static Dictionary<string, JsonElement> LoadIndex()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Suite, "index.json")));
        return json.RootElement.GetProperty("cases").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, c => c.Clone());
    }

    [GeneratedRegex(@"^line \d+: .+ \(rule [a-z0-9-]+\)\r?\n$")]
    private static partial Regex ErrorShape();
}
