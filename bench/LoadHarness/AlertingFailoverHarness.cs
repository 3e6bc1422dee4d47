using System.Diagnostics;
using System.Globalization;
using System.Text;
using Supervision.Testing;

namespace Supervision.LoadHarness;

/// <summary>
/// <c>failover-alerting</c>: real Alerting processes on a real PostgreSQL and InfluxDB, paging a receiver that
/// records every request it gets (cut-off ones too). Measures page latency and evaluation cycle time of one node on
/// SQLite against two nodes on PostgreSQL, then kills (SIGKILL) nodes in the middle of evaluations and of a delivery,
/// and stops PostgreSQL for an outage; prints times and counts (bench/RESULTS.md, "Failover").
/// </summary>
public static class AlertingFailoverHarness
{
    // Provinces, one rule each, alternating between two groups: every page in the run has its own alert name.
    private static readonly string[] Provinces = ["01", "79", "48", "31", "92", "46", "22", "75", "56", "66", "52", "38", "40", "45", "51", "68", "80", "86", "91", "96"];

    public static async Task<int> RunAsync(string[] args)
    {
        var kills = HarnessArgs.Int(args, "--kills", 3);
        var outage = TimeSpan.FromSeconds(HarnessArgs.Int(args, "--outage", 60));
        var postgres = new PostgresServerFixture();
        var influx = new InfluxServerFixture();
        await postgres.InitializeAsync();
        await influx.InitializeAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var next = 0;
        try
        {
            var hook = new Uri(receiver.BaseAddress, "hook");
            Console.WriteLine($"failover-alerting: {kills} evaluation kills, PostgreSQL outage {outage.TotalSeconds:0} s");

            // 1. One node on SQLite: the embedded default, the baseline.
            await using (var solo = new AlertingCluster(await postgres.CreateDatabaseAsync("solo"), influx.Url, await influx.CreateDatabaseAsync("solo"), hook, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(10), RulesYaml()))
            {
                await solo.StartAsync("solo", "--Alerting:Storage=Sqlite", $"--Notifications:DatabasePath={Path.Combine(Path.GetTempPath(), "solo-" + Guid.NewGuid().ToString("N") + ".db")}");
                var latencies = new List<double>();
                for (var i = 0; i < 3; i++)
                {
                    latencies.Add(await PageAsync(solo, receiver, Provinces[next++], TimeSpan.FromSeconds(60)));
                }

                Console.WriteLine($"  one node, SQLite:     page latency (write → receiver) ms {string.Join(" / ", latencies.Select(l => l.ToString("0", CultureInfo.InvariantCulture)))}; evaluation cycle {await CycleMsAsync(solo, "solo"):0.0} ms per group pass");
            }

            // 2. Two nodes on PostgreSQL.
            await using var cluster = new AlertingCluster(await postgres.CreateDatabaseAsync("ha"), influx.Url, await influx.CreateDatabaseAsync("ha"), hook, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(10), RulesYaml());
            await cluster.StartAsync("a");
            await cluster.StartAsync("b");
            var pages = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                pages.Add(await PageAsync(cluster, receiver, Provinces[next++], TimeSpan.FromSeconds(60)));
            }

            Console.WriteLine($"  two nodes, PostgreSQL: page latency ms {string.Join(" / ", pages.Select(l => l.ToString("0", CultureInfo.InvariantCulture)))}; evaluation cycle {await CycleMsAsync(cluster, "a"):0.0} / {await CycleMsAsync(cluster, "b"):0.0} ms per group pass (a / b)");

            // 3. kill -9 while groups run every second: how long until the survivor has run every group. Each kill waits
            // until the pages so far are recorded as delivered: killed between its receiver's answer and that record, a
            // sender's page rightly goes out again with its key, and that case belongs to step 4, not to these kills.
            var firstClusterPage = next - pages.Count;
            for (var k = 0; k < kills; k++)
            {
                await cluster.WaitForDeliveredAsync(next - firstClusterPage, TimeSpan.FromSeconds(60));
                var victim = k % 2 == 0 ? "a" : "b";
                var survivor = victim == "a" ? "b" : "a";
                var killedAt = TimeProvider.System.GetUtcNow();
                var clock = Stopwatch.StartNew();
                await cluster.Process(victim).KillAsync();
                var groupsDone = new Dictionary<string, double>(StringComparer.Ordinal);
                while (clock.Elapsed < TimeSpan.FromSeconds(90))
                {
                    foreach (var (group, at) in await cluster.LastEvaluationsAsync(survivor))
                    {
                        if (at > killedAt && !groupsDone.ContainsKey(group))
                        {
                            groupsDone[group] = clock.Elapsed.TotalSeconds;
                        }
                    }

                    if (groupsDone.Count == 2)
                    {
                        break;
                    }

                    await Task.Delay(100);
                }

                var latency = await PageAsync(cluster, receiver, Provinces[next++], TimeSpan.FromSeconds(60));
                Console.WriteLine($"  kill -9 {victim} during evaluations: {survivor} ran " + string.Join(", ", groupsDone.Select(g => $"{g.Key} after {g.Value:0.0} s")) + $"; a new page then took {latency:0} ms");
                await cluster.StartAsync(victim);
            }

            // 4. kill -9 of the node holding a delivery open.
            await cluster.WaitForDeliveredAsync(next - firstClusterPage, TimeSpan.FromSeconds(60));
            receiver.Hang(true);
            var province = Provinces[next++];
            var arrivedBefore = receiver.Arrived.Count;
            await cluster.WriteDownAsync(province, 3);
            var hold = Stopwatch.StartNew();
            while (receiver.Arrived.Count == arrivedBefore && hold.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(20);
            }

            var holder = cluster.NodeConnectedTo(receiver.BaseAddress.Port);
            var holderName = holder == cluster.Process("a").Id ? "a" : "b";
            var killed = Stopwatch.StartNew();
            await cluster.Process(holderName).KillAsync();
            receiver.Hang(false);
            while (!receiver.Received.Any(r => r.Body.Contains($"p{province}-down", StringComparison.Ordinal)) && killed.Elapsed < TimeSpan.FromSeconds(120))
            {
                await Task.Delay(50);
            }

            Console.WriteLine($"  kill -9 {holderName} holding a delivery open: resent by the other after {killed.Elapsed.TotalSeconds:0.0} s (lease {cluster.DeliveryLease.TotalSeconds:0} s)");
            await cluster.StartAsync(holderName);

            // 5. PostgreSQL down for the outage: a page raised meanwhile is sent once it is back.
            province = Provinces[next++];
            await postgres.StopServerAsync();
            var down = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(2));
            var health = await cluster.Http.GetStringAsync(new Uri(cluster.Url("a"), "healthz"));
            await cluster.WriteDownAsync(province, 3);
            await Task.Delay(outage - down.Elapsed);
            await postgres.StartServerAsync();
            var back = Stopwatch.StartNew();
            while (!receiver.Received.Any(r => r.Body.Contains($"p{province}-down", StringComparison.Ordinal)) && back.Elapsed < TimeSpan.FromSeconds(120))
            {
                await Task.Delay(50);
            }

