using System.ComponentModel.DataAnnotations;

namespace Supervision.Alerting.Engine;

/// <summary>Settings of the alerting service (section <c>Alerting</c>; environment <c>Alerting__Key</c>).</summary>
public sealed class AlertingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Alerting";

    /// <summary>InfluxDB the rules read (section <c>Alerting:Influx</c>; its <c>Timeout</c> bounds one query, default 10 s).</summary>
    public InfluxOptions Influx { get; set; } = new();

    /// <summary>Folder of rule files, hot-reloaded. Default <c>rules</c>.</summary>
    [Required]
    public string RulesFolder { get; set; } = "rules";

    /// <summary>How often the rules folder is checked for changes. Default 2 s.</summary>
    public TimeSpan RulesReloadInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>SQLite file for alert state, acknowledgements and silences. Default <c>data/alerting.db</c>.</summary>
    [Required]
    public string StatePath { get; set; } = "data/alerting.db";

    /// <summary>Inventory file. Default <c>inventory/national.yaml</c>.</summary>
    [Required]
    public string InventoryPath { get; set; } = "inventory/national.yaml";

    /// <summary>Holiday calendar. Default <c>config/vn-holidays.csv</c>.</summary>
    [Required]
    public string HolidaysPath { get; set; } = "config/vn-holidays.csv";

    /// <summary>The Dashboard's ingest hub where alert changes go (the shape the collector uses too); empty URL disables the push.</summary>
    public DashboardLinkOptions Dashboard { get; set; } = new();

    /// <summary>Key required in <c>X-Api-Key</c> on action APIs (ack, silences). Empty leaves them open (development only).</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Whether reads of <c>/api/*</c> need <see cref="ApiKey"/> too. Default (unset): yes as soon as the service listens
    /// beyond loopback (a cluster's nodes do), no on 127.0.0.1 only.
    /// </summary>
    public bool? ApiKeyForReads { get; set; }

    /// <summary>How long resolved alerts stay visible. Default 15 min.</summary>
    public TimeSpan ResolvedRetention { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Systems whose province-level alert means "the whole province is cut off". Default <c>network</c>.</summary>
    public IList<string> HubSystems { get; } = ["network"];

    /// <summary>
    /// Quartz job store: <c>sqlite</c> (ADO.NET job store in the <see cref="StatePath"/> file, schema created when
    /// missing) or <c>memory</c> (RAM store; schedules are rebuilt from the rule files at start either way). Default <c>sqlite</c>.
    /// </summary>
    [RegularExpression("^(?i)(sqlite|memory)$", ErrorMessage = "Alerting:SchedulerStore must be 'sqlite' or 'memory'")]
    public string SchedulerStore { get; set; } = "sqlite";

    /// <summary>
    /// <c>Sqlite</c> (one node: <see cref="StatePath"/>, the default) or <c>Postgres</c> (a cluster: every node shares
    /// <see cref="Postgres"/>, Quartz runs clustered there, and the scheduler store setting is ignored).
    /// </summary>
    public StorageKind Storage { get; set; } = StorageKind.Sqlite;

    /// <summary>The shared database, when <see cref="Storage"/> is <c>Postgres</c>.</summary>
    public PostgresStorageOptions Postgres { get; set; } = new();

    /// <summary>
    /// This node's name in a cluster: Quartz's instance id and the live window's subscription name. Default: the
    /// machine name and process id (unique, but new at every start; set it to keep the same name across restarts).
    /// </summary>
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$", ErrorMessage = "Alerting:NodeName may hold letters, digits, '_', '.', '-' (at most 64)")]
    public string? NodeName { get; set; }

    /// <summary>The node name, or its default.</summary>
    public string EffectiveNodeName => string.IsNullOrWhiteSpace(NodeName) ? $"{Environment.MachineName}-{Environment.ProcessId}" : NodeName;

    /// <summary>Set to false to evaluate only when asked (tests drive <c>AlertEngine</c> directly). Default true.</summary>
    public bool EnableScheduler { get; set; } = true;
}
