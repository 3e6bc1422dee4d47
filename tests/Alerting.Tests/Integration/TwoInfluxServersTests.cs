using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Alerting.Data;
using Supervision.Alerting.Window;
using Supervision.Alerting.Rules;
using Supervision.Alerting.Tests.Support;
using Supervision.Core.Domain;
using Supervision.Core.Influx;
using Supervision.Core.InventoryFiles;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Integration;

/// <summary>
/// The service over two real influxd written alike (docs/ha.md): its rules keep reading when the first is killed and go
/// back once it answers; its subscription is made on each and the live window holds what both forward once.
/// </summary>
public sealed class TwoInfluxServersTests(InfluxPairFixture pair) : IClassFixture<InfluxPairFixture>
{
    private const string Rules = """
        groups:
          - name: g
            rules:
              - name: target-down
                kind: down
                selector: { levels: [commune] }
                parameters: { lookback: 10m, statuses: [Down] }
                severity: critical
        """;

    private static readonly Inventory National = InventoryLoader.LoadFile(RepoPaths.NationalInventory).Inventory!;

    private Task<AlertingHost> StartAsync(string db, params string[] extra) =>
        AlertingHost.StartAsync(MinimalRules.Yaml, configure: null, folder: null,
        [
            $"--Alerting:Influx:Url={pair.First.Url}",
            $"--Alerting:Influx:Replicas:0={pair.Second.Url}",
            $"--Alerting:Influx:Database={db}",
            "--Alerting:Influx:Timeout=00:00:05",
            "--Alerting:EnableScheduler=false",
            .. extra,
        ]);

    [Fact]
    public async Task rules_keep_evaluating_from_the_second_server_while_the_first_is_killed_and_go_back_when_it_returns()
    {
        var db = await pair.CreateDatabaseAsync("rules");
        await using var host = await StartAsync(db, "--Alerting:Live:Enabled=false");
        var reader = host.App.Services.GetRequiredService<InfluxReader>();
        var source = host.App.Services.GetRequiredService<IMetricSource>();
        Assert.IsType<InfluxMetricSource>(source);
        var start = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
        var down = National.Targets.First(t => t.Level == UnitLevel.Commune);
        await pair.WriteBothAsync(db, Scrape(down, 3, start.AddMinutes(-1)) + Scrape(National.Targets.Last(t => t.Level == UnitLevel.Commune), 0, start.AddMinutes(-1)));
        using var h = EngineHarness.Over(source, National, Rules, start);

        await h.EvaluateAsync();
        Assert.Equal(down.Id, FiringTarget(h));
        Assert.Equal(0, reader.ReadingFrom);
        Assert.Equal("Healthy", await host.Http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));

