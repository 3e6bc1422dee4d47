namespace Supervision.Alerting.State.Postgres;

/// <summary>
/// The cluster's pass lock: a PostgreSQL session advisory lock held on a connection of its own for the length
/// of a pass. A node that dies loses its connection and with it the lock, so the others never wait on a corpse.
/// </summary>
internal sealed class PostgresPassLock(NpgsqlDataSource dataSource) : IStatePassLock
{
    // Any fixed number, distinct from the migration lock's.
    private const long PassLockKey = 0x5355_5045_5256_0002;

    public async ValueTask<IAsyncDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var take = new NpgsqlCommand($"SELECT pg_advisory_lock({PassLockKey})", connection) { CommandTimeout = 0 };
            await take.ExecuteNonQueryAsync(cancellationToken);
            return new Held(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask<IAsyncDisposable?> TryAcquireAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var take = new NpgsqlCommand($"SELECT pg_try_advisory_lock({PassLockKey})", connection);
            if (await take.ExecuteScalarAsync(cancellationToken) is true)
            {
                return new Held(connection);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    private sealed class Held(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({PassLockKey})", connection);
                await release.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // The connection broke (database restarted): the server dropped the lock with the session.
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
