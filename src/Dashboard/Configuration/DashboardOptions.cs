using System.ComponentModel.DataAnnotations;

namespace Supervision.Dashboard.Configuration;

/// <summary>Dashboard settings (section <c>Dashboard</c>; command line <c>--inventory</c>, <c>--influx</c>).</summary>
public sealed class DashboardOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Dashboard";

    /// <summary>Inventory file (default: the national inventory).</summary>
    [Required]
    public string InventoryPath { get; set; } = "inventory/national.yaml";

    /// <summary>API keys accepted on the ingest hub (header <c>X-Api-Key</c> or query <c>api_key</c>). At least one.</summary>
    public List<string> IngestApiKeys { get; set; } = [];

    /// <summary>How long changes are gathered before a delta goes out (default 250 ms): a burst of thousands is a few messages.</summary>
    public TimeSpan CoalescePeriod { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Rollup thresholds and the staleness window.</summary>
    public RollupThresholds Rollup { get; set; } = new();

    /// <summary>InfluxDB for sparklines, histories, summaries and the rebuild after a restart; null Url disables them.</summary>
    public InfluxOptions? Influx { get; set; }

    /// <summary>
    /// Alerting's watchdog beat (its <c>Alerting:Watchdog:Period</c>, default 30 s): the wallboard shows a banner when
    /// nothing has come from Alerting for two of these.
    /// </summary>
    public TimeSpan AlertingBeat { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Boards as code.</summary>
    public Supervision.Dashboard.Boards.BoardsOptions Boards { get; set; } = new();

    /// <summary>Kiosk tokens.</summary>
    public Supervision.Dashboard.Kiosk.KioskOptions Kiosk { get; set; } = new();

    /// <summary>The national wallboard.</summary>
    public WallboardOptions Wallboard { get; set; } = new();

    /// <summary>The citizens' status page <c>/status</c>.</summary>
    public Supervision.Dashboard.PublicStatus.StatusPageOptions StatusPage { get; set; } = new();
}

/// <summary>The national wallboard (section <c>Dashboard:Wallboard</c>).</summary>
public sealed class WallboardOptions
{
    /// <summary>How the map panel draws the provinces (default <see cref="MapStyle.Outline"/>).</summary>
    public MapStyle MapStyle { get; set; } = MapStyle.Outline;
}

/// <summary>How the national map draws the 34 provinces.</summary>
public enum MapStyle
{
    /// <summary>Province outlines of 2025 coloured by status, with Hoàng Sa and Trường Sa (docs/dashboard.md).</summary>
    Outline,

    /// <summary>One rectangle per province placed near its administrative centre (the earlier wall).</summary>
    Tiles,
}
