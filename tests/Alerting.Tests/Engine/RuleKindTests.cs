using Supervision.Alerting.Data;
using Supervision.Alerting.Rules;
using Supervision.Alerting.Tests.Support;
using Supervision.Core.Messages;

namespace Supervision.Alerting.Tests.Engine;

/// <summary>Rules tested as data: a fake clock, input series, the alerts expected at given times.</summary>
public sealed class RuleKindTests
{
    private const string DownRule = """
        groups:
          - name: g
            interval: 30s
            rules:
              - name: target-down
                kind: down
                selector: { levels: [commune] }
                parameters: { lookback: 2m, statuses: [Down] }
                for: 1m
                keep_firing_for: 2m
                severity: critical
                annotations:
                  summary: "{{ $labels.system }} of {{ $labels.unit }} is down ({{ $value }})"
        """;

    [Fact]
    public async Task a_down_target_is_pending_then_firing_after_for_then_kept_firing_then_resolved()
    {
        using var h = EngineHarness.Create(DownRule);
        h.ScrapeAll(("26737", "edoc", 3));
        await h.EvaluateAsync();
        Assert.Equal(AlertState.Pending, h.StateOf("target-down", "26737"));
        Assert.Single(h.Engine.Views);
        var started = h.Now;

        await h.StepAsync(TimeSpan.FromSeconds(30), before: () => h.ScrapeAll(("26737", "edoc", 3)));
        Assert.Equal(AlertState.Pending, h.StateOf("target-down", "26737"));
        await h.StepAsync(TimeSpan.FromSeconds(30), before: () => h.ScrapeAll(("26737", "edoc", 3)));
        var firing = h.Find("target-down", "26737")!;
        Assert.Equal(AlertState.Firing, firing.State);
        Assert.Equal(started, firing.ActiveSince);
        Assert.Equal(h.Now, firing.FiredAt);
        Assert.Equal("edoc of 26737 is down (3)", firing.Annotations["summary"]);
        Assert.Equal("critical", firing.Labels["severity"]);

        // Recovered: the last status within the 2m lookback is Up only once an Up point is newer than the Down ones.
        await h.StepAsync(TimeSpan.FromSeconds(30), before: () => h.ScrapeAll());
        Assert.Equal(AlertState.Firing, h.StateOf("target-down", "26737"));
        await h.StepAsync(TimeSpan.FromSeconds(30), 2, () => h.ScrapeAll());
        Assert.Equal(AlertState.Firing, h.StateOf("target-down", "26737"));
        await h.StepAsync(TimeSpan.FromSeconds(30), before: () => h.ScrapeAll());
        var resolved = h.Find("target-down", "26737")!;
        Assert.Equal(AlertState.Resolved, resolved.State);
        Assert.Equal(h.Now, resolved.ResolvedAt);
    }

    [Fact]
    public async Task summaries_name_the_unit_province_and_system_from_the_inventory_and_show_ratios_as_percentages()
    {
        using var h = EngineHarness.Create("""
            groups:
              - name: g
                interval: 30s
                rules:
                  - name: target-down
                    kind: down
                    selector: { levels: [commune] }
                    parameters: { lookback: 2m, statuses: [Down] }
                    severity: critical
                    annotations:
                      summary: "{{ $system_name }} của {{ $unit_name }} ({{ $province_name }}) mất kết nối"
                      ratio: "{{ $value | percent }}"
            """);
        h.ScrapeAll(("26737", "edoc", 3));
        await h.EvaluateAsync();
        var alert = h.Find("target-down", "26737")!;
        Assert.Equal($"Liên thông văn bản điện tử của Tân Định ({h.Inventory.FindUnit("79")!.Name}) mất kết nối", alert.Annotations["summary"]);
        Assert.Equal("300%", alert.Annotations["ratio"]);
    }

    [Fact]
    public async Task a_blip_shorter_than_for_never_fires_and_is_forgotten()
    {
        using var h = EngineHarness.Create(DownRule);
        h.ScrapeAll(("26740", "network", 3));
        await h.EvaluateAsync();
        Assert.Equal(AlertState.Pending, h.StateOf("target-down", "26740"));
        await h.StepAsync(TimeSpan.FromSeconds(30), before: () => h.ScrapeAll());
        Assert.Null(h.Find("target-down", "26740"));
        Assert.Empty(h.Engine.Views);
    }

    [Fact]
    public async Task the_selector_keeps_provinces_out_of_a_commune_rule()
    {
        using var h = EngineHarness.Create(DownRule);
        h.ScrapeAll(("79", "edoc", 3), ("26743", "dossier", 3));
        await h.EvaluateAsync();
        Assert.Single(h.Engine.Views);
        Assert.Equal("26743", h.Engine.Views[0].Labels["unit"]);
    }

