using Supervision.Alerting.Tests.Support;
using Supervision.Core.Messages;

namespace Supervision.Alerting.Tests.Engine;

public sealed class InhibitionTests
{
    private const string Rules = """
        groups:
          - name: g
            rules:
              - name: province-network-down
                kind: down
                selector: { levels: [province], systems: [network] }
                parameters: { statuses: [Down] }
                severity: critical
              - name: target-down
                kind: down
                selector: { levels: [commune] }
                parameters: { statuses: [Down] }
              - name: central-down
                kind: down
                selector: { levels: [central], systems: [edoc] }
                parameters: { statuses: [Down] }
                labels: { scope: central }
        inhibit_rules:
          - source_matchers: ['alertname="target-down"', 'system="network"']
            target_matchers: ['alertname="target-down"', 'system!="network"']
            equal: [unit]
        """;

    [Fact]
    public async Task a_province_network_outage_inhibits_exactly_its_communes_and_says_how_many_it_covers()
    {
        using var h = EngineHarness.Create(Rules);
        h.ScrapeAll(("79", "network", 3), ("P79", "edoc", 3), ("00004", "edoc", 3));
        await h.EvaluateAsync();
        var parent = h.Find("province-network-down", "79")!;
        Assert.Equal(AlertState.Firing, parent.State);
        Assert.Equal("3", parent.Annotations["covers_communes"]);
        Assert.Equal("3", parent.Annotations["inhibited_alerts"]);
        foreach (var unit in new[] { "26737", "26740", "26743" })
        {
            Assert.Equal(parent.Id, h.Find("target-down", unit)!.InhibitedBy);
        }

        Assert.Null(h.Find("target-down", "00004")!.InhibitedBy);
    }

    [Fact]
    public async Task when_the_province_recovers_its_communes_still_failing_surface_with_their_own_start()
    {
        using var h = EngineHarness.Create(Rules);
        h.ScrapeAll(("79", "network", 3), ("26737", "edoc", 3), ("26740", "edoc", 3));
        await h.EvaluateAsync();
        var started = h.Find("target-down", "26737")!.FiredAt;
        Assert.NotNull(h.Find("target-down", "26737")!.InhibitedBy);
        await h.StepAsync(TimeSpan.FromMinutes(3), before: () => h.ScrapeAll(("26737", "edoc", 3)));
        Assert.Equal(AlertState.Resolved, h.StateOf("province-network-down", "79"));
        var child = h.Find("target-down", "26737")!;
        Assert.Equal(AlertState.Firing, child.State);
        Assert.Null(child.InhibitedBy);
        Assert.Equal(started, child.FiredAt);
        Assert.Equal(AlertState.Resolved, h.StateOf("target-down", "26740"));
    }

    [Fact]
    public async Task a_central_outage_covers_everything_else()
    {
        using var h = EngineHarness.Create(Rules);
        h.ScrapeAll(("central", "edoc", 3), ("79", "network", 3), ("00004", "edoc", 3));
        await h.EvaluateAsync();
        var central = h.Find("central-down", "central")!;
        Assert.Equal("4", central.Annotations["covers_communes"]);
        Assert.All(h.Engine.Views.Where(v => v.Id != central.Id), v => Assert.Equal(central.Id, v.InhibitedBy));
    }

    [Fact]
    public async Task a_generic_inhibit_rule_mutes_targets_that_share_the_equal_labels()
    {
        using var h = EngineHarness.Create(Rules);
        h.ScrapeAll(("00004", "network", 3), ("00004", "edoc", 3), ("26737", "edoc", 3));
        await h.EvaluateAsync();
        var net = h.Engine.Views.Single(v => v.Labels["unit"] == "00004" && v.Labels["system"] == "network");
        var edoc = h.Engine.Views.Single(v => v.Labels["unit"] == "00004" && v.Labels["system"] == "edoc");
        Assert.Equal(net.Id, edoc.InhibitedBy);
        Assert.Null(h.Engine.Views.Single(v => v.Labels["unit"] == "26737").InhibitedBy);
    }

