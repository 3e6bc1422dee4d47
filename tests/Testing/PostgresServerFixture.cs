using System.Diagnostics;
using Npgsql;
using Xunit;

namespace Supervision.Testing;

/// <summary>
/// A real PostgreSQL (Debian's postgresql) for a test class: a fresh cluster made by <c>initdb</c> in a temporary
/// folder, started on a free 127.0.0.1 port with password authentication, killed at the end. Run as root, the
/// server runs as the <c>postgres</c> user (PostgreSQL refuses root). Each test takes its own database
/// (<see cref="CreateDatabaseAsync"/>). <see cref="StopServerAsync"/> and <see cref="StartServerAsync"/> make an
/// outage on the same port and data.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    /// <summary>The superuser the fixture creates.</summary>
    public const string User = "supervision";

    /// <summary>Its password.</summary>
    public const string Password = "supervision-test";

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "supervision-pg-" + Guid.NewGuid().ToString("N"));
    private string _bin = string.Empty;
    private ServiceProcess? _process;

    /// <summary>The server's port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>The postmaster's process id while it runs.</summary>
    public int? ProcessId => _process?.Id;

    /// <summary>A connection string for <paramref name="database"/> as the superuser.</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = Port, Database = database, Username = User, Password = Password,
            // Connecting takes seconds when the machine is loaded (a forked backend, SCRAM): 5 s made restarts fail spuriously.
            Timeout = 15, CommandTimeout = 30,
        }.ToString();

    /// <summary>Creates a fresh database (unique per call) and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 40)];
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).Order().LastOrDefault() ?? string.Empty
            : string.Empty;
        if (_bin.Length == 0)
        {
            throw new InvalidOperationException("/usr/lib/postgresql/*/bin/initdb is missing: run scripts/deps.sh test (apt-get install postgresql)");
        }

        Port = FreePort.Next();
        Directory.CreateDirectory(_dataDir);
        var pwfile = _dataDir + ".pw";
        await File.WriteAllTextAsync(pwfile, Password + "\n");
        ChownToPostgres(_dataDir);
        ChownToPostgres(pwfile);
        var initdb = AsPostgres(Path.Combine(_bin, "initdb"),
            ["-D", _dataDir, "-U", User, "--pwfile=" + pwfile, "--auth-host=scram-sha-256", "--auth-local=peer", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
        await using (var init = ServiceProcess.Start("initdb", initdb.File, initdb.Args))
        {
            if (await init.RunToEndAsync(string.Empty, TimeSpan.FromMinutes(1)) != 0)
            {
                throw new InvalidOperationException("initdb failed:\n" + init.Output);
            }
        }

        File.Delete(pwfile);
        await StartServerAsync();
    }

    /// <summary>Kills the server (SIGKILL to the postmaster, as a crash); data stays for <see cref="StartServerAsync"/>.</summary>
    public async Task StopServerAsync()
    {
        // Disposing kills (SIGKILL). Backends notice their postmaster is gone and quit; the next start waits for the port.
        if (_process is { } postmaster)
        {
            _process = null;
            await postmaster.DisposeAsync();
        }

        // This process's own pooled connections died with the server: a test's next query must not get one of them.
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Starts the server on the same port and data and waits until it accepts connections.</summary>
    public async Task StartServerAsync()
    {
        // The server's crash is under test (SIGKILL), the machine's is not: fsync off keeps the fixture fast, since the
        // kernel keeps what was written. Commits stay synchronous: with them asynchronous, a commit acknowledged less
        // than a WAL-writer round before the kill is lost, and a delivery recorded as done is sent again after restart.
        var postgres = AsPostgres(Path.Combine(_bin, "postgres"),
            ["-D", _dataDir, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", _dataDir,
             "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off",
             "-c", "max_connections=200", "-c", "shared_buffers=32MB"]);
        _process = ServiceProcess.Start("postgres", postgres.File, postgres.Args);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString());
                await connection.OpenAsync();
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(60) || !_process.IsRunning)
                {
                    throw new InvalidOperationException($"postgres did not accept connections on {Port}: {ex.Message}\n{_process.Output}");
                }

                await Task.Delay(100);
            }
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await StopServerAsync();
        if (Directory.Exists(_dataDir))
        {
            try
            {
                Directory.Delete(_dataDir, recursive: true);
            }
            catch (IOException)
            {
                // a backend still closing its files; /tmp is cleaned eventually
            }
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static (string File, string[] Args) AsPostgres(string file, string[] args) =>
        IsRoot ? ("runuser", ["-u", "postgres", "--", file, .. args]) : (file, args);

    private static void ChownToPostgres(string path)
    {
        if (IsRoot)
        {
            using var chown = Process.Start("chown", ["postgres", path]);
            chown.WaitForExit();
        }
    }
}
