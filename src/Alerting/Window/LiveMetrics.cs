namespace Supervision.Alerting.Window;

/// <summary>The live window's metrics on <c>/metrics</c>.</summary>
internal sealed class LiveMetrics
{
    public LiveMetrics(CollectorRegistry registry)
    {
        var f = Metrics.WithCustomRegistry(registry);
        var queries = f.CreateCounter("alerting_live_queries_total", "Rule queries by where they were answered.", "answered_by");
        AnsweredFromWindow = queries.WithLabels("window");
        SentToInflux = queries.WithLabels("influxdb");
        Points = f.CreateCounter("alerting_live_points_total", "Points received from the InfluxDB subscription and kept.");
        Skipped = f.CreateCounter("alerting_live_lines_skipped_total", "Lines received and not kept (other measurements or fields, past the horizon).");
        Rejected = f.CreateCounter("alerting_live_lines_rejected_total", "Lines received that were not line protocol.");
        Series = f.CreateGauge("alerting_live_series", "Series held in the live window.");
        Subscribed = f.CreateGauge("alerting_live_subscribed", "On how many InfluxDB servers (Alerting:Influx:Servers) this service's subscription is in place (1 with one server).");
        SubscribedOn = f.CreateGauge("alerting_live_subscribed_on", "Per InfluxDB server: 1 while this service's subscription is in place on it.", "server");
    }

    public Counter.Child AnsweredFromWindow { get; }

    public Counter.Child SentToInflux { get; }

    public Counter Points { get; }

    public Counter Skipped { get; }

    public Counter Rejected { get; }

    public Gauge Series { get; }

    public Gauge Subscribed { get; }

    public Gauge SubscribedOn { get; }
}
