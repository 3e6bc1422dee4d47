using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Supervision.Alerting.Data;
using Supervision.Alerting.Window;
using Supervision.Alerting.Rules;
using Supervision.Alerting.Tests.Support;
using Supervision.Core.Influx;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Integration;

/// <summary>
/// The live window fed by a real InfluxDB subscription: the service subscribes itself, InfluxDB posts every write, and
/// the window answers each query shape exactly as InfluxDB answers it over the same points.
/// </summary>
public sealed class LiveStreamTests(InfluxServerFixture influx) : IClassFixture<InfluxServerFixture>
{
    private static readonly KeptSeries[] Keep =
    [
        new() { Measurement = "scrape", Fields = ["status_code", "up"], Horizon = TimeSpan.FromMinutes(65) },
        new() { Measurement = "dossier", Fields = ["dossier_overdue", "dossier_resolved_total"], Horizon = TimeSpan.FromHours(3), Changes = ["dossier_resolved_total"] },
    ];

    private Task<AlertingHost> StartAsync(string db, Action<IServiceCollection>? configure = null, params string[] extra) =>
        AlertingHost.StartAsync(MinimalRules.Yaml, configure, null,
        [
            $"--Alerting:Influx:Url={influx.Url}",
            $"--Alerting:Influx:Database={db}",
            "--Alerting:EnableScheduler=false",
            .. extra,
        ]);

    [Fact]
    public async Task the_window_fed_by_influxdb_answers_every_query_shape_as_influxdb_does()
    {
        var db = await influx.CreateDatabaseAsync("live");
        var client = influx.Client(db);
        // The window's clock stands at the data's "now", as if the service had run while the points were written.
        var clock = new FakeTimeProvider(FilteredQueryTests.Now);
        await using var host = await StartAsync(db, s => s.AddSingleton(_ => new LiveWindow(clock, Keep, TimeSpan.FromMinutes(1))));
        var window = host.App.Services.GetRequiredService<LiveWindow>();
        await WaitUntilFlowingAsync(client, window);

        var memory = new InMemoryMetricSource();
        await FilteredQueryTests.WriteAsync(client, memory);
        await WaitUntilDrainedAsync(window);
        window.AssumeCompleteSince(FilteredQueryTests.Now.AddHours(-3));

        var fromInfluxDb = new InfluxMetricSource(client);
        foreach (var shape in FilteredQueryTests.Shapes)
        {
            var query = FilteredQueryTests.Shape(shape);
            Assert.True(window.TryQuery(query, out var rows), $"{shape}: the window did not answer");
            var expected = FilteredQueryTests.Normalise(await fromInfluxDb.QueryAsync(query, CancellationToken.None));
            Assert.True(expected.SequenceEqual(FilteredQueryTests.Normalise(rows)), $"{shape}: window [{string.Join("; ", FilteredQueryTests.Normalise(rows))}] vs InfluxDB [{string.Join("; ", expected)}]");
        }
    }

    [Fact]
    public async Task the_rules_source_answers_from_the_window_once_it_covers_the_range_and_from_influxdb_before()
    {
        var db = await influx.CreateDatabaseAsync("live");
        var client = influx.Client(db);
        await using var host = await StartAsync(db);
        var window = host.App.Services.GetRequiredService<LiveWindow>();
        var source = host.App.Services.GetRequiredService<IMetricSource>();
        Assert.IsType<LiveMetricSource>(source);
        await WaitUntilFlowingAsync(client, window);
        var covered = window.CoveredSince!.Value;

        var at = TimeProvider.System.GetUtcNow();
        await client.WriteAsync(System.Text.Encoding.UTF8.GetBytes($"scrape,system=edoc,unit=26737 status_code=3i {at.ToUnixTimeMilliseconds()}\n"));
        var recent = new SeriesQuery("scrape", "status_code", Aggregate.Last, covered, at.AddSeconds(1), ["unit"], RuleSelector.Any);
        // Until the point is in the window: InfluxDB forwards writes in its own time, and a quiet second proves nothing.
        await Eventually.TrueAsync(() => Task.FromResult(window.TryQuery(recent, out var rows) && rows.Count == 1), "the point never reached the window");
        var older = recent with { From = covered.AddMinutes(-1) };
        var metrics = host.App.Services.GetRequiredService<LiveMetrics>();

        // Counted around each query, not from zero: the host's own rule group asks the same source on its schedule
        // (before the window covers its range, InfluxDB), and in a full run that can land before these queries.
        var (windowBefore, influxBefore) = (metrics.AnsweredFromWindow.Value, metrics.SentToInflux.Value);
        var fromWindow = await source.QueryAsync(recent, CancellationToken.None);
        var (windowAfterRecent, influxAfterRecent) = (metrics.AnsweredFromWindow.Value, metrics.SentToInflux.Value);
        var fromInfluxDb = await source.QueryAsync(older, CancellationToken.None);

        Assert.Equal(3, Assert.Single(fromWindow).Value);
        Assert.Equal(1, windowAfterRecent - windowBefore);
        Assert.Equal(0, influxAfterRecent - influxBefore);
        Assert.Equal(3, Assert.Single(fromInfluxDb).Value);
        Assert.Equal(1, metrics.SentToInflux.Value - influxAfterRecent);
    }

