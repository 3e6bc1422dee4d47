using System.ComponentModel.DataAnnotations;

namespace Supervision.Collector.Configuration;

/// <summary>Collector settings (section <c>Collector</c>; command line <c>--inventory</c>, <c>--shard</c>).</summary>
public sealed class CollectorOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Collector";

    /// <summary>Inventory file (default: the national inventory of the repository).</summary>
    [Required]
    public string InventoryPath { get; set; } = "inventory/national.yaml";

    /// <summary>This agent's shard, <c>i/N</c> (default <c>0/1</c>: the whole inventory).</summary>
    [Required]
    public string Shard { get; set; } = "0/1";

    /// <summary>Name of this agent in tags and on the Dashboard (default <c>collector-{i}of{N}</c>).</summary>
    public string? CollectorId { get; set; }

    /// <summary>Scrapes in flight at once (default 2,000: a hanging target holds a slot until its timeout).</summary>
    [Range(1, 100_000)]
    public int MaxConcurrency { get; set; } = 2000;

    /// <summary>Largest body read from a target (default 10 MiB); larger is cut off and counted as oversize.</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Connections per target host (default 256: the simulator serves every target from one host).</summary>
    [Range(1, 100_000)]
    public int MaxConnectionsPerServer { get; set; } = 256;

    /// <summary>Extra CA certificate (PEM) trusted for targets' TLS, in addition to the system store.</summary>
    public string? CustomCaPath { get; set; }

    /// <summary>
    /// On shutdown, how long scrapes in flight may finish and the last batches may reach InfluxDB
    /// (default 5 s) before what is left is cancelled or spilled to the disk buffer.
    /// </summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the inventory file is checked for changes (default 5 s).</summary>
    public TimeSpan InventoryPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether each scrape's health entries are stored as <c>health</c> points (default false: nothing reads them; the
    /// unhealthy entries are in the target's status detail on the Dashboard). A fifth of the lines of a national fleet.
    /// </summary>
    public bool StoreHealth { get; set; }

    /// <summary>InfluxDB connection (the shape every service uses; write requests time out after its <c>Timeout</c>).</summary>
    public InfluxOptions Influx { get; set; } = new();

    /// <summary>Batching of the writes (section <c>Collector:Write</c>; where they go is <c>Collector:Influx</c>).</summary>
    public InfluxWriteOptions Write { get; set; } = new();

    /// <summary>Disk buffer for when InfluxDB is down.</summary>
    public BufferOptions Buffer { get; set; } = new();

    /// <summary>The Dashboard's ingest hub (the shape Alerting uses too); empty URL = run without a Dashboard.</summary>
    public DashboardLinkOptions Dashboard { get; set; } = new();

    /// <summary>The push intake for systems that cannot be scraped (docs/push-intake.md).</summary>
    public PushOptions Push { get; set; } = new();

    /// <summary>Shard takeover: agents splitting the inventory over a shared Redis (README "Shard takeover"); off by default.</summary>
    public MembershipOptions Membership { get; set; } = new();

    /// <summary>
    /// What is stored at raw resolution, per system kind (<c>*</c> for all): <c>Keep</c>/<c>Drop</c> lists of metric-name
    /// patterns (docs/storage.md, "What is stored"; the shipped default is in appsettings.json). Empty: store everything.
    /// </summary>
    public Dictionary<string, Storage.StoreRuleOptions> Store { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>The on-disk spill buffer.</summary>
public sealed class BufferOptions
{
    /// <summary>Folder of the segment files (default <c>.data/collector-buffer/{shard}</c>).</summary>
    public string? Directory { get; set; }

    /// <summary>Age limit: spilled data older than this is dropped (default 24 h).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Disk cap (default 16 GiB), a safeguard below the age limit.</summary>
    [Range(1024 * 1024, long.MaxValue)]
    public long MaxBytes { get; set; } = 16L * 1024 * 1024 * 1024;
}

/// <summary>Limits and timing of the push intake (section <c>Collector:Push</c>, docs/push-intake.md).</summary>
public sealed class PushOptions
{
    /// <summary>Largest request body, after gzip is undone (default 16 MiB); beyond: 413, nothing kept.</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Most points in one request (default 50,000); beyond: 413, nothing kept.</summary>
    [Range(1, 10_000_000)]
    public int MaxPointsPerRequest { get; set; } = 50_000;

    /// <summary>Points a unit's credentials may write per second on average (default 5,000); beyond: 429, nothing kept.</summary>
    [Range(1, 100_000_000)]
    public double PointsPerSecond { get; set; } = 5_000;

    /// <summary>Points a unit may write at once after being idle (default 50,000; at least <see cref="MaxPointsPerRequest"/>).</summary>
    [Range(1, 100_000_000)]
    public int Burst { get; set; } = 50_000;

    /// <summary>Distinct series (measurement and tags) a unit may create (default 10,000); lines of new series beyond it are refused (400).</summary>
    [Range(1, 10_000_000)]
    public int MaxSeriesPerUnit { get; set; } = 10_000;

    /// <summary>A push target with nothing pushed for this many periods is Unknown (default 1.5: one push missed).</summary>
    [Range(1.0, 100.0)]
    public double UnknownAfterPeriods { get; set; } = 1.5;

    /// <summary>A push target with nothing pushed for this many periods is Down (default 3).</summary>
    [Range(1.0, 1000.0)]
    public double DownAfterPeriods { get; set; } = 3;
}

/// <summary>
/// Shard takeover (section <c>Collector:Membership</c>, README "Shard takeover"): with <see cref="Redis"/> set, the agents
/// heartbeat in Redis and split the inventory by rendezvous hashing over the live ones; <c>--shard i/N</c> then only names
/// the agent (its default id, its buffer folder, the <c>shard</c> tag the expected-agents alert counts). Empty: the static
/// <c>--shard i/N</c> split, as before.
/// </summary>
public sealed class MembershipOptions
{
    /// <summary>StackExchange.Redis configuration of the shared Redis (e.g. <c>127.0.0.1:6380</c>); empty = static shards.</summary>
    public string? Redis { get; set; }

    /// <summary>Prefix of the keys this center's agents share (default <c>supervision:collectors</c>; one per center on a shared Redis).</summary>
    public string KeyPrefix { get; set; } = "supervision:collectors";

    /// <summary>How often an agent heartbeats and reads the live agents (default 1 s).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>An agent with no heartbeat for this long is gone (default 4 s: three missed heartbeats are not a death).</summary>
    public TimeSpan ExpireAfter { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// A change of the live agents applies to slots due this long after it (default 3 s): longer than a heartbeat, so every
    /// agent has read the change before its first affected slot, and the loser stops where the gainer starts. An agent
    /// scrapes only slots due before its latest read of the register + this delay: a reader late by more than
    /// delay − heartbeat leaves slots out rather than risk scraping them twice.
    /// </summary>
    public TimeSpan HandoverDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>True when a Redis is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Redis);
}
