using Supervision.Core.Influx;
using Xunit;

namespace Supervision.Testing;

/// <summary>
/// A real InfluxDB (Debian's influxd) for a test class: started on free 127.0.0.1 ports with its own
/// temporary data folder and the project's setup (scripts/influxdb-setup.iql), killed at the end.
/// With <c>SUPERVISION_TEST_INFLUX_URL</c> set, that server is used instead and never stopped.
/// <see cref="StopServerAsync"/> and <see cref="StartServerAsync"/> make an outage on the same port and data.
/// A derived fixture may turn on authentication (an admin user is created first) and a request body limit.
/// </summary>
public class InfluxServerFixture : IAsyncLifetime
{
    /// <summary>The admin user created when authentication is on.</summary>
    public const string AdminUser = "admin";

    /// <summary>The admin's password.</summary>
    public const string AdminPassword = "admin-secret";

    private readonly bool _authEnabled;
    private readonly int _maxBodyBytes;
    private const string Influxd = "/usr/bin/influxd";
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "supervision-influx-" + Guid.NewGuid().ToString("N"));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private ServiceProcess? _process;
    private int _port;
    private bool _external;

    /// <summary>A plain server: no authentication, InfluxDB's default body limit.</summary>
    public InfluxServerFixture()
        : this(authEnabled: false, maxBodyBytes: 0)
    {
    }

    /// <summary>A server with authentication on or off and a body limit in bytes (0 = InfluxDB's default).</summary>
    protected InfluxServerFixture(bool authEnabled, int maxBodyBytes)
    {
        _authEnabled = authEnabled;
        _maxBodyBytes = maxBodyBytes;
    }

    /// <summary>Extra lines for the server's <c>[data]</c> section (e.g. compaction settings for a benchmark); empty by default.</summary>
    public string DataSettings { get; init; } = string.Empty;

    /// <summary>
    /// Runs InfluxDB's own continuous-query service, checking every second (default off: tests run the queries'
    /// bodies themselves with <see cref="ContinuousQueries"/>). A continuous query runs once as soon as it is
    /// created, over its RESAMPLE FOR window before now, then on the hour or bucket as on a real server.
    /// </summary>
    public bool ContinuousQueryService { get; init; }

    /// <summary>Always start a server of its own, also with <c>SUPERVISION_TEST_INFLUX_URL</c> set (a test that stops it, or needs two).</summary>
    public bool Local { get; init; }

    /// <summary>The server's base URL.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The influxd process id while it runs (not for an external server), e.g. for its CPU and memory.</summary>
    public int? ProcessId => _process?.Id;

    /// <summary>A client for <paramref name="database"/> (default: the project's <c>supervision</c>).</summary>
    public InfluxClient Client(string database = "supervision") =>
        new(_http, new InfluxOptions
        {
            Url = Url.ToString(),
            Database = database,
            Gzip = false,
            Username = _authEnabled ? AdminUser : null,
            Password = _authEnabled ? AdminPassword : null,
        });

    /// <summary>Creates a fresh database (unique per call) and returns its name.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 40)];
        await Client(name).ExecuteAsync($"CREATE DATABASE \"{name}\"");
        return name;
    }

    /// <summary>
    /// Queries the server has answered since it started: <c>httpd.queryReq</c> of its own statistics (<c>/debug/vars</c>),
    /// counted by InfluxDB itself, so a test or harness sees every statement whoever sent it.
    /// </summary>
    public async Task<long> QueryRequestsAsync()
    {
        using var vars = System.Text.Json.JsonDocument.Parse(await _http.GetStringAsync(new Uri(Url, "debug/vars")));
        foreach (var entry in vars.RootElement.EnumerateObject())
        {
            if (entry.Value.ValueKind == System.Text.Json.JsonValueKind.Object && entry.Value.TryGetProperty("name", out var name) && name.GetString() == "httpd")
            {
                return entry.Value.GetProperty("values").GetProperty("queryReq").GetInt64();
            }
        }

        throw new InvalidOperationException($"no httpd.queryReq in {Url}debug/vars");
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (!Local && Environment.GetEnvironmentVariable("SUPERVISION_TEST_INFLUX_URL") is { Length: > 0 } external)
        {
            _external = true;
            Url = new Uri(external);
            await RunSetupAsync();
            return;
        }

        if (!File.Exists(Influxd))
        {
            throw new InvalidOperationException($"{Influxd} is missing: run scripts/deps.sh (apt-get install influxdb)");
        }

        _port = FreePort.Next();
        Url = new Uri($"http://127.0.0.1:{_port}/");
        Directory.CreateDirectory(_dataDir);
        await File.WriteAllTextAsync(Path.Combine(_dataDir, "influxdb.conf"), $"""
            reporting-disabled = true
            bind-address = "127.0.0.1:{FreePort.Next()}"
            [meta]
              dir = "{_dataDir}/meta"
            [data]
              dir = "{_dataDir}/data"
              wal-dir = "{_dataDir}/wal"
              query-log-enabled = false
            {DataSettings}
            [http]
              bind-address = "127.0.0.1:{_port}"
              log-enabled = false
              auth-enabled = {(_authEnabled ? "true" : "false")}
              max-body-size = {(_maxBodyBytes > 0 ? _maxBodyBytes : 25_000_000)}
            [continuous_queries]
              enabled = {(ContinuousQueryService ? "true" : "false")}
              run-interval = "1s"
            """);
        await StartServerAsync();
        if (_authEnabled)
        {
            // With no user yet InfluxDB lets exactly this statement through unauthenticated.
            await new InfluxClient(_http, new InfluxOptions { Url = Url.ToString() })
                .ExecuteAsync($"CREATE USER {AdminUser} WITH PASSWORD '{AdminPassword}' WITH ALL PRIVILEGES");
        }

        await RunSetupAsync();
    }

    /// <summary>Stops the server (SIGKILL, as a crash); data stays for <see cref="StartServerAsync"/>.</summary>
    public async Task StopServerAsync()
    {
        if (_external)
        {
            throw new InvalidOperationException("an external InfluxDB cannot be stopped by the tests");
        }

        if (_process is not null)
        {
            await _process.KillAsync();
            await _process.DisposeAsync();
            _process = null;
        }
    }

    /// <summary>
    /// Starts the server on the same port and data and waits for <c>/ping</c> up to <paramref name="timeout"/> (default
    /// 30 s): after a SIGKILL under national load influxd first replays its WAL, tens of seconds per 10 MB file on a busy box.
    /// </summary>
    public async Task StartServerAsync(TimeSpan? timeout = null)
    {
        _process = ServiceProcess.Start("influxd", Influxd, ["-config", Path.Combine(_dataDir, "influxdb.conf")]);
        await _process.WaitForHttpAsync(new Uri(Url, "ping"), timeout ?? TimeSpan.FromSeconds(30));
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _http.Dispose();
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    private async Task RunSetupAsync()
    {
        var client = Client();
        foreach (var line in await File.ReadAllLinesAsync(RepoPaths.Combine("scripts", "influxdb-setup.iql")))
        {
            if (line.Length == 0 || line.StartsWith("--", StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                await client.ExecuteAsync(line);
            }
            catch (InfluxBadRequestException ex) when (ex.Message.Contains("already exists", StringComparison.Ordinal))
            {
                // idempotent setup against a shared server
            }
        }

    }
}
