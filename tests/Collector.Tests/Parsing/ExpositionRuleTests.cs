using Supervision.Collector.Parsing;

namespace Supervision.Collector.Tests.Parsing;

/// <summary>
/// Every rule of the two formats with a body that keeps it and a body that breaks it only there: the
/// strict parser (the check verb) accepts the first and names the rule and line of the second. The cases
/// are our own, shaped after the OpenMetrics project's parser suite and Prometheus's expfmt tests (both suites
/// themselves run in OpenMetricsConformanceTests and PrometheusTextConformanceTests).
/// </summary>
public sealed class ExpositionRuleTests
{
    private const ExpositionFormat Om = ExpositionFormat.OpenMetrics;
    private const ExpositionFormat Prom = ExpositionFormat.PrometheusText;

    /// <summary>Rule, format, a valid body, an invalid body, the line of the error.</summary>
    public static TheoryData<ExpositionRule, ExpositionFormat, string, string, int> Cases => new()
    {
        // OpenMetrics: line grammar
        { ExpositionRule.LineSyntax, Om, "a 1\n# EOF\n", "a 1\n\n# EOF\n", 2 },
        { ExpositionRule.LineSyntax, Om, "# HELP a \n# EOF\n", "# HELP a\n# EOF\n", 1 },
        { ExpositionRule.LineSyntax, Om, "# UNIT a_s s\n# EOF\n", "# UNIT a_s\n# EOF\n", 1 },
        { ExpositionRule.LineSyntax, Om, "a 1\n# EOF\n", "a 1 \n# EOF\n", 1 },
        { ExpositionRule.MetricName, Om, "a:b_c 1\n# EOF\n", "0a 1\n# EOF\n", 1 },
        { ExpositionRule.LabelSyntax, Om, "a{b=\"c\"} 1\n# EOF\n", "a{b=\"c\",} 1\n# EOF\n", 1 },
        { ExpositionRule.Escape, Om, "# HELP a tab \\t kept\n# EOF\n", "# HELP a ends \\\n# EOF\n", 1 },
        { ExpositionRule.Value, Om, "a 1e-3\n# EOF\n", "a 0x1p-3\n# EOF\n", 1 },
        { ExpositionRule.Timestamp, Om, "a 1 -1.5\n# EOF\n", "a 1 NaN\n# EOF\n", 1 },
        { ExpositionRule.UnknownType, Om, "# TYPE a unknown\n# EOF\n", "# TYPE a untyped\n# EOF\n", 1 },
        { ExpositionRule.Eof, Om, "a 1\n# EOF", "a 1\n# EOF\n\n", 3 },
        { ExpositionRule.Eof, Om, "a 1\n# EOF\n", "a 1\n", 1 },
        { ExpositionRule.Utf8, Om, "a{b=\"Định\"} 1\n# EOF\n", "\uFEFFa 1\n# EOF\n", 1 },
        { ExpositionRule.ExemplarSyntax, Om, "# TYPE a counter\na_total 1 # {} 2 3\n# EOF\n", "# TYPE a counter\na_total 1 # {} 2 +Inf\n# EOF\n", 2 },
        { ExpositionRule.DuplicateLabel, Om, "a{b=\"1\",c=\"1\"} 1\n# EOF\n", "a{b=\"1\",b=\"1\"} 1\n# EOF\n", 1 },
        { ExpositionRule.ReservedLabel, Om, "a{b_=\"1\"} 1\n# EOF\n", "a{_b=\"1\"} 1\n# EOF\n", 1 },

        // OpenMetrics: metadata and families
        { ExpositionRule.MetadataRepeated, Om, "# TYPE a gauge\n# HELP a x\n# EOF\n", "# HELP a x\n# HELP a y\n# EOF\n", 2 },
        { ExpositionRule.MetadataAfterSamples, Om, "# HELP a x\na 1\n# EOF\n", "a 1\n# HELP a x\n# EOF\n", 2 },
        { ExpositionRule.FamilyInterleaved, Om, "a 1\nb 1\n# EOF\n", "a 1\nb 1\na 2\n# EOF\n", 3 },
        { ExpositionRule.NameClash, Om, "# TYPE a counter\n# TYPE a_made gauge\n# EOF\n", "# TYPE a_created gauge\n# TYPE a counter\n# EOF\n", 2 },
        { ExpositionRule.SampleSuffix, Om, "# TYPE a counter\na_total 1\n# EOF\n", "# TYPE a counter\na 1\n# EOF\n", 2 },
        { ExpositionRule.Unit, Om, "# TYPE a_s gauge\n# UNIT a_s s\n# EOF\n", "# TYPE a_s info\n# UNIT a_s s\n# EOF\n", 2 },
        { ExpositionRule.Unit, Om, "# UNIT a_bytes bytes\n# EOF\n", "# UNIT a_bytes seconds\n# EOF\n", 1 },

        // OpenMetrics: values and points
        { ExpositionRule.CounterValue, Om, "# TYPE a counter\na_total 0\n# EOF\n", "# TYPE a counter\na_total NaN\n# EOF\n", 2 },
        { ExpositionRule.HistogramLe, Om, "# TYPE a histogram\na_bucket{le=\"+Inf\"} 0\n# EOF\n", "# TYPE a histogram\na_bucket{le=\"+inf\"} 0\n# EOF\n", 2 },
        { ExpositionRule.HistogramLe, Om, "# TYPE a histogram\na_bucket{le=\"+Inf\"} 0\n# EOF\n", "# TYPE a histogram\na_bucket{le=\"NaN\"} 0\n# EOF\n", 2 },
        { ExpositionRule.HistogramBuckets, Om, "# TYPE a histogram\na_bucket{le=\"1\"} 1\na_bucket{le=\"+Inf\"} 2\n# EOF\n", "# TYPE a histogram\na_bucket{le=\"1\"} 1\n# EOF\n", 2 },
        { ExpositionRule.HistogramBuckets, Om, "# TYPE a histogram\na_bucket{le=\"+Inf\"} 2\n# EOF\n", "# TYPE a histogram\na_bucket{le=\"+Inf\"} 1.5\n# EOF\n", 2 },
        { ExpositionRule.HistogramBuckets, Om, "# TYPE a histogram\na_bucket{le=\"1\"} 1\na_bucket{le=\"+Inf\"} 1\n# EOF\n", "# TYPE a histogram\na_bucket{le=\"2\"} 1\na_bucket{le=\"1\"} 1\na_bucket{le=\"+Inf\"} 1\n# EOF\n", 3 },
        { ExpositionRule.HistogramBuckets, Om, "# TYPE a histogram\na_bucket{le=\"+Inf\"} 0\na_count 0\na_sum 0\n# EOF\n", "# TYPE a histogram\na_count 0\na_sum 0\n# EOF\n", 2 },
        { ExpositionRule.HistogramSumCount, Om, "# TYPE a histogram\na_bucket{le=\"+Inf\"} 3\na_count 3\na_sum 1\n# EOF\n", "# TYPE a histogram\na_bucket{le=\"+Inf\"} 3\na_count 3\n# EOF\n", 2 },
        { ExpositionRule.HistogramSumCount, Om, "# TYPE a histogram\na_bucket{le=\"+Inf\"} 3\na_count 3\na_sum 1\n# EOF\n", "# TYPE a histogram\na_bucket{le=\"+Inf\"} 3\na_count 4\na_sum 1\n# EOF\n", 2 },
        { ExpositionRule.HistogramSumCount, Om, "# TYPE a histogram\na_bucket{le=\"-1\"} 0\na_bucket{le=\"+Inf\"} 1\n# EOF\n", "# TYPE a histogram\na_bucket{le=\"-1\"} 0\na_bucket{le=\"+Inf\"} 1\na_count 1\na_sum -1\n# EOF\n", 5 },
        { ExpositionRule.HistogramSumCount, Om, "# TYPE a gaugehistogram\na_bucket{le=\"-1\"} 1\na_bucket{le=\"+Inf\"} 1\na_gcount 1\na_gsum -2\n# EOF\n", "# TYPE a gaugehistogram\na_bucket{le=\"+Inf\"} 1\na_gcount 1\na_gsum -2\n# EOF\n", 2 },
        { ExpositionRule.SummaryQuantile, Om, "# TYPE a summary\na{quantile=\"1\"} 0\n# EOF\n", "# TYPE a summary\na{quantile=\"1.01\"} 0\n# EOF\n", 2 },
        { ExpositionRule.SummaryValue, Om, "# TYPE a summary\na{quantile=\"0.5\"} NaN\na_count 2\n# EOF\n", "# TYPE a summary\na{quantile=\"0.5\"} -1\n# EOF\n", 2 },
        { ExpositionRule.SummaryValue, Om, "# TYPE a summary\na_count 2\n# EOF\n", "# TYPE a summary\na_count 2.5\n# EOF\n", 2 },
        { ExpositionRule.StateSet, Om, "# TYPE a stateset\na{a=\"on\"} 1\na{a=\"off\"} 0\n# EOF\n", "# TYPE a stateset\na{a=\"on\"} 2\n# EOF\n", 2 },
        { ExpositionRule.StateSet, Om, "# TYPE a stateset\na{a=\"on\"} 1\n# EOF\n", "# TYPE a stateset\na{b=\"on\"} 1\n# EOF\n", 2 },
        { ExpositionRule.InfoValue, Om, "# TYPE a info\na_info{v=\"1\"} 1\n# EOF\n", "# TYPE a info\na_info{v=\"1\"} 0\n# EOF\n", 2 },
        { ExpositionRule.ExemplarPlacement, Om, "# TYPE a histogram\na_bucket{le=\"+Inf\"} 1 # {t=\"x\"} 1\n# EOF\n", "# TYPE a histogram\na_bucket{le=\"+Inf\"} 1\na_count 1 # {t=\"x\"} 1\na_sum 1\n# EOF\n", 3 },
        { ExpositionRule.ExemplarLength, Om, $"# TYPE a counter\na_total 1 # {{t=\"{new string('x', 127)}\"}} 1\n# EOF\n", $"# TYPE a counter\na_total 1 # {{t=\"{new string('x', 128)}\"}} 1\n# EOF\n", 2 },
        { ExpositionRule.MetricInterleaved, Om, "a{x=\"1\"} 1\na{x=\"2\"} 1\n# EOF\n", "a{x=\"1\"} 1\na{x=\"2\"} 1\na{x=\"1\"} 2\n# EOF\n", 3 },
        { ExpositionRule.TimestampOrder, Om, "a 1 5\na 2 5\na 3 6\n# EOF\n", "a 1 5\na 2 4\n# EOF\n", 2 },
        { ExpositionRule.TimestampOrder, Om, "a 1\n# EOF\n", "a 1 5\na 2\n# EOF\n", 2 },

        // Prometheus text 0.0.4 (expfmt)
        { ExpositionRule.MetricName, Prom, "a 1\n", "{} 1\n", 1 },
        { ExpositionRule.MetricName, Prom, "{b=\"1\", \"a.b\"} 1\n", "{\"a.b\",\"c.d\"} 1\n", 1 },
        { ExpositionRule.MetricName, Prom, "# TYPE \"a.b\" gauge\n", "# TYPE \"a.b\"x gauge\n", 1 },
        { ExpositionRule.LabelSyntax, Prom, "a{\"b.c\"=\"1\"} 1\n", "a{\"b.c\"} 1\n", 1 },
        { ExpositionRule.LabelSeparator, Prom, "a{b=\"1\", c=\"2\"} 1\n", "a{b=\"1\" c=\"2\"} 1\n", 1 },
        { ExpositionRule.LabelSyntax, Prom, "a{b=\"c\",} 1\n", "a{b=\"c\"+} 1\n", 1 },
        { ExpositionRule.Escape, Prom, "a{b=\"\\\\ \\\" \\n\"} 1\n", "a{b=\"\\t\"} 1\n", 1 },
        { ExpositionRule.Escape, Prom, "# HELP a x \\\\ \\n \\\"\n", "# HELP a x \\t\n", 1 },
        { ExpositionRule.Escape, Prom, "{\"a\\\"b\\nc\\\\\"} 1\n", "{\"a\\tb\"} 1\n", 1 },
        { ExpositionRule.Value, Prom, "a Inf\n", "a 0x1p-3\n", 1 },
        { ExpositionRule.Timestamp, Prom, "a 1 -3\n", "a 1 2.5\n", 1 },
        { ExpositionRule.LineSyntax, Prom, "a 1 2\n", "a 1 2 3\n", 1 },
        { ExpositionRule.UnknownType, Prom, "# TYPE a UNTYPED\n", "# TYPE a unknown\n", 1 },
        { ExpositionRule.UnknownType, Prom, "# TYPE a gauge_histogram\n# TYPE b gaugehistogram\n", "# TYPE a gauge-histogram\n", 1 },
        { ExpositionRule.DuplicateLabel, Prom, "a{b=\"1\",c=\"1\"} 1\n", "a{b=\"1\",b=\"2\"} 1\n", 1 },
        { ExpositionRule.ReservedLabel, Prom, "a{_b=\"1\"} 1\n", "a{__name__=\"b\"} 1\n", 1 },
        { ExpositionRule.MetadataRepeated, Prom, "# HELP a x\n# TYPE a gauge\n", "# HELP a x\n# HELP a y\n", 2 },
        { ExpositionRule.MetadataRepeated, Prom, "# HELP a\n# HELP a \n# HELP\n# HELP a y\n", "# HELP a x\n# HELP a y\n", 2 },
        { ExpositionRule.MetadataAfterSamples, Prom, "# TYPE a gauge\na 1\n", "a 1\n# TYPE a gauge\n", 2 },
        { ExpositionRule.HistogramLe, Prom, "# TYPE a histogram\na_bucket{le=\"1e-1\"} 1\n", "# TYPE a histogram\na_bucket{le=\"0x1p-3\"} 1\n", 2 },
        { ExpositionRule.HistogramBuckets, Prom, "# TYPE a histogram\na_bucket{le=\"1\"} 0\n", "# TYPE a histogram\na_bucket{le=\"1\"} -1\n", 2 },
        { ExpositionRule.HistogramSumCount, Prom, "# TYPE a histogram\na_count 0\n", "# TYPE a histogram\na_count -2.5\n", 2 },
        { ExpositionRule.SummaryQuantile, Prom, "# TYPE a summary\na{quantile=\"0.9\"} 1\n", "# TYPE a summary\na{quantile=\"x\"} 1\n", 2 },
        { ExpositionRule.FinalNewline, Prom, "a 1\nb 2\n", "a 1\nb 2", 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void the_check_parser_accepts_the_valid_body_and_names_rule_and_line_of_the_invalid_one(
        ExpositionRule rule, ExpositionFormat format, string valid, string invalid, int line)
    {
        var (_, accepted) = ExpositionParser.ParseToList(valid, format);
        Assert.Null(accepted);

        var (_, rejected) = ExpositionParser.ParseToList(invalid, format);
        Assert.NotNull(rejected);
        Assert.Equal((rule, line), (rejected.Value.Rule, rejected.Value.Line));
        Assert.EndsWith($"(rule {ExpositionRules.Id(rule)})", rejected.Value.ToString(), StringComparison.Ordinal);
        Assert.StartsWith($"line {line}: ", rejected.Value.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void every_rule_has_a_case()
    {
        var covered = Cases.Select(c => (ExpositionRule)c[0]).ToHashSet();
        Assert.All(Enum.GetValues<ExpositionRule>(), rule => Assert.Contains(rule, covered));
    }

    [Fact]
    public void openmetrics_keeps_an_unknown_escape_with_its_backslash_as_its_reference_parser_does()
    {
        var (samples, error) = ExpositionParser.ParseToList("a{b=\"x\\zy\\\\\"} 1\n# EOF\n", Om);
        Assert.Null(error);
        Assert.Equal("x\\zy\\", Assert.Single(samples).Label("b"));
    }

    [Fact]
    public void rule_ids_are_kebab_case_and_round_trip()
    {
        Assert.Equal("histogram-sum-count", ExpositionRules.Id(ExpositionRule.HistogramSumCount));
        Assert.All(Enum.GetValues<ExpositionRule>(), r => Assert.Equal(r, ExpositionRules.FromId(ExpositionRules.Id(r))));
        Assert.Null(ExpositionRules.FromId("no-such-rule"));
    }
}