    [Fact]
    public async Task a_unit_whose_network_is_down_folds_its_own_systems_and_a_province_outage_is_one_unmuted_alert()
    {
        using var h = EngineHarness.Create("""
            groups:
              - name: g
                rules:
                  - name: province-network-down
                    kind: down
                    selector: { levels: [province], systems: [network] }
                    parameters: { statuses: [Down] }
                    severity: critical
                  - name: target-down
                    kind: down
                    parameters: { statuses: [Down] }
            """);
        // Hồ Chí Minh city's link is down (every system of the province and of one of its wards fails behind it);
        // in Hà Nội only Ba Đình's link is down, and its e-documents with it.
        h.ScrapeAll(("79", "*", 3), ("26737", "*", 3), ("00004", "network", 3), ("00004", "edoc", 3));
        await h.EvaluateAsync();

        var parent = h.Find("province-network-down", "79")!;
        var ownAndWard = h.Engine.Views.Where(v => v.Rule == "target-down" && v.Labels["province"] == "79").ToArray();
        Assert.Contains(ownAndWard, v => v.Labels["unit"] == "79" && v.Labels["system"] == "edoc");
        Assert.All(ownAndWard, v => Assert.Equal(parent.Id, v.InhibitedBy));
        Assert.Equal(ownAndWard.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), parent.Annotations["inhibited_alerts"]);

        var link = h.Engine.Views.Single(v => v.Labels["unit"] == "00004" && v.Labels["system"] == "network");
        var edoc = h.Engine.Views.Single(v => v.Labels["unit"] == "00004" && v.Labels["system"] == "edoc");
        Assert.Equal(link.Id, edoc.InhibitedBy);
        Assert.Equal("1", link.Annotations["inhibited_alerts"]);
        Assert.False(link.Annotations.ContainsKey("covers_communes"));
        // One incident, one un-muted alert each.
        Assert.Equal(
            new[] { link.Id, parent.Id }.Order(StringComparer.Ordinal).ToArray(),
            h.Engine.Views.Where(v => v.InhibitedBy is null).Select(v => v.Id).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task after_a_province_outage_the_hour_long_availability_of_its_units_folds_under_the_outage_while_another_provinces_stands_alone()
    {
        using var h = EngineHarness.Create("""
            groups:
              - name: g
                interval: 30s
                rules:
                  - name: province-network-down
                    kind: down
                    selector: { levels: [province], systems: [network] }
                    parameters: { lookback: 1m, statuses: [Down] }
                    severity: critical
                  - name: unit-availability-low
                    kind: availability
                    parameters: { window: 1h, threshold: 0.99, per: unit }
                    severity: warning
            """);
        await h.StepAsync(TimeSpan.FromSeconds(30), 20, () => h.ScrapeAll());
        // Five minutes: Hồ Chí Minh city cut off; in Hà Nội, Ba Đình's e-documents fail on their own.
        await h.StepAsync(TimeSpan.FromSeconds(30), 10, () => h.ScrapeAll(("P79", "*", 3), ("00004", "edoc", 3)));
        var parent = h.Find("province-network-down", "79")!;
        Assert.Equal(AlertState.Firing, parent.State);
        await h.StepAsync(TimeSpan.FromSeconds(30), 6, () => h.ScrapeAll(("00004", "edoc", 3)));
        Assert.Equal(AlertState.Resolved, h.StateOf("province-network-down", "79"));

        // The last hour of every unit of 79 is below 99 %, because of the outage: folded under it, not 4 new incidents.
        var afterEffects = h.Engine.Views.Where(v => v.Rule == "unit-availability-low" && v.Labels["province"] == "79").ToArray();
        Assert.NotEmpty(afterEffects);
        Assert.All(afterEffects, v => Assert.Equal(parent.Id, v.InhibitedBy));
        // Ba Đình's own trouble is its own incident.
        var own = h.Engine.Views.Single(v => v.Rule == "unit-availability-low" && v.Labels["unit"] == "00004");
        Assert.Null(own.InhibitedBy);
    }
}
