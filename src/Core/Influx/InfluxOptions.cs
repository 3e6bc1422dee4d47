using System.ComponentModel.DataAnnotations;

namespace Supervision.Core.Influx;

/// <summary>How to reach an InfluxDB v1 HTTP API (1.x, or 2.x/3.x v1 compatibility).</summary>
public sealed class InfluxOptions
{
    /// <summary>Base URL, e.g. <c>http://127.0.0.1:8086</c>.</summary>
    [Required]
    public string Url { get; set; } = "http://127.0.0.1:8086";

    /// <summary>Database.</summary>
    [Required]
    public string Database { get; set; } = "supervision";

    /// <summary>Retention policy for writes, or null for the database default.</summary>
    public string? RetentionPolicy { get; set; }

    /// <summary>User for basic authentication (1.x), or null.</summary>
    public string? Username { get; set; }

    /// <summary>Password for basic authentication, or null.</summary>
    public string? Password { get; set; }

    /// <summary>Token sent as <c>Authorization: Token …</c> (2.x/3.x), or null.</summary>
    public string? Token { get; set; }

    /// <summary>Gzip write bodies (default true).</summary>
    public bool Gzip { get; set; } = true;

    /// <summary>Request timeout (default 10 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