            Console.WriteLine($"  PostgreSQL down {outage.TotalSeconds:0} s: /healthz said '{health}'; the page raised meanwhile went out {back.Elapsed.TotalSeconds:0.0} s after it was back");

            // Counts: every page answered once; repeats only with the cut-off key.
            var answered = receiver.Received.Select(Key).ToArray();
            var arrivals = receiver.Arrived.GroupBy(Key).ToDictionary(g => g.Key, g => g.Count());
            var repeated = arrivals.Count(a => a.Value > 1);
            var expected = next;
            Console.WriteLine($"  pages raised {expected}, answered {answered.Distinct().Count()} (answered twice: {answered.Length - answered.Distinct().Count()}), keys arriving more than once {repeated} (kills during a delivery: 1), lost {expected - answered.Distinct().Count()}");
            return answered.Distinct().Count() == expected && answered.Length == answered.Distinct().Count() ? 0 : 1;
        }
        finally
        {
            await influx.DisposeAsync();
            await postgres.DisposeAsync();
        }
    }

    private static string Key(ReceivedRequest r) => r.Headers.TryGetValue("Idempotency-Key", out var k) ? k : "?";

    private static async Task<double> PageAsync(AlertingCluster cluster, WebhookReceiver receiver, string province, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        await cluster.WriteDownAsync(province, 3);
        while (!receiver.Received.Any(r => r.Body.Contains($"p{province}-down", StringComparison.Ordinal)))
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"no page for province {province} within {timeout}");
            }

            await Task.Delay(10);
        }

        return clock.Elapsed.TotalMilliseconds;
    }

    // Mean duration of one group pass from the node's own histogram.
    private static async Task<double> CycleMsAsync(AlertingCluster cluster, string node)
    {
        var text = await cluster.Http.GetStringAsync(new Uri(cluster.Url(node), "metrics"));
        double sum = 0, count = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("alerting_group_evaluation_duration_seconds_sum", StringComparison.Ordinal))
            {
                sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("alerting_group_evaluation_duration_seconds_count", StringComparison.Ordinal))
            {
                count += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return count == 0 ? double.NaN : 1000 * sum / count;
    }

    private static string RulesYaml()
    {
        var sb = new StringBuilder("groups:\n");
        foreach (var (group, parity) in new[] { ("even", 0), ("odd", 1) })
        {
            sb.Append("  - name: ").Append(group).Append("\n    interval: 1s\n    rules:\n");
            for (var i = parity; i < Provinces.Length; i += 2)
            {
                sb.Append("      - name: p").Append(Provinces[i]).Append("-down\n        kind: down\n        selector: { provinces: [\"")
                    .Append(Provinces[i]).Append("\"], levels: [commune] }\n        parameters: { statuses: [Down] }\n        severity: critical\n");
            }
        }

        return sb.ToString();
    }
}
