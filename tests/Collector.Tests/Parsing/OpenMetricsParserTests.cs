using Supervision.Collector.Parsing;

namespace Supervision.Collector.Tests.Parsing;

public sealed class OpenMetricsParserTests
{
    private static List<Sample> Valid(string text)
    {
        var (samples, error) = ExpositionParser.ParseToList(text, ExpositionFormat.OpenMetrics);
        Assert.Null(error);
        return samples;
    }

    private static ParseError Invalid(string text)
    {
        var (_, error) = ExpositionParser.ParseToList(text, ExpositionFormat.OpenMetrics);
        Assert.NotNull(error);
        return error.Value;
    }

    [Fact]
    public void a_full_exposition_with_units_created_exemplars_and_every_type_parses()
    {
        var samples = Valid("""
            # TYPE acme_http_router_request_seconds summary
            # UNIT acme_http_router_request_seconds seconds
            # HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request router.
            acme_http_router_request_seconds_sum{path="/api/v1",method="GET"} 9036.32
            acme_http_router_request_seconds_count{path="/api/v1",method="GET"} 807283.0
            acme_http_router_request_seconds_created{path="/api/v1",method="GET"} 1605281325.0
            # TYPE docs counter
            # HELP docs Documents \"sent\".
            docs_total{channel="lgsp"} 12 1605281325.5 # {trace_id="abc"} 1.0 1605281325.1
            docs_created{channel="lgsp"} 1605281325.0 1605281325.5
            # TYPE lat histogram
            lat_bucket{le="0.1"} 2 # {trace_id="x"} 0.05
            lat_bucket{le="1"} 5
            lat_bucket{le="+Inf"} 6
            lat_count 6
            lat_sum 3.5
            # TYPE build info
            build_info{version="1.2"} 1
            # TYPE mode stateset
            mode{mode="a"} 1
            mode{mode="b"} 0
            # TYPE up gauge
            up 1
            # EOF
            """);

        Assert.Equal(14, samples.Count);
        Assert.Equal(1605281325500, samples[3].TimestampMs);
        Assert.Equal(MetricType.Counter, samples[3].Type);
        Assert.Equal(MetricType.Info, samples[10].Type);
        Assert.Equal(MetricType.StateSet, samples[11].Type);
    }

    [Fact]
    public void nan_and_infinities_timestamps_and_escaped_label_values_parse_and_exemplars_are_not_samples()
    {
        var samples = Valid("""
            # TYPE g gauge
            # HELP g Quote \" backslash \\ newline \n.
            g{path="C:\\x",msg="say \"hi\"\nbye"} NaN
            g{path="b"} +Inf 1700000000
            g{path="c"} -Inf 1700000000.123
            # TYPE h histogram
            h_bucket{le="0.5"} 1 # {trace_id="Tân Định"} 0.3 1700000000.5
            h_bucket{le="+Inf"} 2
            h_count 2
            h_sum 0.9
            # EOF
            """);

        Assert.Equal(7, samples.Count);
        Assert.True(double.IsNaN(samples[0].Value));
        Assert.Equal(@"C:\x", samples[0].Label("path"));
        Assert.Equal("say \"hi\"\nbye", samples[0].Label("msg"));
        Assert.Equal((double.PositiveInfinity, 1700000000000L), (samples[1].Value, samples[1].TimestampMs));
        Assert.Equal((double.NegativeInfinity, 1700000000123L), (samples[2].Value, samples[2].TimestampMs));
        Assert.Equal([new KeyValuePair<string, string>("le", "0.5")], samples[3].Labels);
        Assert.Equal("+Inf", samples[4].Label("le"));
    }

    [Fact]
    public void a_trailing_newline_after_eof_is_allowed()
    {
        Assert.Single(Valid("a 1\n# EOF\n"));
    }

