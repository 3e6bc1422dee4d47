using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using Supervision.Collector.Configuration;
using Supervision.Collector.Observability;
using Supervision.Collector.Problems;
using Supervision.Collector.Scraping;
using Supervision.Core.Domain;

namespace Supervision.Collector.Tests.Problems;

/// <summary>The scrape path end to end from a fetched body: what is stored, what is reported to the system's owner.</summary>
public sealed class ExpositionProblemTrackerTests
{
    private static readonly Target Target = new("26737", "edoc", "79", UnitLevel.Commune, new Uri("http://127.0.0.1:1/t"), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero));
    private readonly CollectorMetrics _metrics = new(Metrics.NewCustomRegistry());
    private readonly ScrapeWorkspace _work = new();
    private readonly ExpositionProblemTracker _tracker;
    private readonly TargetScraper _scraper;

    public ExpositionProblemTrackerTests()
    {
        _tracker = new ExpositionProblemTracker(_metrics, _time, NullLogger<ExpositionProblemTracker>.Instance);
        _scraper = new TargetScraper(null!, Options.Create(new CollectorOptions()), _time);
    }

    private (ScrapeResult Result, string Lines) Scrape(string body, string contentType = "application/openmetrics-text; version=1.0.0")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var fetched = new FetchedScrape(_time.GetTimestamp())
        {
            Metrics = new FetchOutcome(StatusReason.None, null, 200, bytes.Length, contentType),
            MetricsBody = bytes,
        };
        _work.Lines.Clear();
        var result = _scraper.Process(Target, _time.GetUtcNow(), fetched, _work);
        _tracker.Observe(Target, _work, _time.GetUtcNow());
        fetched.MetricsBody = null; // not rented: keep it out of the pool
        return (result, Encoding.UTF8.GetString(_work.Lines.WrittenMemory.Span));
    }

    private double Counted(string rule) => _metrics.ExpositionProblems.WithLabels("26737", "edoc", rule).Value;

    [Fact]
    public void a_tolerated_violation_is_stored_counted_per_target_and_rule_and_listed_with_its_line()
    {
        var (result, lines) = Scrape("# TYPE docs counter\ndocs_total{ch=\"a\"} -1\ndocs_total{ch=\"b\"} -2\n# EOF\n");

        Assert.NotEqual(StatusReason.ParseError, result.Reason);
        Assert.Equal(2, lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(2, Counted("counter-value"));
        var problem = Assert.Single(_tracker.Snapshot());
        Assert.Equal(("26737/edoc", "26737", "edoc", "counter-value", false), (problem.Target, problem.Unit, problem.System, problem.Rule, problem.Fatal));
        Assert.Equal((2, 2, "docs_total{ch=\"a\"} -1"), (problem.Count, problem.Line, problem.Example));
    }

    [Fact]
    public void a_problem_disappears_from_the_list_once_the_exposition_is_fixed_but_stays_counted()
    {
        Scrape("# TYPE docs counter\ndocs_total -1\n# EOF\n");
        _time.Advance(TimeSpan.FromSeconds(15));
        Scrape("# TYPE docs counter\ndocs_total 1\n# EOF\n");

        Assert.Empty(_tracker.Snapshot());
        Assert.Equal(1, Counted("counter-value"));
    }

    [Fact]
    public void a_body_that_cannot_be_read_is_listed_as_fatal_with_its_rule()
    {
        var (result, _) = Scrape("a 1\nb{ 2\n# EOF\n");

        Assert.Equal(StatusReason.ParseError, result.Reason);
        Assert.Contains("(rule label-syntax)", result.Detail, StringComparison.Ordinal);
        var problem = Assert.Single(_tracker.Snapshot());
        Assert.Equal(("label-syntax", true, 2, "b{ 2"), (problem.Rule, problem.Fatal, problem.Line, problem.Example));
    }

    [Fact]
    public void a_sample_influxdb_would_refuse_is_skipped_counted_and_named_and_the_rest_of_the_body_is_stored()
    {
        var (result, lines) = Scrape("up 1\ntime 5\ndown{time=\"x\"} 0\n", "text/plain; version=0.0.4");

        Assert.NotEqual(StatusReason.ParseError, result.Reason);
        Assert.DoesNotContain(" time=", lines, StringComparison.Ordinal);
        Assert.Contains(",exported_time=x,", lines, StringComparison.Ordinal);
        Assert.Equal(1, _metrics.Unstorable.WithLabels("26737", "edoc", "field-key").Value);
        var problem = Assert.Single(_tracker.Snapshot());
        Assert.Equal(("unstorable-field-key", 2), (problem.Rule, problem.Line));
        Assert.Equal("time: field key is the reserved name 'time'", problem.Example);
    }

    [Fact]
    public void invalid_utf8_is_stored_as_replacement_characters_and_reported_with_its_line()
    {
        var bytes = "a 1\nb{l=\""u8.ToArray().Concat(new byte[] { 0xBD }).Concat("\"} 2\n"u8.ToArray()).ToArray();
        using var fetched = new FetchedScrape(_time.GetTimestamp())
        {
            Metrics = new FetchOutcome(StatusReason.None, null, 200, bytes.Length, "text/plain; version=0.0.4"),
            MetricsBody = bytes,
        };
        _work.Lines.Clear();
        _scraper.Process(Target, _time.GetUtcNow(), fetched, _work);
        _tracker.Observe(Target, _work, _time.GetUtcNow());
        fetched.MetricsBody = null;

        Assert.Equal(2, _work.Lines.Points);
        Assert.Equal(("utf8", 2), (_tracker.Snapshot()[0].Rule, _tracker.Snapshot()[0].Line));
    }

    [Fact]
    public void a_target_not_scraped_for_an_hour_drops_out_of_the_list()
    {
        Scrape("# TYPE docs counter\ndocs_total -1\n# EOF\n");
        _time.Advance(TimeSpan.FromMinutes(61));
        Assert.Empty(_tracker.Snapshot());
    }
}
