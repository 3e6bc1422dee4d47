namespace Supervision.Alerting.Notify.Store;

/// <summary>Aggregation group states (<c>notify_group</c>).</summary>
public sealed class GroupStateStore
{
    private readonly NotifyDatabase _db;

    /// <summary>Creates the store.</summary>
    public GroupStateStore(NotifyDatabase db) => _db = db;

    /// <summary>True when other nodes write the same groups (PostgreSQL): the pipeline re-reads them at every run.</summary>
    public bool IsShared => _db.IsShared;

    /// <summary>Every stored group.</summary>
    public async Task<Dictionary<string, GroupState>> LoadAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT state FROM notify_group";
        var result = new Dictionary<string, GroupState>(StringComparer.Ordinal);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var s = JsonSerializer.Deserialize<GroupState>(reader.GetString(0), NotifyJson.Options)!;
            s.Persisted = true;
            result[s.GroupKey] = s;
        }

        return result;
    }

    /// <summary>Saves a group's state and its new outbox rows in one transaction (deleting the state when <paramref name="delete"/>).</summary>
    public async Task CommitAsync(GroupState state, bool delete, IReadOnlyList<Notification> outbox, AuditRecord? audit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(outbox);
        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        using (var command = connection.CreateCommand())
        {
            command.Transaction = tx;
            if (delete)
            {
                command.CommandText = "DELETE FROM notify_group WHERE group_key = @key";
            }
            else
            {
                command.CommandText = "INSERT INTO notify_group(group_key, state) VALUES (@key, @state) ON CONFLICT(group_key) DO UPDATE SET state = excluded.state";
                command.Param("@state", JsonSerializer.Serialize(state, NotifyJson.Options));
            }

            command.Param("@key", state.GroupKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var n in outbox)
        {
            await OutboxStore.EnqueueAsync(connection, tx, n, now, cancellationToken);
        }

        if (audit is not null)
        {
            await AuditStore.AppendAsync(connection, tx, audit.At, audit.Actor, audit.Action, audit.Subject, null, cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        state.Persisted = !delete;
    }
}
