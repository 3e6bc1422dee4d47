namespace Supervision.Alerting.Notify.Store;

/// <summary>
/// The module's tables (prefixed <c>notify_</c>): in a SQLite file (the single-node default; WAL mode so the API
/// reads while the worker writes), or in the PostgreSQL database the Alerting nodes of a cluster share (schema by
/// the service's migrations, <c>State/Postgres/Migrations</c>). The stores write SQL both engines accept; the few
/// differences are the members below. Every write that must be atomic is one transaction.
/// </summary>
public sealed class NotifyDatabase
{
    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS notify_outbox(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            idempotency_key TEXT NOT NULL UNIQUE,
            receiver TEXT NOT NULL,
            recipient TEXT,
            group_key TEXT NOT NULL,
            status TEXT NOT NULL,
            payload TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            next_attempt_at INTEGER NOT NULL,
            lease_until INTEGER,
            finished_at INTEGER,
            last_error TEXT);
        CREATE INDEX IF NOT EXISTS notify_outbox_due ON notify_outbox(status, next_attempt_at);
        CREATE TABLE IF NOT EXISTS notify_outbox_alert(
            alert_id TEXT NOT NULL,
            outbox_id INTEGER NOT NULL,
            PRIMARY KEY(alert_id, outbox_id));
        CREATE TABLE IF NOT EXISTS notify_attempt(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            outbox_id INTEGER NOT NULL,
            attempt INTEGER NOT NULL,
            started_at INTEGER NOT NULL,
            finished_at INTEGER NOT NULL,
            outcome TEXT NOT NULL,
            status_code INTEGER,
            error TEXT);
        CREATE INDEX IF NOT EXISTS notify_attempt_outbox ON notify_attempt(outbox_id);
        CREATE TABLE IF NOT EXISTS notify_group(
            group_key TEXT PRIMARY KEY,
            state TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS notify_maintenance(
            id TEXT PRIMARY KEY,
            body TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS notify_oncall_override(
            id TEXT PRIMARY KEY,
            body TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS notify_audit(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            detail TEXT);
        """;

    private readonly string _connectionString = string.Empty;
    private readonly Lazy<bool> _created;
    private readonly NpgsqlDataSource? _postgres;

    /// <summary>Opens (and on first use creates) the database at <see cref="NotificationOptions.DatabasePath"/>.</summary>
    public NotifyDatabase(IOptions<NotificationOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = Path.GetFullPath(options.Value.DatabasePath);
        var dir = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Cache = SqliteCacheMode.Private, Pooling = true, DefaultTimeout = 30 }.ToString();
        _created = new Lazy<bool>(CreateSchema, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Uses the PostgreSQL database of <paramref name="postgres"/>, whose schema the service's migrations made.</summary>
    public NotifyDatabase(NpgsqlDataSource postgres)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        _postgres = postgres;
        _created = new Lazy<bool>(true);
    }

    /// <summary>True when several nodes share the tables (PostgreSQL): state held in memory must be re-read before use.</summary>
    public bool IsShared => _postgres is not null;

    /// <summary>Appended to the outbox claim's inner SELECT: two nodes never claim the same row, nor wait on each other.</summary>
    internal string ClaimLocking => IsShared ? " FOR UPDATE SKIP LOCKED" : string.Empty;

    /// <summary>The column that orders rows as inserted (SQLite's implicit <c>rowid</c>, PostgreSQL's <c>seq</c>).</summary>
    internal string InsertionOrder => IsShared ? "seq" : "rowid";

    /// <summary>An open connection; dispose it.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        _ = _created.Value;
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private bool CreateSchema()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
        return true;
    }
}
