using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Supervision.Core.Domain;
using Supervision.Core.InventoryFiles;
using Supervision.Core.Messages;
using Supervision.Testing;

namespace Supervision.LoadHarness;

/// <summary>
/// <c>failover-dashboard</c>: two real Dashboard processes on a real Redis (backplane, ingest stream) behind nginx
/// configured as <c>scripts/run.sh --ha</c> configures it (ip_hash, a dead node skipped), N wallboard clients of the
/// status hub each from its own loopback address (so ip_hash spreads them over both nodes as it would spread screens
/// on different hosts), and a collector-like client pushing a province's state through the proxy. Then:
/// kill -9 of one Dashboard: how long until each of its wallboards has a fresh snapshot from the other node, and
/// whether that snapshot shows the latest state (no stale tile); then Redis killed for the outage and restarted:
/// which clients had the latest state during it, whether walls connecting during it are served (a tenth of N more), and
/// how soon all had it again. Prints times and counts
/// (bench/RESULTS.md, "Failover").
/// </summary>
public static class DashboardFailoverHarness
{
    private const string Key = "bench-ingest-key-0123456789";
    private const string Province = "79";

    public static async Task<int> RunAsync(string[] args)
    {
        var clients = HarnessArgs.Int(args, "--clients", 1000);
        var outage = TimeSpan.FromSeconds(HarnessArgs.Int(args, "--redis-outage", 60));
        var root = HarnessProcesses.FindRoot();
        var dll = Path.Combine(root, "src/Dashboard/bin/Release/net10.0/Supervision.Dashboard.dll");
        if (!File.Exists(dll))
        {
            await Console.Error.WriteLineAsync($"needs {dll} (dotnet build -c Release bench/LoadHarness src/Dashboard)");
            return 2;
        }

        var inventory = InventoryLoader.LoadFile(Path.Combine(root, "inventory/national.yaml")).Inventory!;
        var targets = inventory.Targets.Where(t => t.ProvinceCode == Province && t.Level == UnitLevel.Commune).Select(t => t.Id).ToArray();
        var redis = new RedisServerFixture();
        await redis.InitializeAsync();
        var folder = Directory.CreateTempSubdirectory("failover-dashboard-").FullName;
        var nodes = new Dictionary<string, (ServiceProcess Process, int Port)>(StringComparer.Ordinal);
        NginxProxy? nginx = null;
        var wallboards = new List<Wallboard>();
        try
        {
            foreach (var name in new[] { "d1", "d2" })
            {
                var port = HarnessProcesses.FreePort();
                var process = ServiceProcess.StartDotnet(name, dll, NodeArgs(root, folder, name, port, redis.Configuration));
                nodes[name] = (process, port);
                await process.WaitForHttpAsync(new Uri($"http://127.0.0.1:{port}/healthz"), TimeSpan.FromSeconds(120));
            }

            nginx = await NginxProxy.StartAsync(nodes["d1"].Port, nodes["d2"].Port);
            var proxy = nginx.Address;
            Console.WriteLine($"failover-dashboard: {clients} wallboards through nginx :{proxy.Port} on d1 :{nodes["d1"].Port} and d2 :{nodes["d2"].Port}, Redis :{redis.Port}, outage {outage.TotalSeconds:0} s");

            await using var ingest = Connect(proxy, HubNames.IngestHubPath, 0, o => o.Headers[HubNames.ApiKeyHeader] = Key);
            await ingest.StartAsync();
            // A collector's sign of life every 2 s, as a real one sends: without it the province goes stale after
            // StaleAfter (60 s) and a wall's status word changes with time alone, which a 60 s outage would read as a
            // change not delivered.
            using var beat = new CancellationTokenSource();
            var beating = HeartbeatAsync(ingest, beat.Token);
            // Odd rounds take the province's communes down, even rounds bring them up: the province's status on the wall
            // alternates between two words, learnt from the first two rounds.
            var round = 0;
            var words = new string?[2];
            async Task<string?> PushAsync()
            {
                var status = ++round % 2 == 1 ? TargetStatus.Down : TargetStatus.Up;
                var at = TimeProvider.System.GetUtcNow();
                await ingest.InvokeAsync(HubNames.PushStatusChanges, new StatusChangeBatch("bench-collector",
                    targets.Select(t => new TargetState(t, status, status == TargetStatus.Down ? StatusReason.Refused : StatusReason.None, null, at, at)).ToArray()));
                return words[round % 2];
            }

            await PushAsync();
            var connectClock = Stopwatch.StartNew();
            for (var start = 0; start < clients; start += 50)
            {
                var batch = Enumerable.Range(start, Math.Min(50, clients - start)).Select(i => new Wallboard(proxy, i)).ToArray();
                await Task.WhenAll(batch.Select(w => w.StartAsync()));
                wallboards.AddRange(batch);
            }

            var perNode = await ClientsPerNodeAsync(nodes);
            Console.WriteLine($"  {clients} wallboards joined in {connectClock.Elapsed.TotalSeconds:0.0} s; per node: {string.Join(", ", perNode.Select(p => $"{p.Key} {p.Value}"))}");

            await UntilAsync(() => wallboards.All(w => w.Status is not null && w.Status == wallboards[0].Status), TimeSpan.FromSeconds(30));
            words[1] = wallboards[0].Status;
            await PushAsync();
            await UntilAsync(() => wallboards.All(w => w.Status is not null && w.Status != words[1]), TimeSpan.FromSeconds(30));
            words[0] = wallboards[0].Status;
            if (words[0] is null || words[1] is null || words[0] == words[1] || wallboards.Any(w => w.Status != words[0]))
            {
                Console.WriteLine($"  the wallboards never agreed on province {Province}'s status (down: '{words[1]}', up: '{words[0]}')");
                return 1;
            }

            // Everyone shows the state before the kill.
            var expected = await PushAsync();
            await UntilAsync(() => wallboards.All(w => w.Status == expected), TimeSpan.FromSeconds(30));

            // 1. kill -9 of the node holding most wallboards; then one more change, made while they reconnect.
            var victim = perNode.OrderByDescending(p => p.Value).First().Key;
            var killedAt = Stopwatch.GetTimestamp();
            foreach (var w in wallboards)
            {
                w.MarkKill(killedAt);
            }

            await nodes[victim].Process.KillAsync();
            var switched = TimeSpan.FromSeconds(HarnessArgs.Int(args, "--switch-wait", 30));
            await UntilAsync(() => wallboards.Where(w => w.Dropped).All(w => w.SnapshotAfterKill is not null), switched);
            await UntilAsync(() => ingest.State == HubConnectionState.Connected, switched);
            var dropped = wallboards.Where(w => w.Dropped).ToArray();
            var times = dropped.Where(w => w.SnapshotAfterKill is not null).Select(w => Stopwatch.GetElapsedTime(killedAt, w.SnapshotAfterKill!.Value).TotalSeconds).Order().ToList();
            var stale = dropped.Count(w => w.SnapshotStatus != expected);
            Console.WriteLine($"  kill -9 {victim}: {dropped.Length} wallboards dropped; live again with a fresh snapshot from the other node: {times.Count}; "
                + $"time to snapshot s p50 {Statistics.Percentile(times, 0.5):0.00} p95 {Statistics.Percentile(times, 0.95):0.00} max {(times.Count > 0 ? times[^1] : double.NaN):0.00} (goal ≤ 5); "
                + $"snapshots showing a state older than the last one ingested: {stale}");

            expected = await PushAsync();
            var lostAfterKill = await CountMissingAsync(wallboards, expected, TimeSpan.FromSeconds(10));
            Console.WriteLine($"  change after the switch: wallboards without it 10 s later: {lostAfterKill}");

            // 2. Redis down for the outage: the surviving node and its wallboards carry on alone; then it comes back.
            await nodes[victim].Process.DisposeAsync();
            var restarted = ServiceProcess.StartDotnet(victim, dll, NodeArgs(root, folder, victim, nodes[victim].Port, redis.Configuration));
            nodes[victim] = (restarted, nodes[victim].Port);
            await restarted.WaitForHttpAsync(new Uri($"http://127.0.0.1:{nodes[victim].Port}/healthz"), TimeSpan.FromSeconds(120));
            await redis.StopServerAsync();
            var down = Stopwatch.StartNew();
            expected = await PushAsync();
            var duringOutage = await CountMissingAsync(wallboards, expected, TimeSpan.FromSeconds(10));

            // Walls that connect during the outage (a screen switched on, a browser reloaded): each node serves them from
            // its own state, so they get a snapshot at once; those on the ingesting node show the change made meanwhile.
            var late = Enumerable.Range(clients, Math.Max(1, clients / 10)).Select(i => new Wallboard(proxy, i)).ToList();
            var lateClock = Stopwatch.StartNew();
            var joined = await Task.WhenAll(late.Select(async w =>
            {
                try
                {
                    await w.StartAsync().WaitAsync(TimeSpan.FromSeconds(15));
                    var wait = Stopwatch.StartNew();
                    while (w.Status is null && wait.Elapsed < TimeSpan.FromSeconds(10))
                    {
                        await Task.Delay(50);
                    }

                    return w.Status is not null;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    return false;
                }
            }));
            var lateSeconds = lateClock.Elapsed.TotalSeconds;
            var latePerNode = await ClientsPerNodeAsync(nodes);
            Console.WriteLine($"  during the outage {late.Count} new wallboards: {joined.Count(j => j)} connected with a snapshot within {lateSeconds:0.0} s, "
                + $"showing the change made meanwhile: {late.Count(w => w.Status == expected)}; connections per node now {string.Join(", ", latePerNode.Select(p => $"{p.Key} {p.Value}"))}");
            wallboards.AddRange(late);

            // The nodes notice the outage within a few seconds (their Redis client's heartbeat): health read once both say so, or after 15 s.
            var healthClock = Stopwatch.StartNew();
            string[] healths;
            while ((healths = await Task.WhenAll(nodes.Select(async n => await HealthAsync(n.Value.Port)))).Any(h => h == "ok") && healthClock.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(250);
            }

            var health = string.Join(", ", nodes.Keys.Zip(healths, (n, h) => $"{n} '{h}'")) + $" ({down.Elapsed.TotalSeconds:0} s into the outage)";
            await Task.Delay(outage - down.Elapsed > TimeSpan.Zero ? outage - down.Elapsed : TimeSpan.Zero);
            await redis.StartServerAsync();
            var back = Stopwatch.StartNew();
            await UntilAsync(() => wallboards.All(w => w.Status == expected), TimeSpan.FromSeconds(60));
            var caughtUp = back.Elapsed.TotalSeconds;
            var stillBehind = wallboards.Count(w => w.Status != expected);
            expected = await PushAsync();
            var lostAfterRedis = await CountMissingAsync(wallboards, expected, TimeSpan.FromSeconds(10));
            Console.WriteLine($"  Redis down {outage.TotalSeconds:0} s: /healthz {health}; the change ingested during it reached {clients - duringOutage} of {clients} wallboards (those on the ingesting node); "
                + $"{wallboards.Count - stillBehind} of {wallboards.Count} had it {caughtUp:0.0} s after Redis returned (no new change needed); a change after: wallboards without it 10 s later: {lostAfterRedis}");
            await beat.CancelAsync();
            await beating;
            return times.Count == dropped.Length && stale == 0 && lostAfterKill == 0 && stillBehind == 0 && lostAfterRedis == 0 && joined.All(j => j) ? 0 : 1;
        }
        finally
        {
            foreach (var w in wallboards)
            {
                await w.DisposeAsync();
            }

            if (nginx is not null)
            {
                await nginx.DisposeAsync();
            }

            foreach (var (process, _) in nodes.Values)
            {
                await process.DisposeAsync();
            }

            await redis.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string[] NodeArgs(string root, string folder, string name, int port, string redis) =>
        ["--urls", $"http://127.0.0.1:{port}", "--inventory", Path.Combine(root, "inventory/national.yaml"), "--ingest-key", Key,
         "--users", Path.Combine(root, "config/demo-users.json"), $"--Dashboard:Security:AuditPath={Path.Combine(folder, name + "-audit.log")}",
         $"--Dashboard:Cluster:Redis={redis}", $"--Dashboard:Cluster:NodeName={name}", "--Logging:LogLevel:Default=Warning",
         // Measures the failover, not sign-in: its 200 walls connect over raw WebSockets without a session.
         "--Dashboard:Security:AnonymousStatusApi=true"];

    // A hub connection through the proxy from loopback address 127.0.(1 + n % 250).1: nginx's ip_hash keys on the first
    // three octets, so clients spread over the nodes as screens on different hosts would. WebSockets only, no
    // negotiation: nothing else needs to reach the same node.
    private static HubConnection Connect(Uri proxy, string path, int n, Action<HttpConnectionOptions>? configure = null)
    {
        var source = new IPAddress([127, 0, (byte)(1 + (n % 250)), 1]);
        return new HubConnectionBuilder()
            .WithUrl(new Uri(proxy, path), o =>
            {
                o.SkipNegotiation = true;
                o.Transports = HttpTransportType.WebSockets;
                o.WebSocketFactory = async (context, ct) =>
                {
                    var handler = new SocketsHttpHandler
                    {
                        ConnectCallback = async (c, token) =>
                        {
                            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                            try
                            {
                                socket.Bind(new IPEndPoint(source, 0));
                                await socket.ConnectAsync(c.DnsEndPoint, token);
                                return new NetworkStream(socket, ownsSocket: true);
                            }
                            catch
                            {
                                socket.Dispose();
                                throw;
                            }
                        },
                    };
                    var ws = new ClientWebSocket();
                    foreach (var (k, v) in context.Options.Headers)
                    {
                        ws.Options.SetRequestHeader(k, v);
                    }

                    await ws.ConnectAsync(context.Uri, new HttpMessageInvoker(handler), ct);
                    return ws;
                };
                configure?.Invoke(o);
            })
            .WithAutomaticReconnect(new QuickRetry())
            .Build();
    }

    private static async Task<Dictionary<string, int>> ClientsPerNodeAsync(Dictionary<string, (ServiceProcess Process, int Port)> nodes)
    {
        using var http = new HttpClient();
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, (_, port)) in nodes)
        {
            var text = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("supervision_dashboard_hub_clients ", StringComparison.Ordinal));
            result[name] = line is null ? 0 : (int)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }

        return result;
    }

    private static async Task HeartbeatAsync(HubConnection ingest, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            try
            {
                await ingest.InvokeAsync(HubNames.PushHeartbeat, new CollectorHeartbeat("bench-collector", TimeProvider.System.GetUtcNow()), token);
                await Task.Delay(TimeSpan.FromSeconds(2), token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Reconnecting after the kill: the next beat goes through the other node.
                await Task.Delay(TimeSpan.FromMilliseconds(250), CancellationToken.None);
            }
        }
    }

    private static async Task<string> HealthAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await http.GetStringAsync($"http://127.0.0.1:{port}/healthz");
    }

    private static async Task<int> CountMissingAsync(List<Wallboard> wallboards, string? expected, TimeSpan wait)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < wait && !wallboards.All(w => w.Status == expected))
        {
            await Task.Delay(100);
        }

        return wallboards.Count(w => w.Status != expected);
    }

    private static async Task UntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < timeout)
        {
            await Task.Delay(50);
        }
    }

    // Reconnects at once, then every quarter second: a wallboard's own client (reconnect.js) retries every second.
    private sealed class QuickRetry : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) => retryContext.PreviousRetryCount == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(250);
    }

    // One status-hub client in the national group: the province's status as its last snapshot or delta said.
    private sealed class Wallboard(Uri proxy, int n) : IAsyncDisposable
    {
        private readonly HubConnection _connection = Connect(proxy, HubNames.StatusHubPath, n);
        private long _killedAt;
        private long _snapshotAfterKill;
        private volatile string? _status;
        private volatile string? _snapshotStatus;
        private volatile bool _dropped;

        public string? Status => _status;

        public string? SnapshotStatus => _snapshotStatus;

        public bool Dropped => _dropped;

        public long? SnapshotAfterKill => Interlocked.Read(ref _snapshotAfterKill) is > 0 and var t ? t : null;

        public void MarkKill(long at) => Interlocked.Exchange(ref _killedAt, at);

        public async Task StartAsync()
        {
            _connection.On<JsonElement>(HubNames.Snapshot, p =>
            {
                if (ProvinceStatus(p) is { } status)
                {
                    _status = status;
                    _snapshotStatus = status;
                }

                if (Interlocked.Read(ref _killedAt) > 0)
                {
                    Interlocked.CompareExchange(ref _snapshotAfterKill, Stopwatch.GetTimestamp(), 0);
                }
            });
            _connection.On<JsonElement>(HubNames.Delta, p =>
            {
                if (ProvinceStatus(p) is { } status)
                {
                    _status = status;
                }
            });
            _connection.Reconnecting += _ =>
            {
                _dropped = true;
                return Task.CompletedTask;
            };
            // Groups belong to a connection: a wallboard that comes back joins again and gets the node's snapshot.
            _connection.Reconnected += async _ => await _connection.InvokeAsync(HubNames.Join, HubNames.NationalGroup);
            await _connection.StartAsync();
            await _connection.InvokeAsync(HubNames.Join, HubNames.NationalGroup);
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();

        // The province's status word as sent (the wall shows whatever it says).
        private static string? ProvinceStatus(JsonElement message)
        {
            if (!message.TryGetProperty("provinces", out var provinces))
            {
                return null;
            }

            foreach (var p in provinces.EnumerateArray())
            {
                if (p.GetProperty("code").GetString() == Province)
                {
                    return p.GetProperty("status").ToString();
                }
            }

            return null;
        }
    }
}