    [Fact]
    public async Task absent_fires_for_a_target_with_no_data_and_for_a_silent_collector_shard()
    {
        using var h = EngineHarness.Create("""
            groups:
              - name: g
                rules:
                  - name: absent-target
                    kind: absent
                    selector: { systems: [dossier] }
                    parameters: { window: 2m }
                  - name: absent-shard
                    kind: absent
                    parameters: { scope: shard, window: 2m, lookback: 1h }
            """);
        foreach (var t in EngineHarness.Fleet.Targets)
        {
            if (t.Id != "00004/dossier")
            {
                h.Scrape(t.UnitId, t.System, 0);
            }
        }

        h.Source.Add("collector", new Dictionary<string, string> { ["collector"] = "a", ["shard"] = "0/2" }, "targets", 10, h.Now.AddMinutes(-10));
        h.Source.Add("collector", new Dictionary<string, string> { ["collector"] = "b", ["shard"] = "1/2" }, "targets", 10, h.Now.AddSeconds(-5));
        await h.EvaluateAsync();
        var target = Assert.Single(h.Engine.Views, v => v.Rule == "absent-target");
        Assert.Equal("00004", target.Labels["unit"]);
        Assert.Equal("01", target.Labels["province"]);
        var shard = Assert.Single(h.Engine.Views, v => v.Rule == "absent-shard");
        Assert.Equal("0/2", shard.Labels["shard"]);
        Assert.Equal(AlertState.Firing, shard.State);
    }

    [Fact]
    public async Task a_dead_collector_shard_stays_firing_with_one_identity_after_its_last_heartbeat_leaves_the_lookback()
    {
        using var h = EngineHarness.Create("""
            groups:
              - name: g
                rules:
                  - name: absent-shard
                    kind: absent
                    parameters: { scope: shard, window: 2m, lookback: 1h, shards: 3 }
            """);
        h.Source.Add("collector", new Dictionary<string, string> { ["collector"] = "a", ["shard"] = "0/3" }, "targets", 10, h.Now.AddMinutes(-10));
        h.Source.Add("collector", new Dictionary<string, string> { ["collector"] = "b", ["shard"] = "1/3" }, "targets", 10, h.Now.AddSeconds(-5));
        await h.EvaluateAsync();
        var first = h.Engine.Views.Where(v => v.Rule == "absent-shard").OrderBy(v => v.Labels["shard"], StringComparer.Ordinal).ToArray();

        // 0/3 silent for 10 minutes; 2/3 never seen in the lookback: both expected (shards: 3), both firing, 1/3 not.
        Assert.Equal(["0/3", "2/3"], first.Select(v => v.Labels["shard"]));
        Assert.All(first, v => Assert.Equal(AlertState.Firing, v.State));
        Assert.All(first, v => Assert.False(v.Labels.ContainsKey("collector")));

        // Two hours on, 0/3's heartbeat is out of the lookback: the same alert (same id) is still firing.
        h.Time.Advance(TimeSpan.FromHours(2));
        h.Source.Add("collector", new Dictionary<string, string> { ["collector"] = "b", ["shard"] = "1/3" }, "targets", 10, h.Now.AddSeconds(-5));
        await h.EvaluateAsync();
        var later = h.Engine.Views.Where(v => v.Rule == "absent-shard" && v.State == AlertState.Firing).OrderBy(v => v.Labels["shard"], StringComparer.Ordinal).ToArray();
        Assert.Equal(first.Select(v => v.Id), later.Select(v => v.Id));
    }

    [Fact]
    public async Task availability_fires_per_unit_when_the_share_of_good_scrapes_falls_below_the_threshold()
    {
        using var h = EngineHarness.Create("""
            groups:
              - name: g
                rules:
                  - name: availability
                    kind: availability
                    parameters: { window: 10m, threshold: 0.8, per: unit }
            """);
        for (var i = 0; i < 10; i++)
        {
            // 26737: 3 of its 3 systems fail in 3 of 10 scrapes of edoc only → 27/30 = 0.9; 26740 edoc+network fail half the time → 20/30.
            h.ScrapeAll(("26737", "edoc", i < 3 ? 3 : 0), ("26740", "*", i % 2 == 0 ? 3 : 0));
            h.Time.Advance(TimeSpan.FromSeconds(30));
        }

        await h.EvaluateAsync();
        var alert = Assert.Single(h.Engine.Views);
        Assert.Equal("26740", alert.Labels["unit"]);
    }

