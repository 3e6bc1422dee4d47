using Prometheus;
using Supervision.Core.Messages;

namespace Supervision.Alerting.Engine;

/// <summary>The engine's own metrics on <c>/metrics</c>.</summary>
internal sealed class AlertingMetrics
{
    private static readonly AlertState[] States = [AlertState.Pending, AlertState.Firing, AlertState.Resolved];

    public AlertingMetrics(CollectorRegistry? registry = null)
    {
        var f = Metrics.WithCustomRegistry(registry ?? Metrics.DefaultRegistry);
        Evaluations = f.CreateCounter("alerting_group_evaluations_total", "Rule group evaluations.", "group");
        Failures = f.CreateCounter("alerting_rule_evaluation_failures_total", "Rule evaluations that failed.", "rule");
        Duration = f.CreateHistogram("alerting_group_evaluation_duration_seconds", "Duration of a rule group evaluation.",
            new HistogramConfiguration { LabelNames = ["group"], Buckets = Histogram.ExponentialBuckets(0.001, 2, 14) });
        Alerts = f.CreateGauge("alerting_alerts", "Alerts known to the engine by state.", "state");
        Reloads = f.CreateCounter("alerting_rule_reloads_total", "Rule reloads by outcome.", "outcome");
    }

    public Counter Evaluations { get; }

    public Counter Failures { get; }

    public Histogram Duration { get; }

    public Gauge Alerts { get; }

    public Counter Reloads { get; }

    public void SetStates(IReadOnlyList<AlertView> views)
    {
        Span<int> counts = stackalloc int[4];
        foreach (var v in views)
        {
            counts[(int)v.State]++;
        }

        foreach (var s in States)
        {
            Alerts.WithLabels(s.ToString().ToLowerInvariant()).Set(counts[(int)s]);
        }
    }
}
