using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using Supervision.Core.Domain;
using Supervision.Core.Influx;
using Supervision.Core.InventoryFiles;

namespace Supervision.Testing;

/// <summary>
/// Alerting nodes of one cluster as real processes (<c>dotnet Supervision.Alerting.dll</c>) on one PostgreSQL
/// database, reading a real InfluxDB and paging a <see cref="WebhookReceiver"/>: the one builder of an Alerting cluster.
/// Short timings (check-in, lease, ticks) keep a failover within seconds. Used by the cluster tests and the failover harness.
/// </summary>
public sealed class AlertingCluster : IAsyncDisposable
{
    /// <summary>The nodes' API key.</summary>
    public const string ApiKey = "cluster-test-key";

    /// <summary>Two groups evaluated every second: north (province 01) and south (79, and 48 for a third alert).</summary>
    public const string Rules = """
        groups:
          - name: north
            interval: 1s
            rules:
              - name: north-down
                kind: down
                selector: { provinces: ["01"], levels: [commune] }
                parameters: { statuses: [Down] }
                severity: critical
          - name: south
            interval: 1s
            rules:
              - name: south-down
                kind: down
                selector: { provinces: ["79"], levels: [commune] }
                parameters: { statuses: [Down] }
                severity: critical
              - name: center-down
                kind: down
                selector: { provinces: ["48"], levels: [commune] }
                parameters: { statuses: [Down] }
                severity: critical
        """;