    [Fact]
    public async Task availability_with_min_samples_judges_only_units_with_enough_scrapes_in_the_window()
    {
        using var h = EngineHarness.Create("""
            groups:
              - name: g
                rules:
                  - name: availability
                    kind: availability
                    parameters: { window: 1h, threshold: 0.9, per: unit, min_samples: 10 }
            """);
        // 26737 (3 systems) has failed every scrape for 10 rounds: 30 samples, judged. 26740 (3 systems) only just started
        // and failed its first round: 3 samples, not yet an hour's availability.
        string[] systems = ["edoc", "dossier", "network"];
        for (var i = 0; i < 10; i++)
        {
            foreach (var system in systems)
            {
                h.Scrape("26737", system, 3);
            }

            h.Time.Advance(TimeSpan.FromSeconds(15));
        }

        foreach (var system in systems)
        {
            h.Scrape("26740", system, 3);
        }

        h.Time.Advance(TimeSpan.FromSeconds(1));

        await h.EvaluateAsync();
        var alert = Assert.Single(h.Engine.Views);
        Assert.Equal("26737", alert.Labels["unit"]);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("2.5")]
    public void a_bad_min_samples_names_the_parameter(string value)
    {
        var (_, _, errors) = RuleFileLoader.Parse($$"""
            groups:
              - name: g
                rules:
                  - name: availability
                    kind: availability
                    parameters: { window: 1h, threshold: 0.9, min_samples: {{value}} }
            """, "test.yaml");
        Assert.Contains(errors, e => e.File == "test.yaml" && e.Line > 0 && e.Message.Contains("min_samples", StringComparison.Ordinal));
    }

    [Fact]
    public async Task latency_fires_when_the_mean_exceeds_the_threshold()
    {
        using var h = EngineHarness.Create("""
            groups:
              - name: g
                rules:
                  - name: rtt
                    kind: latency
                    parameters: { measurement: network, field: network_rtt_seconds, aggregate: mean, window: 5m, threshold: 0.5 }
                    annotations: { summary: "rtt {{ $value }}" }
            """);
        h.Add("network", "26737", "network", "network_rtt_seconds", 0.9, h.Now.AddMinutes(-1));
        h.Add("network", "26737", "network", "network_rtt_seconds", 0.3, h.Now.AddMinutes(-2));
        h.Add("network", "26740", "network", "network_rtt_seconds", 0.1, h.Now.AddMinutes(-1));
        await h.EvaluateAsync();
        var alert = Assert.Single(h.Engine.Views);
        Assert.Equal("26737", alert.Labels["unit"]);
        Assert.Equal("rtt 0.6", alert.Annotations["summary"]);
    }

    [Fact]
    public async Task query_rules_compare_the_first_value_of_each_series()
    {
        const string q = "SELECT last(edoc_queue_length) FROM edoc GROUP BY unit";
        using var h = EngineHarness.Create($$"""
            groups:
              - name: g
                rules:
                  - name: queue
                    kind: query
                    parameters: { query: "{{q}}", op: ">=", threshold: 500 }
            """);
        h.Source.RawAnswers[q] = now =>
        [
            new SeriesValue(new Dictionary<string, string> { ["unit"] = "79" }, 700, now),
            new SeriesValue(new Dictionary<string, string> { ["unit"] = "01" }, 10, now),
        ];
        await h.EvaluateAsync();
        Assert.Equal("79", Assert.Single(h.Engine.Views).Labels["unit"]);
    }

    private const string ThroughputRule = """
        groups:
          - name: g
            rules:
              - name: intake-drop
                kind: throughput-drop
                selector: { levels: [province], systems: [dossier] }
                parameters: { measurement: dossier, field: dossier_received_total, window: 1h, weeks: 2, fraction: 0.5, min_baseline: 20 }
        """;

    [Fact]
    public async Task throughput_drop_compares_with_the_same_hour_of_past_weeks_in_working_hours_only()
    {
        using var h = EngineHarness.Create(ThroughputRule);
        AddCounter(h, "79", weeksAgo: 1, increase: 100);
        AddCounter(h, "79", weeksAgo: 2, increase: 120);
        AddCounter(h, "79", weeksAgo: 0, increase: 30);   // 30 < 0.5 × 110
        AddCounter(h, "01", weeksAgo: 1, increase: 100);
        AddCounter(h, "01", weeksAgo: 2, increase: 100);
        AddCounter(h, "01", weeksAgo: 0, increase: 90);
        await h.EvaluateAsync();
        var alert = Assert.Single(h.Engine.Views);
        Assert.Equal("79", alert.Labels["unit"]);

        // At night the rule is not evaluated: the same data at 22:00 (Vietnam) gives nothing new.
        using var night = EngineHarness.Create(ThroughputRule, EngineHarness.MondayMorning.AddHours(13));
        AddCounter(night, "79", 1, 100);
        AddCounter(night, "79", 2, 120);
        AddCounter(night, "79", 0, 30);
        await night.EvaluateAsync();
        Assert.Empty(night.Engine.Views);
        Assert.True(night.Engine.RuleStatuses().Single().SkippedOutsideWorkingHours);
    }