    [Fact]
    public async Task the_subscription_comes_back_when_influxdb_loses_it_and_goes_at_a_clean_stop()
    {
        var db = await influx.CreateDatabaseAsync("live");
        var client = influx.Client(db);
        // A check every 3 s: the drop below is seen as gone before the next check makes it again, even on a loaded machine.
        var host = await StartAsync(db, null, "--Alerting:Live:CheckInterval=00:00:03");
        var name = $"supervision_alerting_{host.Address.Port}";
        try
        {
            await Eventually.TrueAsync(async () => (await SubscriptionsAsync(client, db)).Contains(name), "the subscription was not made");
            await client.ExecuteAsync($"DROP SUBSCRIPTION \"{name}\" ON \"{db}\".\"autogen\"");
            Assert.DoesNotContain(name, await SubscriptionsAsync(client, db));

            await Eventually.TrueAsync(async () => (await SubscriptionsAsync(client, db)).Contains(name), "the lost subscription was not made again");
        }
        finally
        {
            await host.DisposeAsync();
        }

        Assert.DoesNotContain(name, await SubscriptionsAsync(client, db));
    }

    [Fact]
    public async Task when_influxdb_counts_a_failed_post_the_window_starts_over()
    {
        var db = await influx.CreateDatabaseAsync("live");
        var client = influx.Client(db);
        // Posts over 300 bytes are refused (413), which InfluxDB counts as a failed write to the subscription.
        await using var host = await StartAsync(db, null, "--Alerting:Live:CheckInterval=00:00:00.300", "--Alerting:Live:MaxBodyBytes=300");
        var window = host.App.Services.GetRequiredService<LiveWindow>();
        await WaitUntilFlowingAsync(client, window);
        var first = window.CoveredSince!.Value;
        await Task.Delay(1000);
        Assert.Equal(first, window.CoveredSince);

        var big = new System.Text.StringBuilder();
        for (var i = 0; i < 20; i++)
        {
            big.Append("scrape,system=edoc,unit=").Append(i).Append(" status_code=0i\n");
        }

        await client.WriteAsync(System.Text.Encoding.UTF8.GetBytes(big.ToString()));

        await Eventually.TrueAsync(() => Task.FromResult(window.CoveredSince > first), "a failed post did not restart the window's coverage");
    }

    private static async Task<List<string>> SubscriptionsAsync(InfluxClient client, string db)
    {
        var names = new List<string>();
        foreach (var series in (await client.QueryAsync("SHOW SUBSCRIPTIONS")).Series)
        {
            for (var row = 0; series.Name == db && row < series.Values.Count; row++)
            {
                names.Add(series.String(row, "name")!);
            }
        }

        return names;
    }

    /// <summary>Writes a probe point until InfluxDB's subscriber (which picks a new subscription up within seconds) posts to the window.</summary>
    internal static async Task WaitUntilFlowingAsync(InfluxClient client, LiveWindow window) =>
        await Eventually.TrueAsync(async () =>
        {
            await client.WriteAsync("probe value=1i"u8.ToArray());
            return window.CoveredSince is not null;
        }, "InfluxDB's subscription never posted to the service");

    /// <summary>Waits until the window stops growing (InfluxDB forwards writes asynchronously).</summary>
    internal static async Task WaitUntilDrainedAsync(LiveWindow window)
    {
        var last = -1L;
        for (var still = 0; still < 4;)
        {
            await Task.Delay(250);
            var now = window.PointCount;
            still = now == last && now > 0 ? still + 1 : 0;
            last = now;
        }
    }
}
