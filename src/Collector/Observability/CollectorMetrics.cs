using Prometheus;

namespace Supervision.Collector.Observability;

/// <summary>The collector's own metrics, served on its <c>/metrics</c> (one registry per host, so tests can run several).</summary>
public sealed class CollectorMetrics
{
    /// <summary>Creates the metrics in <paramref name="registry"/>.</summary>
    public CollectorMetrics(CollectorRegistry registry)
    {
        Registry = registry;
        var factory = Metrics.WithCustomRegistry(registry);
        Scrapes = factory.CreateCounter("supervision_collector_scrapes_total", "Scrapes by outcome (the target status reason).", "outcome");
        ScrapeDuration = factory.CreateHistogram("supervision_collector_scrape_duration_seconds", "Wall time of a scrape (health and metrics).",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 15) });
        ScheduleLag = factory.CreateHistogram("supervision_collector_schedule_lag_seconds", "Actual start minus planned start of scrapes.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16) });
        Skipped = factory.CreateCounter("supervision_collector_scrapes_skipped_total", "Scrape slots skipped because the previous scrape of the target was still running.");
        Samples = factory.CreateCounter("supervision_collector_samples_total", "Samples parsed.");
        SamplesNotStored = factory.CreateCounter("supervision_collector_samples_not_stored_total", "Samples parsed but left out of raw storage by Collector:Store.");
        // Per InfluxDB server (label influx, WriteDestination.ServerName): with replicas each server has its own queue,
        // disk buffer and senders, and a rule or a person must see which one is behind.
        PointsWritten = factory.CreateCounter("supervision_collector_points_written_total", "Points InfluxDB accepted, by server.", Server);
        PointsQueued = factory.CreateGauge("supervision_collector_points_queued", "Points in memory waiting for a server's senders, by server.", Server);
        Spilled = factory.CreateCounter("supervision_collector_points_spilled_total", "Points spilled to a server's disk buffer, by server.", Server);
        Replayed = factory.CreateCounter("supervision_collector_points_replayed_total", "Points replayed from a server's disk buffer, by server.", Server);
        WriteFailures = factory.CreateCounter("supervision_collector_write_failures_total",
            "Write requests that failed (refused connection, timeout, 5xx, rejected body), by server; each retry counts.", Server);
        Dropped = factory.CreateCounter("supervision_collector_points_dropped_total", "Points lost, by cause (rejected by InfluxDB) and server.", "cause", Server);
        BufferDropped = factory.CreateCounter("supervision_collector_buffer_dropped_points_total", "Points dropped by a disk buffer's limits, by server.", Server);
        BufferBytes = factory.CreateGauge("supervision_collector_buffer_bytes", "Bytes in a server's disk buffer, by server.", Server);
        WriteLatency = factory.CreateHistogram("supervision_collector_write_duration_seconds", "Latency of InfluxDB writes, by server.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 14), LabelNames = [Server] });
        Targets = factory.CreateGauge("supervision_collector_targets", "Targets of this shard, by status.", "status");
        LiveAgents = factory.CreateGauge("supervision_collector_membership_live_agents",
            "Shard takeover: agents whose heartbeat in Redis is within Collector:Membership:ExpireAfter, as this agent last read them.");
        TargetsOwned = factory.CreateGauge("supervision_collector_membership_targets_owned", "Scraped targets in this agent's schedule (static shard or shard takeover).");
        TargetsGained = factory.CreateCounter("supervision_collector_membership_targets_gained_total",
            "Shard takeover: targets this agent started scraping, by reason (takeover: their agent stopped heartbeating; handover: an agent joined or left cleanly).", "reason");
        TargetsGained.WithLabels("takeover");
        TargetsGained.WithLabels("handover");
        TargetsLost = factory.CreateCounter("supervision_collector_membership_targets_lost_total", "Shard takeover: targets this agent handed to another agent.");
        HeartbeatFailures = factory.CreateCounter("supervision_collector_membership_heartbeat_failures_total",
            "Shard takeover: heartbeats that did not reach Redis (the agent keeps its last assignment meanwhile).");
        Fenced = factory.CreateCounter("supervision_collector_membership_slots_fenced_total",
            "Shard takeover: slots not scraped because this agent made no heartbeat attempt for longer than the expiry (a stalled process; the others may own them).");
        StatusPushes = factory.CreateCounter("supervision_collector_status_pushes_total", "Status messages sent to the Dashboard, by kind.", "kind");

        // Per target and rule: series exist only for targets that break a rule, and rules are a closed set.
        ExpositionProblems = factory.CreateCounter("supervision_collector_exposition_problems_total",
            "Violations of the exposition format found while scraping, by target (unit, system) and rule.", "unit", "system", "rule");
        PushRequests = factory.CreateCounter("supervision_collector_push_requests_total",
            "Push intake requests, by endpoint (influx-v1, influx-v2, remote-write, heartbeat) and HTTP status.", "endpoint", "code");
        PushPoints = factory.CreateCounter("supervision_collector_push_points_total", "Points the push intake accepted and handed to the write pipeline.");
        PushRefused = factory.CreateCounter("supervision_collector_push_refused_points_total",
            "Pushed lines or samples refused, by cause (invalid, series-limit); whole requests refused by a limit are counted in push_requests_total.", "cause");
        PushSkipped = factory.CreateCounter("supervision_collector_push_skipped_samples_total",
            "Pushed samples left out on purpose: NaN and infinite values (stale markers), Collector:Store, exemplars and native histograms.");
        Unstorable = factory.CreateCounter("supervision_collector_unstorable_samples_total",
            "Samples skipped because InfluxDB would reject their point, by target (unit, system) and the part at fault.", "unit", "system", "part");
    }

    /// <summary>The label naming the InfluxDB server of the write metrics.</summary>
    public const string Server = "influx";

    /// <summary>The registry behind these metrics.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Live agents (shard takeover).</summary>
    public Gauge LiveAgents { get; }

    /// <summary>Targets in the schedule.</summary>
    public Gauge TargetsOwned { get; }

    /// <summary>Targets gained, by reason.</summary>
    public Counter TargetsGained { get; }

    /// <summary>Targets handed to another agent.</summary>
    public Counter TargetsLost { get; }

    /// <summary>Heartbeats that failed.</summary>
    public Counter HeartbeatFailures { get; }

    /// <summary>Slots fenced off after a stall.</summary>
    public Counter Fenced { get; }

    /// <summary>Scrapes by outcome.</summary>
    public Counter Scrapes { get; }

    /// <summary>Scrape duration.</summary>
    public Histogram ScrapeDuration { get; }

    /// <summary>Schedule lag.</summary>
    public Histogram ScheduleLag { get; }

    /// <summary>Skipped slots.</summary>
    public Counter Skipped { get; }

    /// <summary>Samples parsed.</summary>
    public Counter Samples { get; }

    /// <summary>Samples left out of raw storage by the store policy (still in roll-ups and live figures).</summary>
    public Counter SamplesNotStored { get; }

    /// <summary>Points written.</summary>
    public Counter PointsWritten { get; }

    /// <summary>Points queued in memory, by server.</summary>
    public Gauge PointsQueued { get; }

    /// <summary>Failed write requests, by server.</summary>
    public Counter WriteFailures { get; }

    /// <summary>Points spilled.</summary>
    public Counter Spilled { get; }

    /// <summary>Points replayed.</summary>
    public Counter Replayed { get; }

    /// <summary>Points dropped by cause.</summary>
    public Counter Dropped { get; }

    /// <summary>Points dropped by the buffer's limits.</summary>
    public Counter BufferDropped { get; }

    /// <summary>Buffer bytes.</summary>
    public Gauge BufferBytes { get; }

    /// <summary>Write latency.</summary>
    public Histogram WriteLatency { get; }

    /// <summary>Targets by status.</summary>
    public Gauge Targets { get; }

    /// <summary>Status pushes by kind.</summary>
    public Counter StatusPushes { get; }

    /// <summary>Exposition format violations by target and rule.</summary>
    public Counter ExpositionProblems { get; }

    /// <summary>Push intake requests by endpoint and status.</summary>
    public Counter PushRequests { get; }

    /// <summary>Pushed points accepted.</summary>
    public Counter PushPoints { get; }

    /// <summary>Pushed lines refused by cause.</summary>
    public Counter PushRefused { get; }

    /// <summary>Pushed samples skipped on purpose.</summary>
    public Counter PushSkipped { get; }

    /// <summary>Samples InfluxDB would reject, by target and part.</summary>
    public Counter Unstorable { get; }
}
