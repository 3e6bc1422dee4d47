using Prometheus;

namespace Supervision.Dashboard.Reports;

/// <summary>The reports' metrics, on the Dashboard's <c>/metrics</c> (docs/reports.md).</summary>
public sealed class ReportMetrics
{
    /// <summary>Creates the metrics in <paramref name="registry"/>.</summary>
    public ReportMetrics(CollectorRegistry registry)
    {
        var f = Metrics.WithCustomRegistry(registry);
        Sent = f.CreateCounter("supervision_dashboard_reports_sent_total", "Scheduled reports sent, by kind (weekly, monthly).", "kind");
        Failures = f.CreateCounter("supervision_dashboard_report_failures_total", "Failed attempts at a scheduled report, by step (render, send, archive, lease).", "step");
        Reports = f.CreateGauge("supervision_dashboard_reports", "Reports of the archive by status (rendered, sent, failed, gaveup); failed and gaveup above 0 want attention.", "status");
        RenderSeconds = f.CreateHistogram("supervision_dashboard_report_render_seconds", "Time to read a report's figures, render its page and print it to PDF.",
            new HistogramConfiguration { Buckets = [0.5, 1, 2, 4, 6, 8, 10, 15, 30, 60, 120] });
    }

    /// <summary>Reports sent.</summary>
    public Counter Sent { get; }

    /// <summary>Failed attempts.</summary>
    public Counter Failures { get; }

    /// <summary>Reports by status.</summary>
    public Gauge Reports { get; }

    /// <summary>Render and print time.</summary>
    public Histogram RenderSeconds { get; }

    /// <summary>Sets the status gauge from the archive's records.</summary>
    public void Count(IEnumerable<ReportRecord> records)
    {
        var counts = Enum.GetValues<ReportStatus>().ToDictionary(s => s, _ => 0);
        foreach (var r in records)
        {
            counts[r.Status]++;
        }

        foreach (var (status, count) in counts)
        {
            Reports.WithLabels(status.ToString().ToLowerInvariant()).Set(count);
        }
    }
}
