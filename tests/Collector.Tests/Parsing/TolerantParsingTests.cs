using Supervision.Collector.Parsing;

namespace Supervision.Collector.Tests.Parsing;

/// <summary>The scrape path's mode: store what can be stored, record every tolerated rule with its first line.</summary>
public sealed class TolerantParsingTests
{
    private static (List<Sample> Samples, ParseError? Error, ExpositionProblems Problems) Scrape(string text, ExpositionFormat format)
    {
        var problems = new ExpositionProblems();
        var visitor = new SampleListVisitor();
        var error = new ExpositionParser().Parse(text, format, visitor, problems);
        return (visitor.Samples, error, problems);
    }

    [Fact]
    public void semantic_violations_are_recorded_with_their_first_line_and_every_sample_is_kept()
    {
        const string text = "# TYPE a counter\na_total -1\na_total{x=\"1\"} NaN\n# TYPE h histogram\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\nb 1\na_total{x=\"2\"} 3\n# EOF\n";
        var (samples, error, problems) = Scrape(text, ExpositionFormat.OpenMetrics);

        Assert.Null(error);
        Assert.Equal(6, samples.Count);
        Assert.Equal(2, problems.Count(ExpositionRule.CounterValue));
        var first = problems.First(ExpositionRule.CounterValue);
        Assert.Equal((2, "a_total -1"), (first.Line, text.Substring(first.Start, first.Length)));
        Assert.Equal(6, problems.First(ExpositionRule.HistogramBuckets).Line);
        Assert.Equal(8, problems.First(ExpositionRule.FamilyInterleaved).Line);
        Assert.Equal(MetricType.Counter, samples[^1].Type);
    }

    [Fact]
    public void a_syntax_error_still_fails_the_body()
    {
        var (_, error, _) = Scrape("a 1\nb{ 2\n# EOF\n", ExpositionFormat.OpenMetrics);
        Assert.Equal((2, ExpositionRule.LabelSyntax), (error?.Line, error?.Rule));
    }

    [Fact]
    public void checks_that_cost_per_sample_run_only_in_check_mode()
    {
        var (samples, error, problems) = Scrape("a{x=\"1\"} 1 5\na{x=\"1\"} 2 4\na{x=\"2\"} 1\na{x=\"1\"} 3\n# EOF\n", ExpositionFormat.OpenMetrics);
        Assert.Null(error);
        Assert.Equal(4, samples.Count);
        Assert.False(problems.Any);
    }

    [Fact]
    public void prometheus_text_without_a_final_newline_is_stored_and_a_repeated_type_keeps_the_first()
    {
        var (samples, error, problems) = Scrape("# TYPE a counter\n# TYPE a gauge\na 1", ExpositionFormat.PrometheusText);
        Assert.Null(error);
        Assert.Equal(MetricType.Counter, Assert.Single(samples).Type);
        Assert.Equal(1, problems.Count(ExpositionRule.FinalNewline));
        Assert.Equal(2, problems.First(ExpositionRule.MetadataRepeated).Line);
    }

    [Fact]
    public void problems_are_forgotten_at_the_next_body()
    {
        var parser = new ExpositionParser();
        var problems = new ExpositionProblems();
        parser.Parse("# TYPE a counter\na_total -1\n# EOF\n", ExpositionFormat.OpenMetrics, new SampleListVisitor(), problems);
        Assert.True(problems.Any);
        parser.Parse("# TYPE a counter\na_total 1\n# EOF\n", ExpositionFormat.OpenMetrics, new SampleListVisitor(), problems);
        Assert.False(problems.Any);
        Assert.Equal(0, problems.Count(ExpositionRule.CounterValue));
    }
}
