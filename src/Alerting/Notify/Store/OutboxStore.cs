namespace Supervision.Alerting.Notify.Store;

/// <summary>Outbox row states.</summary>
public static class OutboxStatus
{
    /// <summary>Waiting for its next attempt.</summary>
    public const string Pending = "pending";

    /// <summary>Claimed by a sender until its lease ends.</summary>
    public const string InFlight = "in_flight";

    /// <summary>Accepted by the receiver.</summary>
    public const string Delivered = "delivered";

    /// <summary>Rejected for good (4xx, bad address).</summary>
    public const string Failed = "failed";

    /// <summary>Undelivered after the maximum age.</summary>
    public const string Abandoned = "abandoned";
}

/// <summary>A claimed outbox row.</summary>
/// <param name="Id">Row id.</param>
/// <param name="Attempt">Number of this attempt (1-based).</param>
/// <param name="CreatedAt">When it was enqueued.</param>
/// <param name="Notification">The message.</param>
public sealed record OutboxEntry(long Id, int Attempt, DateTimeOffset CreatedAt, Notification Notification);

/// <summary>
/// The persistent outbox and notification log. A message is inserted in the same transaction as the group
/// state that produced it (so a restart neither loses nor repeats it); senders — on any node of a cluster — claim
/// rows with a lease (<c>pending → in_flight</c>) and complete them (<c>delivered | failed | pending with backoff</c>), recording every attempt.
/// </summary>
public sealed class OutboxStore
{
    private readonly NotifyDatabase _db;

    /// <summary>Creates the store.</summary>
    public OutboxStore(NotifyDatabase db) => _db = db;

