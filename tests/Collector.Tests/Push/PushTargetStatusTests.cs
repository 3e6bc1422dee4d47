using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Supervision.Collector.Tests.Integration;
using Supervision.Core.Domain;

namespace Supervision.Collector.Tests.Push;

/// <summary>
/// A push target's status over minutes, on a fake clock (HTTP real): fresh pushes Up, one period and a half of silence
/// Unknown, three periods Down, the next push Up again at once; each with the <c>scrape</c> point the rules read.
/// </summary>
[Collection("fleet")]
public sealed class PushTargetStatusTests(FleetFixture fleet)
{
    private static async Task<TargetState> StateAsync(CollectorHost collector, string id) => (await collector.TargetsAsync()).Single(s => s.TargetId == id);

    private static async Task PushAsync(CollectorHost collector, string path, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", PushInventory.Token26737);
        using var response = await collector.Client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Moves the fake clock a second at a time until the target has <paramref name="status"/> (bounded).</summary>
    private static async Task<TimeSpan> AdvanceUntilAsync(FakeTimeProvider time, CollectorHost collector, string id, TargetStatus status, TimeSpan limit)
    {
        var advanced = TimeSpan.Zero;
        TargetState? state = null;
        await CollectorHost.EventuallyAsync(async () =>
        {
            state = await StateAsync(collector, id);
            if (state.Status == status)
            {
                return true;
            }

            if (advanced < limit)
            {
                time.Advance(TimeSpan.FromSeconds(1));
                advanced += TimeSpan.FromSeconds(1);
            }

            return false;
        }, TimeSpan.FromSeconds(120), () => Task.FromResult($"{id} {status} within {limit} of fake time; last {state}"));
        return advanced;
    }

    [Fact]
    public async Task a_missed_push_makes_the_target_unknown_then_down_and_the_next_push_brings_it_back()
    {
        var db = await fleet.Influx.CreateDatabaseAsync("pushstatus");
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var collector = await CollectorHost.StartAsync(time, PushInventory.Yaml("30s"), fleet.Influx.Url, db);
        const string Id = "26737/edoc";

        Assert.Equal(StatusReason.NeverSeen, (await StateAsync(collector, Id)).Reason);
        await PushAsync(collector, "/write?db=edoc", "edoc v=1\n");
        Assert.Equal(TargetStatus.Up, (await StateAsync(collector, Id)).Status);

        // Silence: Unknown after 1.5 periods (45 s), Down after 3 (90 s); never before.
        var toUnknown = await AdvanceUntilAsync(time, collector, Id, TargetStatus.Unknown, TimeSpan.FromSeconds(60));
        Assert.InRange(toUnknown, TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(47));
        var unknown = await StateAsync(collector, Id);
        Assert.Equal(StatusReason.Stale, unknown.Reason);
        Assert.Contains("expected every 30s", unknown.Detail, StringComparison.Ordinal);
        var toDown = await AdvanceUntilAsync(time, collector, Id, TargetStatus.Down, TimeSpan.FromSeconds(60));
        Assert.InRange(toUnknown + toDown, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(92));
        Assert.Equal(StatusReason.PushMissed, (await StateAsync(collector, Id)).Reason);

        // A heartbeat brings it back at once; one that says down is Down with the system's own words. (The clock moves
        // between them: InfluxDB keeps one point per series and timestamp.)
        time.Advance(TimeSpan.FromSeconds(1));
        await PushAsync(collector, "/push/26737/edoc/heartbeat", "");
        Assert.Equal(TargetStatus.Up, (await StateAsync(collector, Id)).Status);
        time.Advance(TimeSpan.FromSeconds(1));
        await PushAsync(collector, "/push/26737/edoc/heartbeat", """{"status":"down","detail":"database unreachable"}""");
        var down = await StateAsync(collector, Id);
        Assert.Equal((TargetStatus.Down, StatusReason.UnhealthyEntry, "database unreachable"), (down.Status, down.Reason, down.Detail));

        // The never-pushed target went the same way, with reason NeverSeen while Unknown.
        var dossier = await StateAsync(collector, "26737/dossier");
        Assert.Equal((TargetStatus.Down, StatusReason.PushMissed), (dossier.Status, dossier.Reason));

        // What the rules read: the scrape points of the push target, in order.
        var influx = fleet.Influx.Client(db);
        string[] statuses = [];
        await CollectorHost.EventuallyAsync(async () =>
        {
            time.Advance(TimeSpan.FromSeconds(1));
            var result = await influx.QueryAsync("SELECT status, reason FROM scrape WHERE \"unit\" = '26737' AND \"system\" = 'edoc'");
            statuses = result.Series.SelectMany(s => s.Values.Select(v => $"{v[1]}/{v[2]}")).ToArray();
            return statuses.Contains("Down/UnhealthyEntry");
        }, TimeSpan.FromSeconds(60), () => Task.FromResult("scrape points: " + string.Join(", ", statuses)));
        var changes = statuses.Where((s, i) => i == 0 || s != statuses[i - 1]).ToArray();
        Assert.Equal(["Up/None", "Unknown/Stale", "Down/PushMissed", "Up/None", "Down/UnhealthyEntry"], changes);
    }
}
