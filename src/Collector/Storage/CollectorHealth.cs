namespace Supervision.Collector.Storage;

/// <summary>One entry of the collector's <c>/healthz</c>, in the shape ASP.NET Core's health-check UI writer uses.</summary>
/// <param name="Status"><c>Healthy</c> or <c>Degraded</c>.</param>
/// <param name="Description">In words.</param>
public sealed record CollectorHealthEntry(string Status, string Description);

/// <summary>The collector's <c>/healthz</c> body: the overall status and one entry per InfluxDB server (<c>influx {server}</c>).</summary>
/// <param name="Status"><c>Healthy</c>, or <c>Degraded</c> when any server's writes go to disk or fail.</param>
/// <param name="Entries">Per server.</param>
public sealed record CollectorHealthReport(string Status, IReadOnlyDictionary<string, CollectorHealthEntry> Entries);

/// <summary>
/// Builds <c>/healthz</c>: always 200 (the process works and buffers; a supervisor must not restart it because an
/// InfluxDB is away), Degraded naming each server whose writes go to its disk buffer, so the center's own scrape of
/// the collector (and a person with curl) sees which destination is behind.
/// </summary>
public static class CollectorHealth
{
    /// <summary>Entry name prefix: <c>influx 127.0.0.1:8086</c>.</summary>
    public const string EntryPrefix = "influx ";

    /// <summary>The report for <paramref name="servers"/>.</summary>
    public static CollectorHealthReport Build(IReadOnlyList<DestinationHealth> servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var entries = servers.ToDictionary(
            s => EntryPrefix + s.Server,
            s => new CollectorHealthEntry(s.Degraded ? "Degraded" : "Healthy", s.Description),
            StringComparer.Ordinal);
        return new CollectorHealthReport(servers.Any(s => s.Degraded) ? "Degraded" : "Healthy", entries);
    }

    /// <summary>The report as the endpoint's JSON result.</summary>
    public static IResult Report(IReadOnlyList<DestinationHealth> servers) => Results.Json(Build(servers));
}