    /// <summary>Inserts a message unless its idempotency key is already there; true when inserted.</summary>
    public static async Task<bool> EnqueueAsync(DbConnection connection, DbTransaction transaction, Notification n, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(n);
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO notify_outbox(idempotency_key, receiver, recipient, group_key, status, payload, created_at, next_attempt_at)
            VALUES (@key, @receiver, @recipient, @group, 'pending', @payload, @now, @now)
            ON CONFLICT(idempotency_key) DO NOTHING
            RETURNING id
            """;
        insert.Param("@key", n.IdempotencyKey);
        insert.Param("@receiver", n.Receiver);
        insert.Param("@recipient", n.Recipient);
        insert.Param("@group", n.GroupKey);
        insert.Param("@payload", JsonSerializer.Serialize(n, NotifyJson.Options));
        insert.Param("@now", NotifyJson.ToMs(now));
        // No row back: the key was already there (a repeat of a message the log holds).
        if (await insert.ExecuteScalarAsync(cancellationToken) is not { } inserted)
        {
            return false;
        }

        var id = Convert.ToInt64(inserted, System.Globalization.CultureInfo.InvariantCulture);

        using var link = connection.CreateCommand();
        link.Transaction = transaction;
        link.CommandText = "INSERT INTO notify_outbox_alert(alert_id, outbox_id) VALUES (@alert, @id) ON CONFLICT DO NOTHING";
        var alertParam = link.Param("@alert", (string?)null);
        link.Param("@id", id);
        foreach (var a in n.Alerts)
        {
            alertParam.Value = a.Id;
            await link.ExecuteNonQueryAsync(cancellationToken);
        }

        return true;
    }

    /// <summary>
    /// Claims up to <paramref name="max"/> due rows (pending and due, or in flight past their lease) in one statement.
    /// On PostgreSQL the rows are locked with SKIP LOCKED, so nodes delivering at once each take different rows.
    /// </summary>
    public async Task<IReadOnlyList<OutboxEntry>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        using var claim = connection.CreateCommand();
        claim.CommandText = $"""
            UPDATE notify_outbox SET status = 'in_flight', attempts = attempts + 1, lease_until = @lease
            WHERE id IN (
                SELECT id FROM notify_outbox
                WHERE (status = 'pending' AND next_attempt_at <= @now) OR (status = 'in_flight' AND lease_until <= @now)
                ORDER BY id LIMIT @max{_db.ClaimLocking})
            RETURNING id, attempts, created_at, payload
            """;
        claim.Param("@now", NotifyJson.ToMs(now));
        claim.Param("@max", max);
        claim.Param("@lease", NotifyJson.ToMs(now + lease));
        var rows = new List<OutboxEntry>();
        using (var reader = await claim.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var n = JsonSerializer.Deserialize<Notification>(reader.GetString(3), NotifyJson.Options)!;
                rows.Add(new OutboxEntry(reader.GetInt64(0), reader.GetInt32(1), NotifyJson.FromMs(reader.GetInt64(2)), n));
            }
        }

        // RETURNING has no order; the oldest message goes first.
        rows.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        return rows;
    }

    /// <summary>
    /// Extends the lease of rows this sender still holds (same attempt, still in flight) to <paramref name="until"/>:
    /// a live sender keeps its claim however long its receiver takes, so only a dead sender's rows are taken over.
    /// </summary>
    public async Task RenewLeasesAsync(IReadOnlyCollection<OutboxEntry> entries, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }

        await using var connection = await _db.OpenAsync(cancellationToken);
        using var renew = connection.CreateCommand();
        renew.CommandText = "UPDATE notify_outbox SET lease_until = @lease WHERE id = @id AND status = 'in_flight' AND attempts = @attempt";
        renew.Param("@lease", NotifyJson.ToMs(until));
        var id = renew.Param("@id", 0L);
        var attempt = renew.Param("@attempt", 0);
        foreach (var e in entries)
        {
            id.Value = e.Id;
            attempt.Value = e.Attempt;
            await renew.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Records an attempt and moves the row to <paramref name="status"/> (pending rows get <paramref name="nextAttemptAt"/>),
    /// unless another attempt has claimed the row since (this sender stalled past its lease): that attempt owns the row now.
    /// </summary>
    public async Task CompleteAttemptAsync(
        OutboxEntry entry,
        DateTimeOffset startedAt,
        DateTimeOffset finishedAt,
        DeliveryResult result,
        string status,
        DateTimeOffset? nextAttemptAt,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(result);
        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        using (var update = connection.CreateCommand())
        {
            update.Transaction = tx;
            update.CommandText = """
                UPDATE notify_outbox SET status = @status, lease_until = NULL, last_error = @error,
                    next_attempt_at = COALESCE(@next, next_attempt_at),
                    finished_at = CASE WHEN @status IN ('delivered', 'failed', 'abandoned') THEN @finished ELSE NULL END
                WHERE id = @id AND attempts = @attempt
                """;
            update.Param("@attempt", entry.Attempt);
            update.Param("@status", status);
            update.Param("@error", result.Error);
            update.Param("@next", nextAttemptAt is { } next ? NotifyJson.ToMs(next) : null);
            update.Param("@finished", NotifyJson.ToMs(finishedAt));
            update.Param("@id", entry.Id);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        using (var log = connection.CreateCommand())
        {
            log.Transaction = tx;
            log.CommandText = """
                INSERT INTO notify_attempt(outbox_id, attempt, started_at, finished_at, outcome, status_code, error)
                VALUES (@id, @attempt, @started, @finished, @outcome, @code, @error)
                """;
            log.Param("@id", entry.Id);
            log.Param("@attempt", entry.Attempt);
            log.Param("@started", NotifyJson.ToMs(startedAt));
            log.Param("@finished", NotifyJson.ToMs(finishedAt));
            log.Param("@outcome", result.Delivered ? "delivered" : result.Retryable ? "retry" : "failed");
            log.Param("@code", result.StatusCode);
            log.Param("@error", result.Error);
            await log.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>Number of rows per status.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT status, COUNT(*) FROM notify_outbox GROUP BY status";
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = reader.GetInt64(1);
        }

        return result;
    }

    /// <summary>Every notification that carried the alert, newest first, with its attempts.</summary>
    public async Task<IReadOnlyList<NotificationRecord>> HistoryForAlertAsync(string alertId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT o.id, o.idempotency_key, o.receiver, o.recipient, o.group_key, o.status, o.payload, o.attempts, o.created_at, o.finished_at, o.last_error
            FROM notify_outbox_alert l JOIN notify_outbox o ON o.id = l.outbox_id
            WHERE l.alert_id = @alert ORDER BY o.id DESC LIMIT @limit
            """;
        command.Param("@alert", alertId);
        command.Param("@limit", limit);
        var rows = new List<NotificationRecord>();
        using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var n = JsonSerializer.Deserialize<Notification>(reader.GetString(6), NotifyJson.Options)!;
                var alertStatus = n.Alerts.FirstOrDefault(a => a.Id == alertId)?.Status ?? n.Status;
                rows.Add(new NotificationRecord(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetString(4), reader.GetString(5), alertStatus, n.Reason, reader.GetInt32(7), NotifyJson.FromMs(reader.GetInt64(8)),
                    reader.IsDBNull(9) ? null : NotifyJson.FromMs(reader.GetInt64(9)), reader.IsDBNull(10) ? null : reader.GetString(10), []));
            }
        }

        for (var i = 0; i < rows.Count; i++)
        {
            rows[i] = rows[i] with { AttemptLog = await AttemptsAsync(connection, rows[i].Id, cancellationToken) };
        }

        return rows;
    }

    private static async Task<IReadOnlyList<DeliveryAttempt>> AttemptsAsync(DbConnection connection, long outboxId, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT attempt, started_at, finished_at, outcome, status_code, error FROM notify_attempt WHERE outbox_id = @id ORDER BY id";
        command.Param("@id", outboxId);
        var list = new List<DeliveryAttempt>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new DeliveryAttempt(
                reader.GetInt32(0), NotifyJson.FromMs(reader.GetInt64(1)), NotifyJson.FromMs(reader.GetInt64(2)), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return list;
    }
}
