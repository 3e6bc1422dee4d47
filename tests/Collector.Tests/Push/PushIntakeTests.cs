using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Supervision.Core.Influx.Writing;
using Supervision.Collector.Tests.Integration;
using Supervision.Core.Domain;
using Supervision.Core.Influx;
using Supervision.Testing;

namespace Supervision.Collector.Tests.Push;

/// <summary>
/// The push intake over real HTTP into a real InfluxDB: line protocol from the project's own writer and from curl,
/// heartbeats from curl, the per-unit credentials, partial writes, the limits, and the disk buffer.
/// </summary>
[Collection("fleet")]
public sealed class PushIntakeTests(FleetFixture fleet)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static HttpRequestMessage Post(string path, string body, string? token = PushInventory.Token26737, string scheme = "Token")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "text/plain") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(scheme, token);
        }

        return request;
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(CollectorHost collector, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await collector.Client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>Runs curl against the collector; returns the HTTP status and the body.</summary>
    private static async Task<(int Status, string Body)> CurlAsync(CollectorHost collector, string path, string body, params string[] options)
    {
        await using var curl = ServiceProcess.Start("curl", "curl",
            ["-sS", "-X", "POST", "--data-binary", "@-", "-w", "\n%{http_code}", .. options, new Uri(collector.Address, path).ToString()]);
        Assert.Equal(0, await curl.RunToEndAsync(body, Wait));
        var output = curl.Output.TrimEnd();
        var newline = output.LastIndexOf('\n');
        return (int.Parse(output[(newline + 1)..], System.Globalization.CultureInfo.InvariantCulture), newline < 0 ? string.Empty : output[..newline]);
    }

    private static async Task<List<Dictionary<string, object?>>> RowsAsync(InfluxClient influx, string query)
    {
        var result = await influx.QueryAsync(query);
        return result.Series.SelectMany(s => Enumerable.Range(0, s.Values.Count).Select(i =>
            s.Columns.Select((c, j) => (c, s.Values[i][j])).ToDictionary(p => p.c, p => (object?)p.Item2?.ToString()))).ToList();
    }

    private static async Task<List<Dictionary<string, object?>>> EventuallyRowsAsync(InfluxClient influx, string query, int atLeast)
    {
        List<Dictionary<string, object?>> rows = [];
        await CollectorHost.EventuallyAsync(async () => (rows = await RowsAsync(influx, query)).Count >= atLeast, Wait, () => Task.FromResult($"{atLeast} rows of {query}, have {rows.Count}"));
        return rows;
    }

    [Fact]
    public async Task line_protocol_from_the_projects_writer_and_from_curl_is_stored_with_the_centers_tags()
    {
        var db = await fleet.Influx.CreateDatabaseAsync("push");
        await using var collector = await CollectorHost.StartAsync(PushInventory.Yaml(), fleet.Influx.Url, db);
        var influx = fleet.Influx.Client(db);

        // The project's own writer, gzip, ms precision, InfluxDB 1.x endpoint.
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var lines = new LineProtocolBuilder();
        lines.BeginPoint("edoc");
        lines.Tag("channel", "lgsp");
        lines.Tag("note", "Văn bản, \"đến\" = 3");
        lines.Field("edoc_documents_sent_total", 42.0);
        lines.EndPoint(now);
        using var gzipped = new MemoryStream();
        await using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(lines.WrittenMemory.Span);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/write?db=edoc&precision=ms") { Content = new ByteArrayContent(gzipped.ToArray()) };
        request.Content.Headers.ContentEncoding.Add("gzip");
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", PushInventory.Token26737);
        var (status, body) = await SendAsync(collector, request);
        Assert.True(status == HttpStatusCode.NoContent, body);

        // curl, InfluxDB 2.x endpoint, seconds, a body that claims another unit.
        var (curlStatus, curlBody) = await CurlAsync(collector, "/api/v2/write?org=any&bucket=dossier&precision=s",
            $"dossier,unit=01,province=01,level=central dossier_received_total=7i {now / 1000}\n", "-H", $"Authorization: Token {PushInventory.Token26737}");
        Assert.True(curlStatus == 204, curlBody);

        var edoc = await EventuallyRowsAsync(influx, "SELECT * FROM edoc", 1);
        Assert.Equal("26737", edoc[0]["unit"]);
        Assert.Equal("79", edoc[0]["province"]);
        Assert.Equal("edoc", edoc[0]["system"]);
        Assert.Equal("commune", edoc[0]["level"]);
        Assert.Equal("Văn bản, \"đến\" = 3", edoc[0]["note"]);
        Assert.Equal("42", edoc[0]["edoc_documents_sent_total"]);
        var dossier = await EventuallyRowsAsync(influx, "SELECT * FROM dossier", 1);
        Assert.Equal("26737", dossier[0]["unit"]);
        Assert.Equal("79", dossier[0]["province"]);
        Assert.Equal("dossier", dossier[0]["system"]);
        Assert.Equal("commune", dossier[0]["level"]);
        Assert.Equal("7", dossier[0]["dossier_received_total"]);
    }

    [Fact]
    public async Task a_token_of_one_unit_cannot_write_as_another()
    {
        var db = await fleet.Influx.CreateDatabaseAsync("push");
        await using var collector = await CollectorHost.StartAsync(PushInventory.Yaml(), fleet.Influx.Url, db);
        var influx = fleet.Influx.Client(db);

        // 79's token: its only push target is taken when db is not given; the body's unit tag is overwritten.
        var (status, body) = await SendAsync(collector, Post("/write?precision=s", "portal,unit=26737,system=edoc portal_sync_lag_seconds=3 1700000000\n", PushInventory.Token79, "Bearer"));
        Assert.True(status == HttpStatusCode.NoContent, body);
        var rows = await EventuallyRowsAsync(influx, "SELECT * FROM portal", 1);
        Assert.Equal("79", rows[0]["unit"]);
        Assert.Equal("portal", rows[0]["system"]);
        Assert.Equal("province", rows[0]["level"]);

        // 79's token for 26737's target: not found for 79; the heartbeat path of 26737: forbidden.
        (status, body) = await SendAsync(collector, Post("/write?db=edoc", "edoc v=1\n", PushInventory.Token79));
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("'edoc' is not a push target of unit 79", body, StringComparison.Ordinal);
        (status, body) = await SendAsync(collector, Post("/push/26737/edoc/heartbeat", "", PushInventory.Token79));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("cannot write as unit 26737", body, StringComparison.Ordinal);

        // Unknown or absent credentials, in each dialect's error shape.
        (status, body) = await SendAsync(collector, Post("/api/v2/write?bucket=edoc", "edoc v=1\n", "not-a-token-of-anyone-at-all"));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("unauthorized", JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
        (status, body) = await SendAsync(collector, Post("/write?db=edoc", "edoc v=1\n", token: null));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("authorization failed", JsonDocument.Parse(body).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);

        // Basic auth with 26737's user, and the 1.x u/p parameters, write as 26737 only.
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{PushInventory.User26737}:{PushInventory.Password26737}"));
        (status, body) = await SendAsync(collector, Post("/write?db=edoc&precision=s", "edoc,unit=79 v=1 1700000000\n", basic, "Basic"));
        Assert.True(status == HttpStatusCode.NoContent, body);
        (status, body) = await SendAsync(collector, Post($"/write?db=dossier&precision=s&u={PushInventory.User26737}&p={PushInventory.Password26737}", "dossier v=2 1700000000\n", token: null));
        Assert.True(status == HttpStatusCode.NoContent, body);
        (status, _) = await SendAsync(collector, Post($"/write?db=dossier&u={PushInventory.User26737}&p=wrong-password-0123456789", "dossier v=2\n", token: null));
        Assert.Equal(HttpStatusCode.Unauthorized, status);

        await EventuallyRowsAsync(influx, "SELECT * FROM dossier", 1);
        var edoc = await EventuallyRowsAsync(influx, "SELECT * FROM edoc", 1);
        Assert.All(edoc, r => Assert.Equal("26737", r["unit"]));
        Assert.Single(await RowsAsync(influx, "SELECT * FROM portal"));
    }

    [Fact]
    public async Task a_bad_line_is_a_400_naming_its_line_and_the_good_lines_are_stored()
    {
        var db = await fleet.Influx.CreateDatabaseAsync("push");
        await using var collector = await CollectorHost.StartAsync(PushInventory.Yaml(), fleet.Influx.Url, db);
        var influx = fleet.Influx.Client(db);

        var (status, body) = await CurlAsync(collector, "/write?db=edoc&precision=s", "edoc a=1 1700000001\nedoc a=\nedoc a=3 1700000003\nscrape up=1i\n",
            "-H", $"Authorization: Token {PushInventory.Token26737}");
        Assert.Equal(400, status);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;
        Assert.StartsWith("partial write: 2 of 4 lines rejected, 2 stored: line 2: ", error, StringComparison.Ordinal);
        Assert.Contains("line 4: measurement 'scrape' is the center's own", error, StringComparison.Ordinal);
        Assert.EndsWith("dropped=2", error, StringComparison.Ordinal);

        var (v2, v2Body) = await SendAsync(collector, Post("/api/v2/write?bucket=edoc&precision=s", "edoc a=4 1700000004\nedoc,t a=5\n"));
        Assert.Equal(HttpStatusCode.BadRequest, v2);
        var v2Error = JsonDocument.Parse(v2Body).RootElement;
        Assert.Equal("invalid", v2Error.GetProperty("code").GetString());
        Assert.Contains("line 2: ", v2Error.GetProperty("message").GetString(), StringComparison.Ordinal);

        var rows = await EventuallyRowsAsync(influx, "SELECT a FROM edoc", 3);
        Assert.Equal(["1", "3", "4"], rows.Select(r => r["a"]!.ToString()!).Order(StringComparer.Ordinal));

        // The forged status line is not stored: every scrape point is the monitor's own (it has the collector tag).
        var scrape = await EventuallyRowsAsync(influx, "SELECT * FROM scrape", 1);
        Assert.All(scrape, r => Assert.Equal("collector-0of1", r["collector"]));
    }

    [Fact]
    public async Task heartbeats_from_curl_set_the_status_and_write_scrape_points()
    {
        var db = await fleet.Influx.CreateDatabaseAsync("push");
        await using var collector = await CollectorHost.StartAsync(PushInventory.Yaml(), fleet.Influx.Url, db, "--Collector:StoreHealth=true");
        var influx = fleet.Influx.Client(db);

        var (status, body) = await CurlAsync(collector, "/push/26737/edoc/heartbeat",
            """{"health":{"status":"Degraded","totalDuration":"00:00:00.010","entries":{"queue":{"status":"Degraded","description":"queue backing up"}}}}""",
            "-u", $"{PushInventory.User26737}:{PushInventory.Password26737}", "-H", "Content-Type: application/json");
        Assert.True(status == 204, body);
        (status, body) = await CurlAsync(collector, "/push/26737/dossier/heartbeat", "", "-H", $"Authorization: Bearer {PushInventory.Token26737}");
        Assert.True(status == 204, body);
        (status, body) = await CurlAsync(collector, "/push/26737/dossier/heartbeat", """{"status":"sideways"}""", "-H", $"Authorization: Bearer {PushInventory.Token26737}");
        Assert.Equal(400, status);
        Assert.Contains("status: 'sideways' is not one of up, degraded, down", body, StringComparison.Ordinal);

        var states = await collector.TargetsAsync();
        var edoc = states.Single(s => s.TargetId == "26737/edoc");
        Assert.Equal(TargetStatus.Degraded, edoc.Status);
        Assert.Equal(StatusReason.UnhealthyEntry, edoc.Reason);
        Assert.Equal("queue: queue backing up", edoc.Detail);
        Assert.Equal(TargetStatus.Up, states.Single(s => s.TargetId == "26737/dossier").Status);
        Assert.Equal(TargetStatus.Unknown, states.Single(s => s.TargetId == "79/portal").Status);

        var scrape = await EventuallyRowsAsync(influx, "SELECT * FROM scrape WHERE \"system\" = 'edoc'", 1);
        Assert.Equal("Degraded", scrape[0]["status"]);
        Assert.Equal("UnhealthyEntry", scrape[0]["reason"]);
        Assert.Equal("1", scrape[0]["up"]);
        var health = await EventuallyRowsAsync(influx, "SELECT * FROM health", 1);
        Assert.Equal("queue", health[0]["entry"]);
    }

    [Fact]
    public async Task limits_answer_a_4xx_naming_the_limit_and_keep_nothing_of_a_refused_request()
    {
        var db = await fleet.Influx.CreateDatabaseAsync("push");
        await using var collector = await CollectorHost.StartAsync(PushInventory.Yaml(), fleet.Influx.Url, db,
            "--Collector:Push:MaxBodyBytes=2048", "--Collector:Push:MaxPointsPerRequest=5", "--Collector:Push:Burst=5",
            "--Collector:Push:PointsPerSecond=1", "--Collector:Push:MaxSeriesPerUnit=3");
        var influx = fleet.Influx.Client(db);

        // Body size: as sent, and once gzip is undone (a small gzip of a large body).
        var (status, body) = await SendAsync(collector, Post("/write?db=edoc", "edoc v=1 " + new string('1', 3000) + "\n"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("Collector:Push:MaxBodyBytes (2048 bytes)", body, StringComparison.Ordinal);
        var large = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("edoc v=1\n", 400)));
        using var gzipped = new MemoryStream();
        await using (var gzip = new GZipStream(gzipped, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(large);
        }

        Assert.True(gzipped.Length < 2048);
        using var bomb = new HttpRequestMessage(HttpMethod.Post, "/api/v2/write?bucket=edoc") { Content = new ByteArrayContent(gzipped.ToArray()) };
        bomb.Content.Headers.ContentEncoding.Add("gzip");
        bomb.Headers.Authorization = new AuthenticationHeaderValue("Token", PushInventory.Token26737);
        (status, body) = await SendAsync(collector, bomb);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("request too large", JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
        Assert.Contains("once gzip is undone", body, StringComparison.Ordinal);

        // Points per request.
        (status, body) = await SendAsync(collector, Post("/write?db=edoc", "edoc v=1\nedoc v=2\nedoc v=3\nedoc v=4\nedoc v=5\nedoc v=6\n"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("Collector:Push:MaxPointsPerRequest (5)", body, StringComparison.Ordinal);

        // Rate: the burst of 5 passes, the next request is 429 with Retry-After.
        (status, body) = await SendAsync(collector, Post("/write?db=edoc&precision=s", "edoc v=1 1700000001\nedoc v=2 1700000002\nedoc v=3 1700000003\nedoc v=4 1700000004\nedoc v=5 1700000005\n"));
        Assert.True(status == HttpStatusCode.NoContent, body);
        using (var rated = Post("/write?db=edoc&precision=s", "edoc v=6 1700000006\nedoc v=7 1700000007\nedoc v=8 1700000008\n"))
        {
            using var response = await collector.Client.SendAsync(rated);
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
            Assert.Contains("Collector:Push:PointsPerSecond (1/s, burst 5)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Series per unit (79 has its own bucket): 3 series pass, the 4th new one is refused by line, the rest stored.
        (status, body) = await SendAsync(collector, Post("/write?precision=s", "portal,k=a v=1 1700000001\nportal,k=b v=1 1700000001\nportal,k=c v=1 1700000001\nportal,k=d v=1 1700000001\nportal,k=a v=2 1700000002\n", PushInventory.Token79));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("line 4: new series refused, unit 79 has reached Collector:Push:MaxSeriesPerUnit (3 series)", body, StringComparison.Ordinal);

        var edoc = await EventuallyRowsAsync(influx, "SELECT v FROM edoc", 5);
        Assert.Equal(["1", "2", "3", "4", "5"], edoc.Select(r => r["v"]!.ToString()!).Order(StringComparer.Ordinal));
        var portal = await EventuallyRowsAsync(influx, "SELECT v, k FROM portal", 4);
        Assert.DoesNotContain(portal, r => Equals(r["k"], "d"));
        Assert.Equal(4, portal.Count);
        Assert.Equal(1, await collector.MetricAsync("supervision_collector_push_refused_points_total"));
    }

    [Fact]
    public async Task pushed_points_go_through_the_disk_buffer_while_influxdb_is_down()
    {
        var deadInflux = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var collector = await CollectorHost.StartAsync(PushInventory.Yaml(), deadInflux, "supervision", "--Collector:ShutdownGrace=00:00:01");
        try
        {
            var (status, body) = await SendAsync(collector, Post("/write?db=edoc&precision=s", "edoc,channel=lgsp pushed_while_down=1 1700000001\n"));
            Assert.True(status == HttpStatusCode.NoContent, body);
            await CollectorHost.EventuallyAsync(async () => await collector.MetricAsync("supervision_collector_points_spilled_total") >= 1, Wait, "the pushed point spilled");
            await collector.StopAsync();
            using var buffer = new DiskBuffer(collector.BufferDirectory, long.MaxValue, TimeSpan.FromDays(365), TimeProvider.System, NullLogger<DiskBuffer>.Instance);
            var spilled = new StringBuilder();
            foreach (var batch in buffer.PeekMany(1000))
            {
                spilled.Append(Encoding.UTF8.GetString(batch.Body));
            }

            Assert.Contains("edoc,channel=lgsp,unit=26737,province=79,system=edoc,level=commune pushed_while_down=1 1700000001000\n", spilled.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await collector.DisposeAsync();
        }
    }
}
