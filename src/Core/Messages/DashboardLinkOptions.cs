namespace Supervision.Core.Messages;

/// <summary>
/// How a service reaches the Dashboard's ingest hub: the one shape the collector (<c>Collector:Dashboard</c>) and
/// Alerting (<c>Alerting:Dashboard</c>) bind, validated by <see cref="Validate"/>.
/// </summary>
public sealed class DashboardLinkOptions
{
    /// <summary>
    /// The Dashboard's base URL, e.g. <c>http://127.0.0.1:5000</c> (in the HA set-up the proxy's); the hub is at
    /// <see cref="HubNames.IngestHubPath"/> below it. Empty: run without a Dashboard.
    /// </summary>
    public string? Url { get; set; }

    /// <summary>Ingest API key, sent in <see cref="HubNames.ApiKeyHeader"/>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How often a collector pushes its status changes (default 250 ms, within the one-second promise); Alerting pushes each change at once.</summary>
    public TimeSpan PushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Whether a Dashboard is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    /// <summary>The ingest hub's URL, or null when no Dashboard is configured.</summary>
    public Uri? HubUrl => Enabled ? new Uri(Url!.TrimEnd('/') + HubNames.IngestHubPath) : null;

    /// <summary>Every problem of these settings, each naming its key under <paramref name="section"/> (e.g. <c>Alerting:Dashboard</c>).</summary>
    public IEnumerable<string> Validate(string section)
    {
        if (Enabled)
        {
            if (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                yield return $"{section}:Url: '{Url}' is not an absolute http(s) URL";
            }
            else if (url.AbsolutePath.TrimEnd('/').EndsWith(HubNames.IngestHubPath, StringComparison.OrdinalIgnoreCase))
            {
                yield return $"{section}:Url: '{Url}' names the hub; give the Dashboard's base URL (without {HubNames.IngestHubPath})";
            }

            if (string.IsNullOrEmpty(ApiKey))
            {
                yield return $"{section}:ApiKey: the ingest hub refuses callers without a key; set the key the Dashboard lists in Dashboard:IngestApiKeys";
            }
        }

        if (PushInterval <= TimeSpan.Zero || PushInterval > TimeSpan.FromSeconds(1))
        {
            yield return $"{section}:PushInterval: must be above 0 and at most 1 s (is {PushInterval})";
        }
    }
}