    private static readonly Inventory National = InventoryLoader.LoadFile(RepoPaths.NationalInventory).Inventory!;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "alerting-cluster-" + Guid.NewGuid().ToString("N"));
    private readonly string _connectionString;
    private readonly Uri _influx;
    private readonly string _database;
    private readonly Dictionary<string, (ServiceProcess Process, Uri Url)> _nodes = new(StringComparer.Ordinal);

    // Every process started, restarted nodes' earlier (killed) ones too: disposed at the end, their logs kept for a failure's message.
    private readonly List<ServiceProcess> _started = [];

    /// <summary>
    /// A cluster on <paramref name="connectionString"/>'s database; nodes start with <see cref="StartAsync"/>. The route
    /// groups for <paramref name="groupWait"/> before its first message (none by default, so pages go out at once).
    /// </summary>
    public AlertingCluster(string connectionString, Uri influx, string database, Uri webhook, TimeSpan webhookTimeout, TimeSpan deliveryLease, string rules = Rules, TimeSpan groupWait = default)
    {
        _connectionString = connectionString;
        _influx = influx;
        _database = database;
        Directory.CreateDirectory(Path.Combine(_folder, "rules"));
        File.WriteAllText(Path.Combine(_folder, "rules", "rules.yaml"), rules);
        File.WriteAllText(Path.Combine(_folder, "notifications.yaml"), $"""
            route:
              receiver: ops
              group_by: [alertname, province]
              group_wait: {(int)groupWait.TotalSeconds}s
              group_interval: 1h
              repeat_interval: 4h
            receivers:
              - name: ops
                webhook:
                  url: {webhook}
                  timeout: {(int)webhookTimeout.TotalSeconds}s
            """);
        DeliveryLease = deliveryLease;
    }

    /// <summary>How long a claimed delivery stays in flight before another node may send it.</summary>
    public TimeSpan DeliveryLease { get; }

    /// <summary>A client for the nodes' APIs and InfluxDB.</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>Node <paramref name="node"/>'s process.</summary>
    public ServiceProcess Process(string node) => _nodes[node].Process;

    /// <summary>Node <paramref name="node"/>'s base URL.</summary>
    public Uri Url(string node) => _nodes[node].Url;

    /// <summary>Starts node <paramref name="name"/> (settings replaced by <paramref name="override"/>) and waits until it answers <c>/healthz</c>.</summary>
    public async Task StartAsync(string name, params string[] @override)
    {
        var port = FreePort.Next();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var process = ServiceProcess.StartDotnet(name, ServiceProcess.BuiltAssembly("src/Alerting", "Supervision.Alerting"), Arguments(name, url, @override));
        _nodes[name] = (process, url);
        _started.Add(process);
        await process.WaitForHttpAsync(new Uri(url, "healthz"), TimeSpan.FromSeconds(60));
    }

    /// <summary>The arguments of a node; <paramref name="override"/> replaces settings (for the bad-configuration tests).</summary>
    public IEnumerable<string> Arguments(string name, Uri url, params string[] @override)
    {
        string[] args =
        [
            $"--urls={url}",
            "--Logging:LogLevel:Default=Warning",
            // Flushes (with their group) and deliveries are logged, so a failing test can say which node paged what.
            "--Logging:LogLevel:Supervision.Alerting.Notify=Information",
            "--Logging:Console:TimestampFormat=HH:mm:ss.fff ",
            "--Alerting:Storage=Postgres",
            $"--Alerting:Postgres:ConnectionString={_connectionString}",
            "--Alerting:Postgres:PipelineTickInterval=00:00:00.300",
            "--Alerting:Postgres:CheckinInterval=00:00:02",
            "--Alerting:Postgres:CheckinMisfireThreshold=00:00:04",
            $"--Alerting:NodeName={name}",
            $"--Alerting:Influx:Url={_influx}",
            $"--Alerting:Influx:Database={_database}",
            "--Alerting:Live:Enabled=false",
            $"--Alerting:RulesFolder={Path.Combine(_folder, "rules")}",
            $"--Alerting:StatePath={Path.Combine(_folder, name + ".db")}",
            $"--Alerting:InventoryPath={RepoPaths.NationalInventory}",
            $"--Alerting:HolidaysPath={RepoPaths.Holidays}",
            $"--Alerting:ApiKey={ApiKey}",
            $"--Notifications:ConfigFile={Path.Combine(_folder, "notifications.yaml")}",
            "--Notifications:TickInterval=00:00:00.200",
            $"--Notifications:DeliveryLease={DeliveryLease:c}",
            "--Notifications:RetryInitialBackoff=00:00:00.500",
            "--Notifications:RetryMaxBackoff=00:00:01",
        ];
        var replaced = @override.Select(o => o[..o.IndexOf('=', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);
        return args.Where(a => !replaced.Contains(a[..a.IndexOf('=', StringComparison.Ordinal)])).Concat(@override);
    }

    /// <summary>When node <paramref name="name"/> last evaluated each group itself (null: not yet).</summary>
    public async Task<Dictionary<string, DateTimeOffset?>> LastEvaluationsAsync(string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Url(name), "api/rules"));
        request.Headers.Add("X-Api-Key", ApiKey);
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var doc = await response.Content.ReadFromJsonAsync<JsonElement>();
        return doc.GetProperty("rules").EnumerateArray()
            .Select(r => (Group: r.GetProperty("group").GetString()!, At: r.GetProperty("lastEvaluation").ValueKind == JsonValueKind.Null ? (DateTimeOffset?)null : r.GetProperty("lastEvaluation").GetDateTimeOffset()))
            .GroupBy(r => r.Group, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Min(r => r.At));
    }

    /// <summary>Writes one scrape point per target of <paramref name="province"/>'s first <paramref name="communes"/> communes, status Down.</summary>
    public async Task WriteDownAsync(string province, int communes)
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        foreach (var t in National.Targets.Where(t => t.ProvinceCode == province && t.Level == UnitLevel.Commune).Take(communes))
        {
            sb.Append("scrape,collector=test,level=commune,province=").Append(province).Append(",system=").Append(t.System)
                .Append(",unit=").Append(t.UnitId).Append(" up=0i,status_code=3i ").Append(now).Append('\n');
        }

        var client = new InfluxClient(Http, new InfluxOptions { Url = _influx.ToString(), Database = _database, Gzip = false });
        await client.WriteAsync(Encoding.UTF8.GetBytes(sb.ToString()));
    }

    /// <summary>
    /// Waits (bounded) until the outbox records <paramref name="count"/> deliveries: a sender killed after its receiver
    /// answered but before this record is the one case that is sent again, so a test that kills a node for another
    /// reason waits for the record first.
    /// </summary>
    public async Task WaitForDeliveredAsync(int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await using (var connection = new NpgsqlConnection(_connectionString))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT count(*) FROM notify_outbox WHERE status = 'delivered'", connection);
                if (Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) >= count)
                {
                    return;
                }
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"the outbox did not record {count} deliveries within {timeout}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The pid of the node process holding a TCP connection to <paramref name="port"/> (a held webhook request).</summary>
    public int? NodeConnectedTo(int port)
    {
        using var ss = System.Diagnostics.Process.Start(new ProcessStartInfo("ss", ["-Htnp", "state", "established", "dst", $"127.0.0.1:{port}"]) { RedirectStandardOutput = true })!;
        var text = ss.StandardOutput.ReadToEnd();
        ss.WaitForExit();
        foreach (var (_, (process, _)) in _nodes)
        {
            if (process.IsRunning && text.Contains($"pid={process.Id},", StringComparison.Ordinal))
            {
                return process.Id;
            }
        }

        return null;
    }

    /// <summary>The output of every node process started so far (killed ones included), for a failing test's message.</summary>
    public string Logs() =>
        string.Join("\n", _started.Select(p => $"--- node {p.Name} (pid {p.Id}, {(p.IsRunning ? "running" : "exited")}):\n{p.Output}"));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var process in _started)
        {
            await process.DisposeAsync();
        }

        Http.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
