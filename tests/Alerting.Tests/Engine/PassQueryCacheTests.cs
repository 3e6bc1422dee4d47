using Supervision.Alerting.Data;
using Supervision.Alerting.Tests.Support;

namespace Supervision.Alerting.Tests.Engine;

/// <summary>Rules of one group that ask the same question share one query per pass.</summary>
public sealed class PassQueryCacheTests
{
    private const string Rules = """
        groups:
          - name: g
            rules:
              - name: target-down
                kind: down
                parameters: { lookback: 5m, statuses: [Down] }
              - name: target-absent
                kind: absent
                parameters: { window: 5m }
              - name: edoc-down
                kind: down
                selector: { systems: [edoc] }
                parameters: { lookback: 5m, statuses: [Down] }
        """;

    [Fact]
    public async Task down_and_absent_over_the_same_window_run_one_query_per_pass_and_still_answer_correctly()
    {
        var counting = new CountingSource();
        using var h = EngineHarness.Over(counting, EngineHarness.Fleet, Rules, EngineHarness.MondayMorning);
        counting.Inner = h.Source;
        h.ScrapeAll(("26737", "edoc", 3));
        await h.EvaluateAsync();
        Assert.Equal(2, counting.Queries); // down+absent share one; edoc-down has its own selector
        Assert.NotNull(h.Find("target-down", "26737"));
        Assert.NotNull(h.Find("edoc-down", "26737"));
        Assert.Null(h.Find("target-absent", "26737"));

        await h.StepAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(4, counting.Queries); // a new pass asks again: nothing is kept between passes
    }

    private sealed class CountingSource : IMetricSource
    {
        public InMemoryMetricSource Inner { get; set; } = null!;

        public int Queries { get; private set; }

        public Task<IReadOnlyList<SeriesValue>> QueryAsync(SeriesQuery query, CancellationToken cancellationToken)
        {
            Queries++;
            return Inner.QueryAsync(query, cancellationToken);
        }

        public Task<IReadOnlyList<SeriesValue>> QueryRawAsync(string influxQl, DateTimeOffset now, CancellationToken cancellationToken) =>
            Inner.QueryRawAsync(influxQl, now, cancellationToken);
    }
}
