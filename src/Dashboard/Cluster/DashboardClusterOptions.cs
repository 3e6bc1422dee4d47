using System.ComponentModel.DataAnnotations;

namespace Supervision.Dashboard.Cluster;

/// <summary>
/// Several Dashboards behind one proxy (section <c>Dashboard:Cluster</c>). Empty <see cref="Redis"/>: one node,
/// everything in memory, as before.
/// </summary>
public sealed class DashboardClusterOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Dashboard:Cluster";

    /// <summary>
    /// StackExchange.Redis configuration of the shared Redis (e.g. <c>127.0.0.1:6380</c>): SignalR backplane,
    /// data-protection keys, sign-in lock-out counters, audit log and the ingest stream. Default empty (one node).
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>This node's name (unique in the cluster). Default: machine name and process id.</summary>
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$", ErrorMessage = "Dashboard:Cluster:NodeName may hold letters, digits, '_', '.', '-' (at most 64)")]
    public string? NodeName { get; set; }

    /// <summary>
    /// How often this node publishes its health on Redis and re-judges the others' (default 2 s). Alerting nodes
    /// report every <c>Alerting:Postgres:HealthInterval</c> (5 s) to the ingest hub.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "Dashboard:Cluster:ReportInterval must be between 100 ms and 10 min")]
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A node not heard for this long is shown as lost (default 15 s: three of Alerting's 5-s reports, seven of a
    /// Dashboard's 2-s ones, so a busy moment is not taken for a death).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Dashboard:Cluster:NodeLostAfter must be between 1 s and 1 h")]
    public TimeSpan NodeLostAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A lost node is forgotten (no longer shown) after this long (default 1 day): a node taken out for good drops off the banner.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Dashboard:Cluster:ForgetNodeAfter must be between 1 min and 30 days")]
    public TimeSpan ForgetNodeAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>True when a Redis is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Redis);

    /// <summary>The node name, or its default.</summary>
    public string EffectiveNodeName => string.IsNullOrWhiteSpace(NodeName) ? $"{Environment.MachineName}-{Environment.ProcessId}" : NodeName;
}
