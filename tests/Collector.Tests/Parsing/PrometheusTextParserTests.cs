using Supervision.Collector.Parsing;

namespace Supervision.Collector.Tests.Parsing;

public sealed class PrometheusTextParserTests
{
    private static List<Sample> Valid(string text)
    {
        var (samples, error) = ExpositionParser.ParseToList(text, ExpositionFormat.PrometheusText);
        Assert.Null(error);
        return samples;
    }

    private static ParseError Invalid(string text)
    {
        var (_, error) = ExpositionParser.ParseToList(text, ExpositionFormat.PrometheusText);
        Assert.NotNull(error);
        return error.Value;
    }

    [Fact]
    public void the_example_of_the_format_documentation_parses_with_types_labels_and_timestamps()
    {
        var samples = Valid("""
            # HELP http_requests_total The total number of HTTP requests.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027 1395066363000
            http_requests_total{method="post",code="400"}    3 1395066363000

            # Escaping in label values:
            msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1.458255915e9

            # Minimalistic line:
            metric_without_timestamp_and_labels 12.47

            # A weird metric from before the epoch:
            something_weird{problem="division by zero"} +Inf -3982045

            # A histogram, which has a pretty complex representation in the text format:
            # HELP http_request_duration_seconds A histogram of the request duration.
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{le="0.05"} 24054
            http_request_duration_seconds_bucket{le="+Inf"} 144320
            http_request_duration_seconds_sum 53423
            http_request_duration_seconds_count 144320

            # TYPE rpc_duration_seconds summary
            rpc_duration_seconds{quantile="0.99"} 76656
            rpc_duration_seconds_sum 1.7560473e+07
            rpc_duration_seconds_count 2693

            """);

        Assert.Equal(12, samples.Count);
        Assert.Equal(1395066363000, samples[0].TimestampMs);
        Assert.Equal(MetricType.Counter, samples[0].Type);
        Assert.Equal("400", samples[1].Label("code"));
        Assert.Equal(@"C:\DIR\FILE.TXT", samples[2].Label("path"));
        Assert.Equal("Cannot find file:\n\"FILE.TXT\"", samples[2].Label("error"));
        Assert.Equal(1.458255915e9, samples[2].Value);
        Assert.Null(samples[3].TimestampMs);
        Assert.Equal(double.PositiveInfinity, samples[4].Value);
        Assert.Equal(-3982045, samples[4].TimestampMs);
        Assert.All(samples.Skip(5).Take(4), s => Assert.Equal(MetricType.Histogram, s.Type));
        Assert.All(samples.Skip(9), s => Assert.Equal(MetricType.Summary, s.Type));
    }

    [Theory]
    [InlineData("a NaN", double.NaN)]
    [InlineData("a nan", double.NaN)]
    [InlineData("a +Inf", double.PositiveInfinity)]
    [InlineData("a -Inf", double.NegativeInfinity)]
    [InlineData("a Inf", double.PositiveInfinity)]
    [InlineData("a -1.5e-3", -0.0015)]
    [InlineData("a 42", 42)]
    [InlineData("  a   7  ", 7)]
    public void values_follow_go_parse_float_and_blanks_are_free(string line, double expected)
    {
        var sample = Assert.Single(Valid(line + "\n"));
        Assert.Equal(expected, sample.Value);
    }

    [Fact]
    public void a_trailing_comma_and_blanks_inside_the_label_set_are_allowed()
    {
        var sample = Assert.Single(Valid("a{ x = \"1\" , y=\"2\", } 3\n"));
        Assert.Equal(["x", "y"], sample.Labels.Select(l => l.Key));
        Assert.Equal(3, sample.Value);
    }

    [Fact]
    public void non_ascii_label_values_survive()
    {
        var sample = Assert.Single(Valid("unit_info{name=\"Phường Tân Định\"} 1\n"));
        Assert.Equal("Phường Tân Định", sample.Label("name"));
    }

