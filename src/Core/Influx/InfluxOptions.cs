namespace Supervision.Core.Influx;

/// <summary>
/// How to reach an InfluxDB v1 HTTP API (1.x, or 2.x/3.x v1 compatibility): the one shape every service binds
/// (<c>Collector:Influx</c>, <c>Alerting:Influx</c>, <c>Dashboard:Influx</c>), validated by <see cref="Validate"/>.
/// </summary>
public sealed class InfluxOptions
{
    /// <summary>Base URL, e.g. <c>http://127.0.0.1:8086</c>.</summary>
    [Required]
    public string Url { get; set; } = "http://127.0.0.1:8086";

    /// <summary>
    /// Further InfluxDB servers that hold the same data (the relay pattern for InfluxDB OSS), each a base URL like
    /// <see cref="Url"/> with the same database and credentials. The collector writes every batch to <see cref="Url"/>
    /// and to each of these (one disk buffer per server); readers use the first healthy server in the order
    /// <see cref="Servers"/> gives. Empty (the default): one server.
    /// </summary>
    public List<string> Replicas { get; set; } = [];

    /// <summary>Every server, <see cref="Url"/> first, then <see cref="Replicas"/> in their order.</summary>
    public IReadOnlyList<string> Servers => [Url, .. Replicas];

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

    /// <summary>
    /// Gzip write bodies: true or false, or unset (the default) for gzip unless <see cref="Url"/> is a loopback address.
    /// Over a network gzip saves bandwidth; to an InfluxDB on the same machine it only costs CPU on both sides (a national
    /// fleet's collector compresses ~6 MB/s that influxd then decompresses).
    /// </summary>
    public bool? Gzip { get; set; }

    /// <summary>Request timeout (default 10 s): a write's, or a query's for the readers.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether bodies are gzipped: <see cref="Gzip"/> when set, else true unless InfluxDB is on a loopback address.</summary>
    public bool GzipInEffect => Gzip ?? !(Uri.TryCreate(Url, UriKind.Absolute, out var url) && url.IsLoopback);

    /// <summary>Every problem of these settings, each naming its key under <paramref name="section"/> (e.g. <c>Alerting:Influx</c>).</summary>
    public IEnumerable<string> Validate(string section)
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            yield return $"{section}:Url: '{Url}' is not an absolute http(s) URL";
        }

        for (var i = 0; i < Replicas.Count; i++)
        {
            if (!Uri.TryCreate(Replicas[i], UriKind.Absolute, out var replica) || replica.Scheme is not ("http" or "https"))
            {
                yield return $"{section}:Replicas:{i}: '{Replicas[i]}' is not an absolute http(s) URL";
            }
            else if (Servers.Take(i + 1).Any(other => Uri.TryCreate(other, UriKind.Absolute, out var o) && Uri.Compare(o, replica, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0))
            {
                yield return $"{section}:Replicas:{i}: '{Replicas[i]}' names a server already listed";
            }
        }

        if (string.IsNullOrWhiteSpace(Database))
        {
            yield return $"{section}:Database: must not be empty";
        }

        if (Timeout <= TimeSpan.Zero)
        {
            yield return $"{section}:Timeout: must be positive (is {Timeout})";
        }

        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password))
        {
            yield return $"{section}:Username and {section}:Password: set both or neither";
        }

        if (!string.IsNullOrEmpty(Token) && !string.IsNullOrEmpty(Username))
        {
            yield return $"{section}:Token and {section}:Username: choose one way to authenticate";
        }
    }
}