    private static void AddCounter(EngineHarness h, string unit, int weeksAgo, double increase)
    {
        var end = h.Now.AddDays(-7 * weeksAgo);
        var tags = ("procedure", "1.001234");
        h.Add("dossier", unit, "dossier", "dossier_received_total", 1000, end.AddMinutes(-59), tags);
        h.Add("dossier", unit, "dossier", "dossier_received_total", 1000 + increase, end.AddMinutes(-1), tags);
    }

    private const string StalledRule = """
        groups:
          - name: g
            rules:
              - name: overdue
                kind: stalled-procedures
                parameters: { overdue_above: 20, lookback: 10m }
              - name: stalled
                kind: stalled-procedures
                parameters: { backlog_above: 30, stalled_for: 4h, lookback: 10m }
        """;

    [Fact]
    public async Task overdue_dossiers_summed_over_procedures_fire_in_working_hours_but_not_on_a_holiday_or_at_night()
    {
        // Wednesday 2 September 2026 (National Day) at 09:00 Vietnam time, then Thursday 3 September at 09:00, then 20:00.
        var holiday = new DateTimeOffset(2026, 9, 2, 2, 0, 0, TimeSpan.Zero);
        foreach (var (at, expected) in new[] { (holiday, 0), (holiday.AddDays(1), 1), (holiday.AddDays(1).AddHours(11), 0) })
        {
            using var h = EngineHarness.Create(StalledRule, at);
            h.Add("dossier", "26737", "dossier", "dossier_overdue", 15, h.Now.AddMinutes(-1), ("procedure", "1.1"));
            h.Add("dossier", "26737", "dossier", "dossier_overdue", 10, h.Now.AddMinutes(-1), ("procedure", "1.2"));
            h.Add("dossier", "26740", "dossier", "dossier_overdue", 5, h.Now.AddMinutes(-1), ("procedure", "1.1"));
            await h.EvaluateAsync();
            Assert.Equal(expected, h.Engine.Views.Count);
            if (expected == 1)
            {
                var a = h.Engine.Views[0];
                Assert.Equal("26737", a.Labels["unit"]);
                Assert.Equal("overdue", a.Labels["reason"]);
            }
        }
    }

    [Fact]
    public async Task a_stalled_backlog_counts_only_working_time_across_a_weekend()
    {
        // Nothing resolved since Friday 20 Nov 15:00 (VN). Monday 09:00: 2h Friday + 1.5h Monday = 3.5h < 4h. Monday 10:00: 4.5h.
        var fridayStop = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
        using var h = EngineHarness.Create(StalledRule, EngineHarness.MondayMorning);
        for (var t = fridayStop.AddHours(-6); t <= h.Now.AddHours(2); t = t.AddMinutes(30))
        {
            h.Add("dossier", "26737", "dossier", "dossier_resolved_total", t <= fridayStop ? 100 + (t - fridayStop.AddHours(-6)).TotalMinutes : 460, t, ("procedure", "1.1"));
        }

        void Backlog() => h.Add("dossier", "26737", "dossier", "dossier_in_progress", 50, h.Now.AddMinutes(-1), ("procedure", "1.1"));
        Backlog();
        await h.EvaluateAsync();
        Assert.Empty(h.Engine.Views);
        await h.StepAsync(TimeSpan.FromHours(1), before: Backlog);
        var a = Assert.Single(h.Engine.Views);
        Assert.Equal("stalled", a.Labels["reason"]);
        Assert.Equal(AlertState.Firing, a.State);
    }

    [Fact]
    public async Task a_unit_is_stalled_only_when_none_of_its_procedures_resolved_anything_and_a_counter_reset_counts_as_movement()
    {
        using var h = EngineHarness.Create(StalledRule, EngineHarness.MondayMorning);
        void Resolved(string unit, string procedure, double before, double after)
        {
            h.Add("dossier", unit, "dossier", "dossier_resolved_total", before, h.Now.AddHours(-20), ("procedure", procedure));
            h.Add("dossier", unit, "dossier", "dossier_resolved_total", after, h.Now.AddMinutes(-2), ("procedure", procedure));
            h.Add("dossier", unit, "dossier", "dossier_in_progress", 40, h.Now.AddMinutes(-1), ("procedure", procedure));
        }

        Resolved("26737", "1.1", 100, 100); // both procedures flat: stalled
        Resolved("26737", "1.2", 7, 7);
        Resolved("26740", "1.1", 100, 100); // one flat, the other moved: not stalled
        Resolved("26740", "1.2", 7, 9);
        Resolved("26743", "1.1", 100, 3);   // the counter restarted: not taken for a stall
        Resolved("26743", "1.2", 7, 7);

        await h.EvaluateAsync();

        var a = Assert.Single(h.Engine.Views);
        Assert.Equal(("26737", "stalled"), (a.Labels["unit"], a.Labels["reason"]));
    }
}