        await pair.First.StopServerAsync();
        try
        {
            h.Time.Advance(TimeSpan.FromSeconds(30));
            await h.EvaluateAsync();
            Assert.Equal(down.Id, FiringTarget(h));
            Assert.All(h.Engine.RuleStatuses(), s => Assert.Null(s.Error));
            Assert.Equal(1, reader.ReadingFrom);
            Assert.Equal("Degraded", await host.Http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
            var metrics = await host.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            Assert.Contains($"alerting_influx_read_server{{index=\"1\",server=\"{pair.Second.Url}\"}} 1", metrics, StringComparison.Ordinal);
            Assert.Contains($"alerting_influx_server_up{{index=\"0\",server=\"{pair.First.Url}\"}} 0", metrics, StringComparison.Ordinal);
            Assert.Contains("alerting_influx_read_degraded 1", metrics, StringComparison.Ordinal);
        }
        finally
        {
            await pair.First.StartServerAsync();
        }

        // Back: the reader pings it after its back-off (real time here, the service's clock) and reads return to it.
        await Eventually.TrueAsync(() => reader.States()[0].Healthy, "the first server was not found answering again");
        h.Time.Advance(TimeSpan.FromSeconds(30));
        await h.EvaluateAsync();
        Assert.Equal(down.Id, FiringTarget(h));
        Assert.Equal(0, reader.ReadingFrom);
        Assert.Equal("Healthy", await host.Http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
    }

    [Fact]
    public async Task the_subscription_is_made_on_each_server_and_the_window_stays_full_while_one_is_down()
    {
        var db = await pair.CreateDatabaseAsync("live");
        await using var host = await StartAsync(db, "--Alerting:Live:CheckInterval=00:00:01");
        var window = host.App.Services.GetRequiredService<LiveWindow>();
        var name = $"supervision_alerting_{host.Address.Port}";
        await Eventually.TrueAsync(async () => await HasSubscriptionAsync(pair.First.Client(db), db, name) && await HasSubscriptionAsync(pair.Second.Client(db), db, name), "the subscription was not made on both servers");
        await Eventually.TrueAsync(async () =>
        {
            await pair.WriteBothAsync(db, "probe value=1i");
            return window.CoveredSince is not null;
        }, "InfluxDB's subscriptions never posted to the service");

        // The same 30 points written to both: both forward them (each server counts its posts), the window holds 30.
        var now = TimeProvider.System.GetUtcNow();
        var points = Batch(now, 30, 0);
        await pair.WriteBothAsync(db, points);
        await Eventually.TrueAsync(async () => await PointsForwardedAsync(pair.First, db, name) >= 30 && await PointsForwardedAsync(pair.Second, db, name) >= 30, "a server did not forward the points");
        await LiveStreamTests.WaitUntilDrainedAsync(window);
        Assert.Equal(30, window.PointCount);
        var covered = window.CoveredSince!.Value;

        // The first server killed: the second's stream alone keeps the window full and its coverage unbroken.
        await pair.First.StopServerAsync();
        try
        {
            var later = now.AddSeconds(15);
            await pair.Second.Client(db).WriteAsync(Encoding.UTF8.GetBytes(Batch(later, 30, 3)));
            var query = new SeriesQuery("scrape", "status_code", Aggregate.Last, covered, later.AddSeconds(1), ["unit", "system"], RuleSelector.Any);
            await Eventually.TrueAsync(() => window.TryQuery(query, out var rows) && rows.Count == 30 && rows.All(r => r.Value == 3), "the second server's stream did not reach the window");
            Assert.Equal(covered, window.CoveredSince);
            Assert.Equal(60, window.PointCount);
        }
        finally
        {
            await pair.First.StartServerAsync();
        }

        // Back, the first gets what it missed (as the collector's buffer replays it) and forwards it again: held once.
        await pair.First.Client(db).WriteAsync(Encoding.UTF8.GetBytes(Batch(now.AddSeconds(15), 30, 3)));
        await Eventually.TrueAsync(async () => await PointsForwardedAsync(pair.First, db, name) >= 30, "the returning server did not forward the replayed points");
        await LiveStreamTests.WaitUntilDrainedAsync(window);
        Assert.Equal(60, window.PointCount);
        Assert.Equal(covered, window.CoveredSince);
    }

    private static string FiringTarget(EngineHarness h)
    {
        var alert = Assert.Single(h.Engine.Views, v => v.Rule == "target-down");
        return alert.Labels["unit"] + "/" + alert.Labels["system"];
    }

    private static string Scrape(Target t, int code, DateTimeOffset at) =>
        $"scrape,collector=test,level=commune,province={t.ProvinceCode},system={t.System},unit={t.UnitId} up={(code <= 1 ? 1 : 0)}i,status_code={code}i {at.ToUnixTimeMilliseconds()}\n";

    private static string Batch(DateTimeOffset at, int count, int code)
    {
        var sb = new StringBuilder();
        foreach (var t in National.Targets.Where(t => t.Level == UnitLevel.Commune).Take(count))
        {
            sb.Append(Scrape(t, code, at));
        }

        return sb.ToString();
    }

    private static async Task<bool> HasSubscriptionAsync(InfluxClient client, string db, string name)
    {
        foreach (var series in (await client.QueryAsync("SHOW SUBSCRIPTIONS")).Series)
        {
            for (var row = 0; series.Name == db && row < series.Values.Count; row++)
            {
                if (series.String(row, "name") == name)
                {
                    return true;
                }
            }
        }

        return false;
    }

    // InfluxDB's own count of the points it posted to the subscription (since that server started).
    private static async Task<double> PointsForwardedAsync(InfluxServerFixture server, string db, string name)
    {
        var total = 0.0;
        foreach (var series in (await server.Client(db).QueryAsync("SHOW STATS FOR 'subscriber'")).Series)
        {
            if (series.Tag("name") == name && series.Tag("database") == db && series.Values.Count > 0)
            {
                total += series.Double(0, "pointsWritten") ?? 0;
            }
        }

        return total;
    }
}
