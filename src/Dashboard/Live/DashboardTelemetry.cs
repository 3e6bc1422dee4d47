using Prometheus;

namespace Supervision.Dashboard.Live;

/// <summary>The Dashboard's own metrics, on its <c>/metrics</c>.</summary>
public sealed class DashboardTelemetry
{
    /// <summary>Creates the metrics in <paramref name="registry"/>.</summary>
    public DashboardTelemetry(CollectorRegistry registry)
    {
        Registry = registry;
        var f = Metrics.WithCustomRegistry(registry);
        Clients = f.CreateGauge("supervision_dashboard_hub_clients", "Connected status-hub clients.");
        MessagesSent = f.CreateCounter("supervision_dashboard_messages_sent_total", "Hub messages sent, by kind (snapshot, delta).", "kind");
        BytesSent = f.CreateCounter("supervision_dashboard_delta_bytes_total", "Approximate JSON bytes of the deltas fanned out.");
        FanOut = f.CreateHistogram("supervision_dashboard_fanout_seconds", "Time to build and send one round of deltas.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0005, 2, 14) });
        Ingested = f.CreateCounter("supervision_dashboard_ingested_total", "Items received on the ingest hub, by kind.", "kind");
    }

    /// <summary>The registry.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Connected clients.</summary>
    public Gauge Clients { get; }

    /// <summary>Messages sent.</summary>
    public Counter MessagesSent { get; }

    /// <summary>Delta bytes.</summary>
    public Counter BytesSent { get; }

    /// <summary>Fan-out latency.</summary>
    public Histogram FanOut { get; }

    /// <summary>Ingested items.</summary>
    public Counter Ingested { get; }
}
