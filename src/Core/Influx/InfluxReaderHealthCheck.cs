using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Supervision.Core.Influx;

/// <summary>
/// <c>/healthz</c>'s word on the reads (docs/ha.md): Healthy while the first server answers them; Degraded, naming the
/// server read from and the one down, while reads fail over to a replica or no server answers. Never Unhealthy: the
/// service itself is up (a load balancer must not take it out), and the dead-man's switch speaks for an InfluxDB outage.
/// </summary>
public sealed class InfluxReaderHealthCheck(InfluxReader reader) : IHealthCheck
{
    /// <summary>The check's name on <c>/healthz</c>.</summary>
    public const string Name = "influxdb-reads";

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var states = reader.States();
        var down = states.Where(s => !s.Healthy).ToList();
        var data = new Dictionary<string, object> { ["readingFrom"] = states[reader.ReadingFrom].Url, ["degraded"] = reader.Degraded };
        if (!reader.Degraded && down.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy($"reading from {states[0].Url}", data));
        }

        var why = string.Join("; ", down.Select(s => $"{s.Url} down since {s.DownSince:O}: {s.LastError}"));
        return Task.FromResult(down.Count == states.Count
            ? HealthCheckResult.Degraded($"no InfluxDB server answers: {why}", data: data)
            : HealthCheckResult.Degraded($"reading from {states[reader.ReadingFrom].Url}; {why}", data: data));
    }
}
