namespace Supervision.Alerting.Notify.Store;

/// <summary>Small tables of JSON bodies by id (maintenance windows, on-call overrides): read all, upsert, delete.</summary>
public sealed class KeyedJsonStore
{
    private readonly NotifyDatabase _db;

    /// <summary>Creates the store.</summary>
    public KeyedJsonStore(NotifyDatabase db) => _db = db;

    /// <summary>True when other nodes write the same tables (PostgreSQL): a cached copy may be stale.</summary>
    public bool IsShared => _db.IsShared;

    /// <summary>Every body of a table.</summary>
    public async Task<IReadOnlyList<T>> ListAsync<T>(string table, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT body FROM {Checked(table)} ORDER BY {_db.InsertionOrder}";
        var list = new List<T>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(JsonSerializer.Deserialize<T>(reader.GetString(0), NotifyJson.Options)!);
        }

        return list;
    }

    /// <summary>Inserts or replaces a body and audits the change in the same transaction.</summary>
    public async Task UpsertAsync<T>(string table, string id, T body, AuditRecord audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var json = JsonSerializer.Serialize(body, NotifyJson.Options);
        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        using (var command = connection.CreateCommand())
        {
            command.Transaction = tx;
            command.CommandText = $"INSERT INTO {Checked(table)}(id, body) VALUES (@id, @body) ON CONFLICT(id) DO UPDATE SET body = excluded.body";
            command.Param("@id", id);
            command.Param("@body", json);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await AuditStore.AppendAsync(connection, tx, audit.At, audit.Actor, audit.Action, audit.Subject, json, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>Deletes a body and audits it; false when the id is unknown (nothing audited).</summary>
    public async Task<bool> DeleteAsync(string table, string id, AuditRecord audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"DELETE FROM {Checked(table)} WHERE id = @id";
        command.Param("@id", id);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }

        await AuditStore.AppendAsync(connection, tx, audit.At, audit.Actor, audit.Action, audit.Subject, null, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    // Table names come from code, never from requests; the check keeps it that way.
    private static string Checked(string table) => table is "notify_maintenance" or "notify_oncall_override"
        ? table
        : throw new ArgumentException($"unknown table '{table}'", nameof(table));
}

/// <summary>Who/when/what of a change, written with it.</summary>
/// <param name="At">When.</param>
/// <param name="Actor">Who.</param>
/// <param name="Action">What.</param>
/// <param name="Subject">Which object.</param>
public sealed record AuditRecord(DateTimeOffset At, string Actor, string Action, string Subject);
