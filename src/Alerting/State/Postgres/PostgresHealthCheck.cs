using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Supervision.Alerting.State.Postgres;

/// <summary>
/// <c>/healthz</c> reports Degraded (not Unhealthy) while the shared database is unreachable: the node keeps its
/// API up and retries every pass, tick and delivery; a proxy must not take it out of rotation for that.
/// </summary>
internal sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    /// <summary>Asks the database a trivial question within 2 s; null when it answered, else why not.</summary>
    public static async Task<string?> ProbeAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return ex is OperationCanceledException ? "no answer within 2 s" : ex.GetBaseException().Message;
        }
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await ProbeAsync(dataSource, cancellationToken) is { } error
            ? HealthCheckResult.Degraded("postgres unreachable: " + error)
            : HealthCheckResult.Healthy("postgres reachable");
}
