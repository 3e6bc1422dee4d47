namespace Supervision.Core.Domain;

/// <summary>One system of one unit at an HTTP endpoint; id <c>{unit}/{system}</c>.</summary>
/// <param name="UnitId">The unit's official code.</param>
/// <param name="System">The system kind key.</param>
/// <param name="ProvinceCode">The province the unit belongs to (its own code for a province), null for central.</param>
/// <param name="Level">The unit's level, copied for fast selection.</param>
/// <param name="BaseUrl">Endpoint root; the target serves <c>{BaseUrl}/health</c> and <c>{BaseUrl}/metrics</c>.</param>
/// <param name="Interval">Scrape interval.</param>
/// <param name="Timeout">Per-scrape timeout; never longer than <paramref name="Interval"/>.</param>
/// <param name="Auth">Optional credentials for the endpoint.</param>
/// <param name="HealthPath">Path of the health endpoint under <paramref name="BaseUrl"/> (default <c>/health</c>).</param>
/// <param name="MetricsPath">
/// Path of the metrics endpoint under <paramref name="BaseUrl"/> (default <c>/metrics</c>), as Prometheus's
/// <c>metrics_path</c>: the center's InfluxDB serves its statistics at <c>/debug/vars</c>.
/// </param>
/// <param name="Mode">Scraped by a collector (the default) or pushed to its intake; a push target's
/// <paramref name="Interval"/> is its expected push period (docs/push-intake.md).</param>
public sealed record Target(
    string UnitId,
    string System,
    string? ProvinceCode,
    UnitLevel Level,
    Uri BaseUrl,
    TimeSpan Interval,
    TimeSpan Timeout,
    TargetAuth? Auth = null,
    string HealthPath = Target.DefaultHealthPath,
    string MetricsPath = Target.DefaultMetricsPath,
    TargetMode Mode = TargetMode.Scrape)
{
    /// <summary>The health path every target serves unless its inventory entry says otherwise.</summary>
    public const string DefaultHealthPath = "/health";

    /// <summary>The metrics path every target serves unless its inventory entry says otherwise.</summary>
    public const string DefaultMetricsPath = "/metrics";

    /// <summary>The target id, <c>{unit}/{system}</c>.</summary>
    public string Id { get; } = MakeId(UnitId, System);

    /// <summary>The health endpoint.</summary>
    public Uri HealthUrl => new(BaseUrl.AbsoluteUri.TrimEnd('/') + HealthPath);

    /// <summary>The metrics endpoint.</summary>
    public Uri MetricsUrl => new(BaseUrl.AbsoluteUri.TrimEnd('/') + MetricsPath);

    /// <summary>Builds a target id from its parts.</summary>
    public static string MakeId(string unitId, string system) => unitId + "/" + system;

    /// <summary>Splits a target id into unit and system; false when it is not of the form <c>{unit}/{system}</c>.</summary>
    public static bool TrySplitId(string id, out string unitId, out string system)
    {
        var slash = id.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == id.Length - 1 || id.IndexOf('/', slash + 1) >= 0)
        {
            unitId = system = string.Empty;
            return false;
        }

        unitId = id[..slash];
        system = id[(slash + 1)..];
        return true;
    }
}

/// <summary>Credentials for a target: a bearer token, or basic user and password.</summary>
public sealed record TargetAuth(string? BearerToken = null, string? Username = null, string? Password = null)
{
    /// <inheritdoc />
    public override string ToString() => BearerToken is not null ? "bearer ***" : $"basic {Username}:***";
}

/// <summary>How a target's data reaches the center.</summary>
public enum TargetMode
{
    /// <summary>A collector pulls <c>/health</c> and <c>/metrics</c> every interval.</summary>
    Scrape = 0,

    /// <summary>The system pushes (line protocol, remote_write or heartbeats) at least once per interval.</summary>
    Push = 1,
}

/// <summary>
/// How a unit's systems authenticate to the push intake: a token (<c>Authorization: Token …</c> or <c>Bearer …</c>, or
/// as the password of basic auth with the unit id as user name), and/or a user name and password (basic auth, or the
/// InfluxDB 1.x <c>u</c>/<c>p</c> parameters).
/// </summary>
public sealed record PushCredentials(string? Token = null, string? Username = null, string? Password = null)
{
    /// <inheritdoc />
    public override string ToString() => (Token is null ? string.Empty : "token *** ") + (Username is null ? string.Empty : $"basic {Username}:***");
}
