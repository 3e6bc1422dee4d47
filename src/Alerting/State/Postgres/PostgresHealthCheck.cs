using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Supervision.Alerting.State.Postgres;

/// <summary>
/// <c>/healthz</c> reports Degraded (not Unhealthy) while the shared database is unreachable: the node keeps its
/// API up and retries every pass, tick and delivery; a proxy must not take it out of rotation for that.
/// </summary>
internal sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy("postgres reachable");
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Degraded("postgres unreachable: " + ex.GetBaseException().Message);
        }
    }
}
