namespace Supervision.Collector.Scraping;

/// <summary>
/// What a target's requests need, worked out once per target instead of on every scrape: its two URLs
/// (a <see cref="Uri"/> is parsed from a string each time <see cref="Target.HealthUrl"/> is read), the
/// scrape-timeout header and the <c>Authorization</c> header.
/// </summary>
public sealed class PreparedTarget
{
    /// <summary>Prepares <paramref name="target"/>.</summary>
    public PreparedTarget(Target target)
    {
        ArgumentNullException.ThrowIfNull(target);
        Target = target;
        HealthUrl = target.HealthUrl;
        MetricsUrl = target.MetricsUrl;
        TimeoutSeconds = target.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        Authorization = target.Auth switch
        {
            null => null,
            { BearerToken: { } token } => "Bearer " + token,
            var basic => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{basic.Username}:{basic.Password}")),
        };
    }

    /// <summary>The target.</summary>
    public Target Target { get; }

    /// <summary>Its <c>/health</c> URL.</summary>
    public Uri HealthUrl { get; }

    /// <summary>Its <c>/metrics</c> URL.</summary>
    public Uri MetricsUrl { get; }

    /// <summary>The timeout in seconds, as Prometheus sends it in <c>X-Prometheus-Scrape-Timeout-Seconds</c>.</summary>
    public string TimeoutSeconds { get; }

    /// <summary>The <c>Authorization</c> header value, or null without credentials.</summary>
    public string? Authorization { get; }
}
