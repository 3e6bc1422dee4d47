using Prometheus;

namespace Supervision.Dashboard.Live;

/// <summary>The Dashboard's own metrics, on its <c>/metrics</c> (names in docs/dashboard.md).</summary>
public sealed class DashboardTelemetry
{
    /// <summary>Creates the metrics in <paramref name="registry"/>.</summary>
    public DashboardTelemetry(CollectorRegistry registry)
    {
        Registry = registry;
        var f = Metrics.WithCustomRegistry(registry);
        Clients = f.CreateGauge("supervision_dashboard_hub_clients", "Connected status-hub clients.");
        Circuits = f.CreateGauge("supervision_dashboard_circuits", "Open Blazor circuits (wallboards, kiosks and pages in browsers).");
        MessagesSent = f.CreateCounter("supervision_dashboard_messages_sent_total", "Status-hub messages sent, counted per recipient, by kind (snapshot, delta).", "kind");
        BytesSent = f.CreateCounter("supervision_dashboard_bytes_sent_total", "JSON payload bytes of status-hub messages, counted per recipient, by kind.", "kind");
        FanOut = f.CreateHistogram("supervision_dashboard_fanout_seconds", "Time to build and send one round of deltas to every group.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0005, 2, 14) });
        ChangeToDelta = f.CreateHistogram("supervision_dashboard_change_to_delta_seconds", "From the oldest change a delta carries being ingested to that delta being handed to every recipient.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 14) });
        Ingested = f.CreateCounter("supervision_dashboard_ingested_total", "Items received on the ingest hub, by kind.", "kind");
        IngestAge = f.CreateGauge("supervision_dashboard_last_ingest_age_seconds",
            "Time since the last message on the ingest hub from a source (collectors, alerting); from start-up until the first.", "source");
        FiguresStale = f.CreateGauge("supervision_dashboard_figures_stale", "1 while the national figures are stale (a collector's part is late or missing), else 0.");
        ClusterNodes = f.CreateGauge("supervision_dashboard_cluster_nodes", "Cluster nodes as this Dashboard sees them, by service (alerting, dashboard) and state (live, degraded, lost, unheard).", "service", "state");
        StatusPageBuilds = f.CreateCounter("supervision_dashboard_status_page_builds_total", "Builds of the public status page (/status), by result (ok, failed).", "result");
        StatusPageInfluxQueries = f.CreateCounter("supervision_dashboard_status_page_influx_queries_total", "InfluxDB statements the public status page issued (its requests issue none).");
        ClusterDegraded = f.CreateGauge("supervision_dashboard_cluster_degraded", "1 while a cluster node is lost or reports a problem (PostgreSQL or Redis unreachable), else 0.");
        InfluxReadServer = f.CreateGauge("supervision_dashboard_influx_read_server",
            "Per InfluxDB server of Dashboard:Influx:Servers (index 0 = Url): 1 for the one the Dashboard reads from, else 0.", "index", "server");
        InfluxServerUp = f.CreateGauge("supervision_dashboard_influx_server_up",
            "Per InfluxDB server of Dashboard:Influx:Servers: 0 from a failed read until it answers a ping again, else 1.", "index", "server");
        InfluxReadDegraded = f.CreateGauge("supervision_dashboard_influx_read_degraded",
            "1 while the Dashboard reads from another InfluxDB server than the first (Dashboard:Influx:Url), or none answers; else 0.");
    }

    /// <summary>Per InfluxDB server: 1 for the one read from.</summary>
    public Gauge InfluxReadServer { get; }

    /// <summary>Per InfluxDB server: 0 while marked failing.</summary>
    public Gauge InfluxServerUp { get; }

    /// <summary>1 while reads are not answered by the first InfluxDB server.</summary>
    public Gauge InfluxReadDegraded { get; }

    /// <summary>Which InfluxDB server the reads go to (docs/ha.md), computed whenever <c>/metrics</c> is scraped.</summary>
    public void ExportReads(Supervision.Core.Influx.InfluxReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Registry.AddBeforeCollectCallback(() =>
        {
            foreach (var server in reader.States())
            {
                var index = server.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                InfluxReadServer.WithLabels(index, server.Url).Set(server.Index == reader.ReadingFrom ? 1 : 0);
                InfluxServerUp.WithLabels(index, server.Url).Set(server.Healthy ? 1 : 0);
            }

            InfluxReadDegraded.Set(reader.Degraded ? 1 : 0);
        });
    }

    /// <summary>The source label of collectors' messages on the ingest hub.</summary>
    public const string FromCollectors = "collectors";

    /// <summary>The source label of Alerting's messages (alert changes and watchdog beats).</summary>
    public const string FromAlerting = "alerting";

    private long _lastFromCollectors = long.MinValue;
    private long _lastFromAlerting = long.MinValue;

    /// <summary>Age of the last ingest per source.</summary>
    public Gauge IngestAge { get; }

    /// <summary>1 while the national figures are stale.</summary>
    public Gauge FiguresStale { get; }

    /// <summary>A message came from collectors (<paramref name="fromAlerting"/> false) or from Alerting, at <paramref name="timestamp"/>.</summary>
    public void Received(bool fromAlerting, long timestamp) =>
        Volatile.Write(ref fromAlerting ? ref _lastFromAlerting : ref _lastFromCollectors, timestamp);

    /// <summary>
    /// Computes the ages and the figures' staleness whenever <c>/metrics</c> is scraped, so the center's rules see a
    /// silent ingest hub (rules/center.yaml, <c>dashboard-ingest-silent</c>) and stale figures.
    /// </summary>
    public void RefreshBeforeScrape(TimeProvider time, Func<bool> figuresStale)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(figuresStale);
        var started = time.GetTimestamp();
        Registry.AddBeforeCollectCallback(() =>
        {
            var now = time.GetTimestamp();
            foreach (var (source, last) in new[] { (FromCollectors, Volatile.Read(ref _lastFromCollectors)), (FromAlerting, Volatile.Read(ref _lastFromAlerting)) })
            {
                IngestAge.WithLabels(source).Set(time.GetElapsedTime(last == long.MinValue ? started : last, now).TotalSeconds);
            }

            FiguresStale.Set(figuresStale() ? 1 : 0);
        });
    }

    /// <summary>Builds of the public status page, by result.</summary>
    public Counter StatusPageBuilds { get; }

    /// <summary>InfluxDB statements issued by the public status page.</summary>
    public Counter StatusPageInfluxQueries { get; }

    /// <summary>Cluster nodes by service and state.</summary>
    public Gauge ClusterNodes { get; }

    /// <summary>1 while the cluster is degraded.</summary>
    public Gauge ClusterDegraded { get; }

    /// <summary>The registry.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Connected status-hub clients.</summary>
    public Gauge Clients { get; }

    /// <summary>Open Blazor circuits.</summary>
    public Gauge Circuits { get; }

    /// <summary>Messages sent, per recipient.</summary>
    public Counter MessagesSent { get; }

    /// <summary>Payload bytes sent, per recipient.</summary>
    public Counter BytesSent { get; }

    /// <summary>Time of one fan-out round.</summary>
    public Histogram FanOut { get; }

    /// <summary>Ingest → delta sent.</summary>
    public Histogram ChangeToDelta { get; }

    /// <summary>Ingested items.</summary>
    public Counter Ingested { get; }

    /// <summary>Counts one message of <paramref name="bytes"/> sent to <paramref name="recipients"/> clients.</summary>
    public void Sent(string kind, int bytes, int recipients)
    {
        if (recipients <= 0)
        {
            return;
        }

        MessagesSent.WithLabels(kind).Inc(recipients);
        BytesSent.WithLabels(kind).Inc((double)bytes * recipients);
    }
}
