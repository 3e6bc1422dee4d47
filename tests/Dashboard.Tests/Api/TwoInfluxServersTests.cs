using Microsoft.Extensions.DependencyInjection;
using Supervision.Core.Domain;
using Supervision.Core.Influx;
using Supervision.Dashboard.Live;
using Supervision.Dashboard.Queries;
using Supervision.Dashboard.Summaries;
using Supervision.Testing;

namespace Supervision.Dashboard.Tests.Api;

/// <summary>
/// The Dashboard over two real influxd written alike (docs/ha.md): its reads (sparklines, history, the rebuild after a
/// restart, summaries) keep answering from the second while the first is killed, and go back once it answers again.
/// </summary>
public sealed class TwoInfluxServersTests(InfluxPairFixture pair) : IClassFixture<InfluxPairFixture>
{
    private const string Unit = "26737";

    // A staleness window of 10 minutes: the rebuild reads that far back, however slowly a loaded machine starts the host.
    private Task<DashboardHost> StartAsync(string db) => DashboardHost.StartAsync(0,
        $"--Dashboard:Influx:Url={pair.First.Url}", $"--Dashboard:Influx:Replicas:0={pair.Second.Url}", $"--Dashboard:Influx:Database={db}",
        "--Dashboard:Influx:Timeout=00:00:05", "--Dashboard:Rollup:StaleAfter=00:10:00");

    [Fact]
    public async Task reads_answer_from_the_second_server_while_the_first_is_killed_and_return_to_the_first()
    {
        // The project's own database, set up on both servers by their fixtures (the summaries read its roll-up policies).
        const string db = "supervision";
        await pair.WriteBothAsync(db, Scrapes(TimeProvider.System.GetUtcNow().AddMinutes(-1)));
        await using var host = await StartAsync(db);
        var queries = host.App.Services.GetRequiredService<InfluxQueries>();
        var summaries = host.App.Services.GetRequiredService<SummaryReader>();
        var reader = queries.Reader!;
        using var http = new HttpClient { BaseAddress = host.Address };

        var before = await ReadAllAsync(queries, summaries);
        Assert.Equal(0, reader.ReadingFrom);
        Assert.Equal("ok", await http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));

        await pair.First.StopServerAsync();
        try
        {
            Assert.Equal(before, await ReadAllAsync(queries, summaries));
            Assert.Equal(1, reader.ReadingFrom);
            Assert.Equal("degraded: " + InfluxReaderHealthCheck.Name, await http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
            var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            Assert.Contains($"supervision_dashboard_influx_read_server{{index=\"1\",server=\"{pair.Second.Url}\"}} 1", metrics, StringComparison.Ordinal);
            Assert.Contains($"supervision_dashboard_influx_server_up{{index=\"0\",server=\"{pair.First.Url}\"}} 0", metrics, StringComparison.Ordinal);
            Assert.Contains("supervision_dashboard_influx_read_degraded 1", metrics, StringComparison.Ordinal);

            // A Dashboard started meanwhile rebuilds its state (the last Dashboard:Rollup:StaleAfter) from the second server,
            // which alone has the collector's latest writes (a dossier scrape that failed since).
            var dossierDown = Scrapes(TimeProvider.System.GetUtcNow()).Replace("system=dossier,unit=" + Unit + " up=1i,status_code=0i", "system=dossier,unit=" + Unit + " up=0i,status_code=3i", StringComparison.Ordinal);
            await pair.Second.Client(db).WriteAsync(System.Text.Encoding.UTF8.GetBytes(dossierDown));
            await using var restarted = await StartAsync(db);
            var unit = restarted.App.Services.GetRequiredService<LiveState>().Unit(Unit)!;
            Assert.Equal(TargetStatus.Down, Assert.Single(unit.Systems, t => t.TargetId == Unit + "/edoc").Status);
            Assert.Equal(TargetStatus.Down, Assert.Single(unit.Systems, t => t.TargetId == Unit + "/dossier").Status);
        }
        finally
        {
            await pair.First.StartServerAsync();
        }

        // Back: the reader pings it after its back-off and reads return to it.
        for (var i = 0; i < 300 && !reader.States()[0].Healthy; i++)
        {
            await Task.Delay(200);
        }

        Assert.Equal(before, await ReadAllAsync(queries, summaries));
        Assert.Equal(0, reader.ReadingFrom);
        Assert.Equal("ok", await http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
    }

    private static string Scrapes(DateTimeOffset time)
    {
        var at = time.ToUnixTimeMilliseconds();
        return $"scrape,collector=c,level=commune,province=79,system=edoc,unit={Unit} up=0i,status_code=3i,reason=\"Refused\" {at}\n" +
            $"scrape,collector=c,level=commune,province=79,system=dossier,unit={Unit} up=1i,status_code=0i,reason=\"None\" {at}\n";
    }

    // Every kind of read the Dashboard makes, in words to compare.
    private static async Task<string> ReadAllAsync(InfluxQueries queries, SummaryReader summaries)
    {
        var now = TimeProvider.System.GetUtcNow();
        var states = await queries.LatestStatesAsync(TimeSpan.FromMinutes(10), CancellationToken.None);
        var sparklines = await queries.AvailabilityAsync(Unit, CancellationToken.None);
        var history = await queries.StatusHistoryAsync(Unit, null, now.AddHours(-1), now, TimeSpan.FromHours(1), CancellationToken.None);
        var last = await queries.LastScrapesAsync(Unit, 5, CancellationToken.None);
        var availability = await summaries.ReadSystemAvailabilityAsync(now.AddDays(-1), now, CancellationToken.None);
        return string.Join(" | ",
            string.Join(",", states.Select(s => $"{s.TargetId}={s.Status}").Order(StringComparer.Ordinal)),
            string.Join(",", sparklines.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}:{string.Join('/', kv.Value)}")),
            string.Join(",", history.Select(h => $"{h.System}:{string.Join('/', h.Buckets.Select(b => b.Worst))}")),
            string.Join(",", last.Select(s => $"{s.System}:{s.Status}").Order(StringComparer.Ordinal)),
            availability.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
