using Supervision.Alerting.Cli;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Rules;

public sealed class CheckRulesTests
{
    private static (int Code, string Out, string Err) Check(params string[] files)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = CheckRulesCommand.Run(files, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string Temp(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), "rules-" + Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void the_shipped_default_rules_pass()
    {
        var files = Directory.GetFiles(RepoPaths.Combine("rules"), "*.yaml");
        Assert.NotEmpty(files);
        var (code, output, errors) = Check(files);
        Assert.Equal(string.Empty, errors);
        Assert.Equal(0, code);
        Assert.StartsWith("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void every_mistake_is_reported_with_its_file_and_line()
    {
        var file = Temp("""
            groups:
              - name: g
                interval: 3x
                rules:
                  - name: a
                    kind: dwn
                  - name: b
                    kind: latency
                    selector: { systems: [fax], provinces: ["7"] }
                    parameters: { field: x, threshold: abc, colour: red }
                    severity: urgent
                    for: soon
                    annotations:
                      summary: "{{ $foo }}"
                  - name: a
                    kind: down
                    wat: 1
            """);
        var (code, _, errors) = Check(file);
        Assert.Equal(1, code);
        string[] expected =
        [
            $"{file}:3: groups[0].interval:",
            $"{file}:6: groups[0].rules[0].kind: 'dwn' is unknown",
            $"{file}:9: groups[0].rules[1].selector.systems: 'fax'",
            $"{file}:9: groups[0].rules[1].selector.provinces: '7'",
            $"{file}:10: groups[0].rules[1].parameters.measurement: missing",
            $"{file}:10: groups[0].rules[1].parameters.threshold: 'abc' is not a number",
            $"{file}:10: groups[0].rules[1].parameters: unknown parameter 'colour'",
            $"{file}:11: groups[0].rules[1].severity: 'urgent'",
            $"{file}:12: groups[0].rules[1].for:",
            $"{file}:14: groups[0].rules[1].annotations.summary:",
            $"{file}:17: groups[0].rules[2]: unknown key 'wat'",
        ];
        foreach (var e in expected)
        {
            Assert.Contains(e, errors, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void a_yaml_syntax_error_and_a_duplicate_rule_across_files_are_reported_with_lines()
    {
        var broken = Temp("groups:\n  - name: g\n    rules: [\n");
        var (code, _, errors) = Check(broken);
        Assert.Equal(1, code);
        Assert.Contains($"{broken}:", errors, StringComparison.Ordinal);
        Assert.Contains("YAML syntax", errors, StringComparison.Ordinal);

        const string one = "groups:\n  - name: g1\n    rules:\n      - name: same\n        kind: down\n";
        const string two = "groups:\n  - name: g2\n    rules:\n      - { name: x, kind: down }\n      - name: same\n        kind: down\n";
        var a = Temp(one);
        var b = Temp(two);
        var (code2, _, errors2) = Check(a, b);
        Assert.Equal(1, code2);
        Assert.Contains($"{b}:5: rule 'same' is already defined at {a}:4", errors2, StringComparison.Ordinal);
    }

    [Fact]
    public void no_file_is_a_usage_error()
    {
        Assert.Equal(1, Check().Code);
    }

    /// <summary>Fuzzing found YamlDotNet throwing ArgumentException out of the rule loader on this; it is a syntax error.</summary>
    [Fact]
    public void yaml_that_makes_the_yaml_library_throw_is_reported_as_a_syntax_error()
    {
        var broken = Temp("a:\n :\nb: 1\n");
        var (code, _, errors) = Check(broken);
        Assert.Equal(1, code);
        Assert.Contains("YAML syntax: malformed YAML", errors, StringComparison.Ordinal);
    }
}
