using Supervision.Alerting.Tests.Support;
using Supervision.Core.Messages;

namespace Supervision.Alerting.Tests.Engine;

public sealed class RestartTests
{
    private const string Rules = """
        groups:
          - name: g
            rules:
              - name: target-down
                kind: down
                parameters: { statuses: [Down] }
                for: 1m
        """;

    [Fact]
    public async Task a_restart_keeps_alert_ids_start_times_and_acknowledgements_from_the_sqlite_file()
    {
        using var first = EngineHarness.Create(Rules);
        first.ScrapeAll(("26737", "edoc", 3));
        await first.EvaluateAsync();
        await first.StepAsync(TimeSpan.FromMinutes(1), before: () => first.ScrapeAll(("26737", "edoc", 3)));
        var before = first.Find("target-down", "26737")!;
        Assert.Equal(AlertState.Firing, before.State);
        await first.Engine.AcknowledgeAsync(before.Id, "an", "on it", first.Now, CancellationToken.None);
        first.Dispose();

        using var second = first.Restart(Rules);
        await second.StepAsync(TimeSpan.FromSeconds(30), before: () => second.ScrapeAll(("26737", "edoc", 3)));
        var after = second.Find("target-down", "26737")!;
        Assert.Equal(before.Id, after.Id);
        Assert.Equal(AlertState.Firing, after.State);
        Assert.Equal(before.ActiveSince, after.ActiveSince);
        Assert.Equal(before.FiredAt, after.FiredAt);
        Assert.Equal("an", after.AcknowledgedBy);
        Assert.True(File.Exists(first.DbPath));
    }

    [Fact]
    public async Task an_alert_that_resolves_and_fires_again_counts_a_flap_and_loses_its_old_ack()
    {
        using var h = EngineHarness.Create(Rules.Replace("for: 1m", "for: 0s", StringComparison.Ordinal));
        h.ScrapeAll(("26737", "edoc", 3));
        await h.EvaluateAsync();
        var id = h.Find("target-down", "26737")!.Id;
        await h.Engine.AcknowledgeAsync(id, "an", null, h.Now, CancellationToken.None);
        await h.StepAsync(TimeSpan.FromMinutes(3), before: () => h.ScrapeAll());
        Assert.Equal(AlertState.Resolved, h.StateOf("target-down", "26737"));
        await h.StepAsync(TimeSpan.FromSeconds(30), before: () => h.ScrapeAll(("26737", "edoc", 3)));
        var again = h.Find("target-down", "26737")!;
        Assert.Equal(AlertState.Firing, again.State);
        Assert.Equal("1", again.Annotations["flap_count"]);
        Assert.Null(again.AcknowledgedBy);
    }
}
