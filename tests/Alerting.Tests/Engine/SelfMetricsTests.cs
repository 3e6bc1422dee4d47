using Prometheus;
using Supervision.Alerting.Engine;
using Supervision.Alerting.Rules;
using Supervision.Core.Calendar;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Engine;

/// <summary>What rules/center.yaml reads of Alerting when the center scrapes itself.</summary>
public sealed class SelfMetricsTests
{
    // Monday 7 December 2026, 09:00 in Vietnam.
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);

    private static RuleSet Rules()
    {
        var (groups, inhibits, errors) = RuleFileLoader.Parse("""
            groups:
              - name: fast
                interval: 30s
                rules: [{ name: a, kind: down }]
              - name: office
                interval: 5m
                working_hours: true
                rules: [{ name: b, kind: down }]
            """, "test.yaml");
        Assert.Empty(errors);
        return new RuleSet(groups, inhibits);
    }

    [Fact]
    public void a_group_s_age_counts_from_its_last_pass_or_from_when_it_became_due_and_the_holiday_horizon_is_in_days()
    {
        var rules = Rules();
        var calendar = WorkingCalendar.Load(RepoPaths.Holidays);
        var metrics = new AlertingMetrics(Metrics.NewCustomRegistry(), new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start));
        double Age(string group) => metrics.EvaluationAge.WithLabels(group).Value;

        metrics.Refresh(rules, calendar, Start.AddSeconds(40));
        Assert.Equal(40, Age("fast"));
        Assert.Equal(30, metrics.IntervalSeconds.WithLabels("fast").Value);

        metrics.GroupEvaluated(rules.Groups[0], 0.25, Start.AddSeconds(60));
        metrics.Refresh(rules, calendar, Start.AddSeconds(130));
        Assert.Equal(70, Age("fast"));
        Assert.Equal(0.25, metrics.LastDuration.WithLabels("fast").Value);

        // The working-hours group is not due at night (age 0), and at 07:40 its age counts from 07:30, not from the evening.
        metrics.GroupEvaluated(rules.Groups[1], 1, Start.AddHours(7));                    // 16:00 Vietnam time, last pass of the day
        metrics.Refresh(rules, calendar, Start.AddHours(14));                             // 23:00
        Assert.Equal(0, Age("office"));
        metrics.Refresh(rules, calendar, Start.AddHours(22).AddMinutes(29).AddSeconds(45)); // Tuesday 07:29:45
        metrics.Refresh(rules, calendar, Start.AddHours(22).AddMinutes(40));              // Tuesday 07:40
        Assert.InRange(Age("office"), 600, 616);

        // The shipped table's last year is 2027: 388 days from Tuesday 8 December 2026 to 31 December 2027.
        Assert.Equal(388, metrics.HolidayDaysLeft.Value);
        Assert.Equal(-1, AlertingMetrics.HolidayHorizon(WorkingCalendar.WeekendsOnly, Start));
    }

    [Fact]
    public void in_a_cluster_a_group_run_by_the_other_node_is_not_late_and_one_that_no_node_starts_ages()
    {
        var rules = Rules();
        var calendar = WorkingCalendar.Load(RepoPaths.Holidays);
        var metrics = new AlertingMetrics(Metrics.NewCustomRegistry(), new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start));
        double Age(string group) => metrics.EvaluationAge.WithLabels(group).Value;

        // This node ran "fast" once at +60 s; the other node has run it since, last started at +590 s.
        metrics.GroupEvaluated(rules.Groups[0], 0.25, Start.AddSeconds(60));
        metrics.GroupStartedInCluster("fast", Start.AddSeconds(590));
        metrics.Refresh(rules, calendar, Start.AddSeconds(600));
        Assert.Equal(10, Age("fast"));

        // An older report (a stale read) does not move it back; this node's own later pass counts as before.
        metrics.GroupStartedInCluster("fast", Start.AddSeconds(300));
        metrics.GroupEvaluated(rules.Groups[0], 0.25, Start.AddSeconds(605));
        metrics.Refresh(rules, calendar, Start.AddSeconds(610));
        Assert.Equal(5, Age("fast"));

        // No node starts it any more: it ages from the last start, and is late after three intervals.
        metrics.Refresh(rules, calendar, Start.AddSeconds(700));
        Assert.Equal(95, Age("fast"));
    }
}
