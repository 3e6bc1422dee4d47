using Supervision.Alerting.Data;
using Supervision.Alerting.Tests.Support;
using Supervision.Core.Domain;
using Supervision.Core.InventoryFiles;
using Supervision.Core.Messages;
using Supervision.Testing;

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

    [Fact]
    public async Task restarting_the_service_keeps_firing_alerts_with_their_ids_and_start_times_and_creates_none_anew()
    {
        var source = new InMemoryMetricSource();
        var folder = Path.Combine(Path.GetTempPath(), "alerting-restart-" + Guid.NewGuid().ToString("N"));
        var downAt = TimeProvider.System.GetUtcNow();
        var down = new[] { "26737/edoc", "00004/network", "79/portal" };
        void Scrape(DateTimeOffset at)
        {
            foreach (var id in down)
            {
                source.Add("scrape", EngineHarness.Tags(National.FindTarget(id)!), "status_code", 3, at);
            }
        }

        AlertView[] before;
        await using (var first = await AlertingHost.StartAsync(ServiceRules, source, folder))
        {
            Scrape(downAt);
            await first.Engine.EvaluateAllAsync(downAt, CancellationToken.None);
            before = first.Engine.Views.OrderBy(v => v.Id, StringComparer.Ordinal).ToArray();
            Assert.Equal(3, before.Length);
            Assert.All(before, v => Assert.Equal(AlertState.Firing, v.State));
        }

        await using var second = await AlertingHost.StartAsync(ServiceRules, source, folder);
        var later = downAt.AddSeconds(30);
        Scrape(later);
        await second.Engine.EvaluateAllAsync(later, CancellationToken.None);
        var after = second.Engine.Views.OrderBy(v => v.Id, StringComparer.Ordinal).ToArray();
        Assert.Equal(before.Select(v => v.Id), after.Select(v => v.Id));
        Assert.Equal(before.Select(v => v.ActiveSince), after.Select(v => v.ActiveSince));
        Assert.Equal(before.Select(v => v.FiredAt), after.Select(v => v.FiredAt));
        Assert.All(after, v => Assert.Equal(AlertState.Firing, v.State));
        Assert.All(after, v => Assert.Equal("0", v.Annotations.GetValueOrDefault("flap_count", "0")));
    }

    private static readonly Inventory National = InventoryLoader.LoadFile(RepoPaths.NationalInventory).Inventory!;

    private const string ServiceRules = """
        groups:
          - name: g
            interval: 1h
            rules:
              - name: target-down
                kind: down
                parameters: { statuses: [Down] }
        """;
}
