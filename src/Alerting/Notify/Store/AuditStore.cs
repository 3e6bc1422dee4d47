namespace Supervision.Alerting.Notify.Store;

/// <summary>Who changed what, when: every change made through the notification API, and escalation stops.</summary>
public sealed class AuditStore
{
    private readonly NotifyDatabase _db;

    /// <summary>Creates the store.</summary>
    public AuditStore(NotifyDatabase db) => _db = db;

    /// <summary>Appends an entry.</summary>
    public async Task AppendAsync(DateTimeOffset at, string actor, string action, string subject, string? detail, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        await AppendAsync(connection, null, at, actor, action, subject, detail, cancellationToken);
    }

    /// <summary>Appends an entry inside a caller's transaction.</summary>
    public static async Task AppendAsync(DbConnection connection, DbTransaction? transaction, DateTimeOffset at, string actor, string action, string subject, string? detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO notify_audit(at, actor, action, subject, detail) VALUES (@at, @actor, @action, @subject, @detail)";
        command.Param("@at", NotifyJson.ToMs(at));
        command.Param("@actor", actor);
        command.Param("@action", action);
        command.Param("@subject", subject);
        command.Param("@detail", detail);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Newest entries first, optionally of one action prefix.</summary>
    public async Task<IReadOnlyList<AlertingAuditEntry>> ListAsync(int limit, string? actionPrefix, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, at, actor, action, subject, detail FROM notify_audit WHERE CAST(@prefix AS TEXT) IS NULL OR action LIKE CAST(@prefix AS TEXT) || '%' ORDER BY id DESC LIMIT @limit";
        command.Param("@prefix", actionPrefix);
        command.Param("@limit", limit);
        var list = new List<AlertingAuditEntry>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new AlertingAuditEntry(reader.GetInt64(0), NotifyJson.FromMs(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return list;
    }
}
