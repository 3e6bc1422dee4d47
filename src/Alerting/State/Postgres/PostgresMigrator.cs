using System.Reflection;

namespace Supervision.Alerting.State.Postgres;

/// <summary>
/// Brings the shared database's schema up to date: the numbered scripts in <c>Migrations/</c> (embedded), each
/// applied once in its own transaction and recorded in <c>supervision_schema</c>. Nodes starting together take
/// turns on an advisory lock, so a script never runs twice. Quartz's own tables are provisioned by Quartz.
/// </summary>
internal static partial class PostgresMigrator
{
    // Any fixed number: the key of the advisory lock nodes take while migrating.
    private const long MigrationLockKey = 0x5355_5045_5256_0001;

    /// <summary>The scripts, in order: (version, name, SQL).</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts { get; } = LoadScripts();

    /// <summary>Applies the scripts the database lacks; returns how many ran.</summary>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecAsync(connection, null, "CREATE TABLE IF NOT EXISTS supervision_schema (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())", cancellationToken);
        await ExecAsync(connection, null, $"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
        try
        {
            var applied = new HashSet<int>();
            await using (var read = new NpgsqlCommand("SELECT version FROM supervision_schema", connection))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetInt32(0));
                }
            }

            var ran = 0;
            foreach (var (version, name, sql) in Scripts)
            {
                if (applied.Contains(version))
                {
                    continue;
                }

                await using var tx = await connection.BeginTransactionAsync(cancellationToken);
                await ExecAsync(connection, tx, sql, cancellationToken);
                await using (var record = new NpgsqlCommand("INSERT INTO supervision_schema (version, name) VALUES (@v, @n)", connection, tx))
                {
                    record.Parameters.AddWithValue("v", version);
                    record.Parameters.AddWithValue("n", name);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await tx.CommitAsync(cancellationToken);
                Log.Applied(logger, version, name);
                ran++;
            }

            return ran;
        }
        finally
        {
            await ExecAsync(connection, null, $"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
        }
    }

    private static async Task ExecAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static (int, string, string)[] LoadScripts()
    {
        var assembly = Assembly.GetExecutingAssembly();
        const string prefix = "Supervision.Alerting.State.Postgres.Migrations.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[prefix.Length..^4];
                var version = int.Parse(file[..file.IndexOf('_', StringComparison.Ordinal)], NumberStyles.None, CultureInfo.InvariantCulture);
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var text = new StreamReader(stream);
                return (version, file, text.ReadToEnd());
            })
            .OrderBy(s => s.version)
            .ToArray();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5401, Level = LogLevel.Information, Message = "PostgreSQL schema: applied migration {Version} ({Name})")]
        public static partial void Applied(ILogger logger, int version, string name);
    }
}