    [Theory]
    [InlineData("a{x=\"1\",x=\"2\"} 3\n", 1, "duplicate label name")]
    [InlineData("ok 1\n0a 1\n", 2, "invalid metric name")]
    [InlineData("ok 1\na{x=\"1} 1\n", 2, "unterminated")]
    [InlineData("ok 1\n\na{x=\"\\t\"} 1\n", 3, "invalid escape sequence")]
    [InlineData("a{1x=\"1\"} 1\n", 1, "invalid label name")]
    [InlineData("a{x\"1\"} 1\n", 1, "expected '='")]
    [InlineData("a{x=1} 1\n", 1, "expected '\"'")]
    [InlineData("a one\n", 1, "expected float")]
    [InlineData("a\n", 1, "expected a value")]
    [InlineData("a 1 12.5\n", 1, "expected integer as timestamp")]
    [InlineData("a 1 12 extra\n", 1, "unexpected text")]
    [InlineData("# TYPE a counter\n# TYPE a gauge\n", 2, "second TYPE")]
    [InlineData("a 1\n# TYPE a counter\n", 2, "TYPE reported after samples")]
    [InlineData("# HELP a one\n# HELP a two\n", 2, "second HELP")]
    [InlineData("# TYPE a chronometer\n", 1, "unknown metric type")]
    [InlineData("# HELP a bad \\t escape\n", 1, "invalid escape sequence")]
    [InlineData("# TYPE h histogram\nh_bucket 1\n", 2, "without a valid le label")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"x\"} 1\n", 2, "without a valid le label")]
    [InlineData("# TYPE s summary\ns 1\n", 2, "quantile")]
    [InlineData("a-b 1\n", 1, "invalid character")]
    public void malformed_lines_are_rejected_with_their_line_number(string text, int line, string message)
    {
        var error = Invalid(text);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"line {line}: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void help_escapes_crlf_line_ends_and_a_hash_eof_comment_are_accepted()
    {
        var samples = Valid("# HELP a Backslash \\\\ and newline \\n.\r\n# TYPE a gauge\r\na{x=\"1\"} 2 -5\r\n# EOF\r\n");
        var sample = Assert.Single(samples);
        Assert.Equal(("1", 2.0, -5L), (sample.Label("x"), sample.Value, sample.TimestampMs));
    }

    [Fact]
    public void summaries_and_histograms_keep_quantile_and_le_labels_and_nan_quantile_values()
    {
        var samples = Valid("""
            # TYPE s summary
            s{quantile="0.5"} NaN
            s{quantile="0.99",path="/x"} 7
            s_sum 10
            s_count 3
            # TYPE h histogram
            h_bucket{le="1e-1"} 0
            h_bucket{le="+Inf"} 3
            h_sum 4.5
            h_count 3

            """);
        Assert.Equal(8, samples.Count);
        Assert.True(double.IsNaN(samples[0].Value));
        Assert.Equal(["quantile", "path"], samples[1].Labels.Select(l => l.Key));
        Assert.All(samples.Take(4), s => Assert.Equal(MetricType.Summary, s.Type));
        Assert.Equal("1e-1", samples[4].Label("le"));
        Assert.All(samples.Skip(4), s => Assert.Equal(MetricType.Histogram, s.Type));
    }

    [Fact]
    public void plain_comments_are_ignored_and_type_case_is_free()
    {
        var samples = Valid("# just a comment\n#\n# TYPE a COUNTER\na 1\n");
        Assert.Equal(MetricType.Counter, Assert.Single(samples).Type);
    }

    [Fact]
    public void samples_of_a_family_split_by_another_are_merged_as_the_reference_parser_does()
    {
        var samples = Valid("# TYPE a gauge\na{x=\"1\"} 1\nb 2\na{x=\"2\"} 3\n");
        Assert.Equal(3, samples.Count);
        Assert.Equal(MetricType.Gauge, samples[2].Type);
    }

    [Fact]
    public void a_parser_instance_is_reusable_and_forgets_the_previous_body()
    {
        var parser = new ExpositionParser();
        var visitor = new SampleListVisitor();
        Assert.Null(parser.Parse("# TYPE a counter\na 1\n", ExpositionFormat.PrometheusText, visitor));
        Assert.Null(parser.Parse("# TYPE a counter\na 2\n", ExpositionFormat.PrometheusText, visitor));
        Assert.Equal([1.0, 2.0], visitor.Samples.Select(s => s.Value));
    }
}
