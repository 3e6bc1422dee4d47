namespace Supervision.Alerting.State;

/// <summary>
/// SQLite store (tables <c>alert_state</c>, <c>alert_silence</c>); rows hold JSON so the record can grow
/// without migrations. WAL mode so the notification module can share the file.
/// </summary>
internal sealed class SqliteAlertStateStore : IAlertStateStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _connectionString;
    private readonly Lock _gate = new();

    public SqliteAlertStateStore(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = full, Pooling = true }.ToString();
        using var c = Open();
        Exec(c, "PRAGMA journal_mode=WAL;");
        Exec(c, "CREATE TABLE IF NOT EXISTS alert_state (id TEXT PRIMARY KEY, rule TEXT NOT NULL, body TEXT NOT NULL);");
        Exec(c, "CREATE TABLE IF NOT EXISTS alert_silence (id TEXT PRIMARY KEY, body TEXT NOT NULL);");
    }

    public bool IsShared => false;

    public IReadOnlyList<AlertRecord> LoadAlerts()
    {
        lock (_gate)
        {
            using var c = Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT body FROM alert_state";
            using var r = cmd.ExecuteReader();
            var list = new List<AlertRecord>();
            while (r.Read())
            {
                if (JsonSerializer.Deserialize<AlertRecord>(r.GetString(0), Json) is { } a)
                {
                    list.Add(a);
                }
            }

            return list;
        }
    }

    public void Save(IReadOnlyCollection<AlertRecord> changed, IReadOnlyCollection<string> deleted)
    {
        if (changed.Count == 0 && deleted.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            using var c = Open();
            using var tx = c.BeginTransaction();
            using (var up = c.CreateCommand())
            {
                up.Transaction = tx;
                up.CommandText = "INSERT INTO alert_state (id, rule, body) VALUES ($id, $rule, $body) ON CONFLICT(id) DO UPDATE SET rule = excluded.rule, body = excluded.body";
                var id = up.Parameters.Add("$id", SqliteType.Text);
                var rule = up.Parameters.Add("$rule", SqliteType.Text);
                var body = up.Parameters.Add("$body", SqliteType.Text);
                foreach (var a in changed)
                {
                    id.Value = a.Id;
                    rule.Value = a.Rule;
                    body.Value = JsonSerializer.Serialize(a, Json);
                    up.ExecuteNonQuery();
                }
            }

            using (var del = c.CreateCommand())
            {
                del.Transaction = tx;
                del.CommandText = "DELETE FROM alert_state WHERE id = $id";
                var id = del.Parameters.Add("$id", SqliteType.Text);
                foreach (var d in deleted)
                {
                    id.Value = d;
                    del.ExecuteNonQuery();
                }
            }

            tx.Commit();
        }
    }

    public IReadOnlyList<StoredSilence> LoadSilences()
    {
        lock (_gate)
        {
            using var c = Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT body FROM alert_silence";
            using var r = cmd.ExecuteReader();
            var list = new List<StoredSilence>();
            while (r.Read())
            {
                if (JsonSerializer.Deserialize<StoredSilence>(r.GetString(0), Json) is { } s)
                {
                    list.Add(s);
                }
            }

            return list;
        }
    }

    public void SaveSilence(StoredSilence silence)
    {
        lock (_gate)
        {
            using var c = Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "INSERT INTO alert_silence (id, body) VALUES ($id, $body) ON CONFLICT(id) DO UPDATE SET body = excluded.body";
            cmd.Parameters.AddWithValue("$id", silence.Id);
            cmd.Parameters.AddWithValue("$body", JsonSerializer.Serialize(silence, Json));
            cmd.ExecuteNonQuery();
        }
    }

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        return c;
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