    [Theory]
    [InlineData("a 1\n", 1, "missing # EOF")]
    [InlineData("a 1\n# EOF\nb 2\n", 3, "after # EOF")]
    [InlineData("a 1\n\n# EOF\n", 2, "empty line")]
    [InlineData("# a comment\n# EOF\n", 1, "only # HELP")]
    [InlineData("a  1\n# EOF\n", 1, "expected a number")]
    [InlineData("a{x=\"1\",} 1\n# EOF\n", 1, "trailing comma")]
    [InlineData("a{x = \"1\"} 1\n# EOF\n", 1, "expected '='")]
    [InlineData("# TYPE a counter\na 1\n# EOF\n", 2, "wrong suffix")]
    [InlineData("# TYPE a counter\na_total -1\n# EOF\n", 2, "non-negative")]
    [InlineData("a 1\nb 1\na 2\n# EOF\n", 3, "interleaved")]
    [InlineData("# TYPE a gauge\na 1\n# HELP a late\n# EOF\n", 3, "after its samples")]
    [InlineData("# TYPE a_seconds gauge\n# UNIT a_seconds bytes\n# EOF\n", 2, "not a suffix")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\n# EOF\n", 2, "no +Inf bucket")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 1\n# EOF\n", 2, "no +Inf bucket")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\n# EOF\n", 3, "increasing le")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 5\nh_bucket{le=\"+Inf\"} 4\n# EOF\n", 3, "must not decrease")]
    [InlineData("# TYPE s summary\ns{quantile=\"1.5\"} 1\n# EOF\n", 2, "outside [0, 1]")]
    [InlineData("# TYPE g gauge\ng 1 # {a=\"b\"} 1\n# EOF\n", 2, "exemplars are allowed only")]
    [InlineData("# TYPE c counter\nc_total 1 # {a=\"b\"}\n# EOF\n", 2, "exemplar without a value")]
    [InlineData("# TYPE c counter\nc_total 1 # x\n# EOF\n", 2, "exemplar starts")]
    [InlineData("# TYPE a widget\n# EOF\n", 1, "unknown metric type")]
    [InlineData("a 1 \n# EOF\n", 1, "trailing space")]
    [InlineData("# TYPE a gauge\n# HELP a bad \\\n# EOF\n", 2, "dangling backslash")]
    [InlineData("# TYPE c counter\nc_total 1 # {a=\"b\"} 1 x\n# EOF\n", 2, "exemplar timestamp")]
    [InlineData("# TYPE c counter\nc_total 1 # {a=\"b\"} y\n# EOF\n", 2, "exemplar value")]
    [InlineData("a 1 tomorrow\n# EOF\n", 1, "timestamp in seconds")]
    [InlineData("# TYPE a gauge\n# TYPE a gauge\n# EOF\n", 2, "second TYPE")]
    [InlineData("# TYPE a_bytes gauge\n# UNIT a_bytes bytes\n# UNIT a_bytes bytes\n# EOF\n", 3, "second UNIT")]
    [InlineData("# TYPE s summary\ns_count 1\ns_sum x\n# EOF\n", 3, "expected a number")]
    public void violations_of_the_specification_are_rejected_with_their_line_number(string text, int line, string message)
    {
        var error = Invalid(text);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void an_exemplar_label_set_over_128_characters_is_rejected()
    {
        var longValue = new string('x', 130);
        var error = Invalid($"# TYPE c counter\nc_total 1 # {{id=\"{longValue}\"}} 1\n# EOF\n");
        Assert.Contains("128", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void format_is_detected_by_content_and_by_content_type()
    {
        Assert.Equal(ExpositionFormat.OpenMetrics, ExpositionFormatDetector.FromContent("a 1\n# EOF\n"));
        Assert.Equal(ExpositionFormat.OpenMetrics, ExpositionFormatDetector.FromContent("# TYPE a info\na_info 1\n"));
        Assert.Equal(ExpositionFormat.PrometheusText, ExpositionFormatDetector.FromContent("# TYPE a gauge\na 1\n"));
        Assert.Equal(ExpositionFormat.OpenMetrics, ExpositionFormatDetector.FromContentType("application/openmetrics-text; version=1.0.0; charset=utf-8"));
        Assert.Equal(ExpositionFormat.PrometheusText, ExpositionFormatDetector.FromContentType("text/plain; version=0.0.4"));
        Assert.Equal(ExpositionFormat.PrometheusText, ExpositionFormatDetector.FromContentType(null));
    }
}
