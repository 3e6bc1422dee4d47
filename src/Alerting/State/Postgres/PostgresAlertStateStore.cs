using NpgsqlTypes;

namespace Supervision.Alerting.State.Postgres;

/// <summary>
/// The cluster's alert state and silences (tables <c>alert_state</c>, <c>alert_silence</c>, migration 001): the
/// same JSON rows as the SQLite store, shared by every node, so the engine re-reads them at each pass.
/// </summary>
internal sealed class PostgresAlertStateStore(NpgsqlDataSource dataSource) : IAlertStateStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool IsShared => true;

    public IReadOnlyList<AlertRecord> LoadAlerts() => LoadBodies<AlertRecord>("SELECT body FROM alert_state");

    public void Save(IReadOnlyCollection<AlertRecord> changed, IReadOnlyCollection<string> deleted)
    {
        if (changed.Count == 0 && deleted.Count == 0)
        {
            return;
        }

        using var connection = dataSource.OpenConnection();
        using var tx = connection.BeginTransaction();
        if (changed.Count > 0)
        {
            // One statement for the whole batch: arrays unnested server-side, not one round trip per alert.
            using var up = new NpgsqlCommand(
                """
                INSERT INTO alert_state (id, rule, body) SELECT * FROM unnest(@ids, @rules, @bodies)
                ON CONFLICT (id) DO UPDATE SET rule = excluded.rule, body = excluded.body
                """, connection, tx);
            up.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = changed.Select(a => a.Id).ToArray() });
            up.Parameters.Add(new NpgsqlParameter("rules", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = changed.Select(a => a.Rule).ToArray() });
            up.Parameters.Add(new NpgsqlParameter("bodies", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = changed.Select(a => JsonSerializer.Serialize(a, Json)).ToArray() });
            up.ExecuteNonQuery();
        }

        if (deleted.Count > 0)
        {
            using var del = new NpgsqlCommand("DELETE FROM alert_state WHERE id = ANY(@ids)", connection, tx);
            del.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = deleted.ToArray() });
            del.ExecuteNonQuery();
        }

        tx.Commit();
    }

    public IReadOnlyList<StoredSilence> LoadSilences() => LoadBodies<StoredSilence>("SELECT body FROM alert_silence");

    public void SaveSilence(StoredSilence silence)
    {
        ArgumentNullException.ThrowIfNull(silence);
        using var connection = dataSource.OpenConnection();
        using var cmd = new NpgsqlCommand("INSERT INTO alert_silence (id, body) VALUES (@id, @body) ON CONFLICT (id) DO UPDATE SET body = excluded.body", connection);
        cmd.Parameters.AddWithValue("id", silence.Id);
        cmd.Parameters.AddWithValue("body", JsonSerializer.Serialize(silence, Json));
        cmd.ExecuteNonQuery();
    }

    private List<T> LoadBodies<T>(string sql)
    {
        using var connection = dataSource.OpenConnection();
        using var cmd = new NpgsqlCommand(sql, connection);
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read())
        {
            if (JsonSerializer.Deserialize<T>(r.GetString(0), Json) is { } item)
            {
                list.Add(item);
            }
        }

        return list;
    }
}
