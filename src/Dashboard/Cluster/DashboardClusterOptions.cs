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

    /// <summary>True when a Redis is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Redis);

    /// <summary>The node name, or its default.</summary>
    public string EffectiveNodeName => string.IsNullOrWhiteSpace(NodeName) ? $"{Environment.MachineName}-{Environment.ProcessId}" : NodeName;
}
