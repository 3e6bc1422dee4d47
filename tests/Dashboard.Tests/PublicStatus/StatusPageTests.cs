using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Supervision.Dashboard.Tests.PublicStatus;

/// <summary>The citizens' page <c>/status</c> and <c>/status.json</c> on a real Dashboard and InfluxDB (<see cref="StatusPageFixture"/>).</summary>
public sealed class StatusPageTests(StatusPageFixture fixture) : IClassFixture<StatusPageFixture>
{
    [Fact]
    public async Task anyone_reads_the_page_in_vietnamese_with_each_provinces_services_and_their_interruptions()
    {
        using var http = TestUsers.Client(fixture.Address);
        using var response = await http.GetAsync(new Uri("/status", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("Tình trạng dịch vụ công trực tuyến", html, StringComparison.Ordinal);
        Assert.Equal(34, CountOf(html, "class=\"province\""));
        Assert.Contains("Cổng dịch vụ công thành phố Hồ Chí Minh gián đoạn từ 10:10 ngày 07/12/2026, chưa khôi phục.", html, StringComparison.Ordinal);
        Assert.Contains("Cổng dịch vụ công thành phố Hà Nội gián đoạn từ 07:00 đến 07:30 ngày 07/12/2026 (30 phút).", html, StringComparison.Ordinal);
        Assert.Contains("Cập nhật lúc 10:30 ngày 07/12/2026 (giờ Việt Nam).", html, StringComparison.Ordinal);
        Assert.Contains("Tỷ lệ hoạt động tính đến 10:00 ngày 07/12/2026.", html, StringComparison.Ordinal);

        var hcm = Card(html, "79");
        // Portal: 228/240 in each of today's 10 hours; 239/240 in the week's other 158. E-documents (all down) do not count.
        Assert.Contains("""data-service="portal"><div class="name">Cổng dịch vụ công</div><div class="state" data-testid="state">Gián đoạn</div>""", hcm, StringComparison.Ordinal);
        Assert.Contains("""<dd data-testid="today">95,0%</dd></div><div><dt>7 ngày</dt><dd data-testid="days7">99,3%</dd>""", hcm, StringComparison.Ordinal);
        // Dossier systems: the province's and the communes' together (12,300 of 12,400 today; 208,220 of 208,320 in 7 days).
        Assert.Contains("""<dd data-testid="today">99,1%</dd></div><div><dt>7 ngày</dt><dd data-testid="days7">99,9%</dd>""", hcm, StringComparison.Ordinal);
        // A province without figures says so in words, never with a dash; one never heard from has no information.
        var caoBang = Card(html, "04");
        Assert.Contains("chưa có số liệu", caoBang, StringComparison.Ordinal);
        Assert.Contains("Chưa có thông tin", caoBang, StringComparison.Ordinal);
        Assert.DoesNotContain("—", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task nothing_internal_reaches_the_page_or_its_json()
    {
        using var http = TestUsers.Client(fixture.Address);
        var html = await http.GetStringAsync(new Uri("/status", UriKind.Relative));
        var json = await http.GetStringAsync(new Uri("/status.json", UriKind.Relative));

        // The positive signal first: the page shows the outage whose alert and state carry those words.
        Assert.Contains("thành phố Hồ Chí Minh gián đoạn", html, StringComparison.Ordinal);
        Assert.Contains("thành phố Hồ Chí Minh gián đoạn", json, StringComparison.Ordinal);
        foreach (var word in StatusPageFixture.Internal)
        {
            Assert.DoesNotContain(word, html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(word, json, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task the_json_is_the_typed_report()
    {
        using var http = TestUsers.Client(fixture.Address);
        using var response = await http.GetAsync(new Uri("/status.json", UriKind.Relative));
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var report = (await JsonSerializer.DeserializeAsync<Core.Messages.PublicStatusReport>(await response.Content.ReadAsStreamAsync(), Supervision.Core.Messages.HubJson.Options))!;

        Assert.Equal(34, report.Provinces.Count);
        var hcm = report.Provinces.Single(p => p.Code == "79");
        Assert.Equal("Thành phố Hồ Chí Minh", hcm.Name);
        Assert.Equal(Core.Messages.PublicServiceState.Interrupted, hcm.Portal.State);
        Assert.Equal(0.95, hcm.Portal.Today!.Value, 6);
        Assert.Equal(Core.Messages.PublicServiceState.Normal, report.Provinces.Single(p => p.Code == "01").Portal.State);
        Assert.Equal(2, report.Incidents.Count);
        Assert.Null(report.Incidents[0].End);
        Assert.Equal(StatusPageFixture.Now.AddHours(-3), report.Incidents[1].End);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.Zero), report.AvailabilityThrough);
    }

    [Fact]
    public async Task a_burst_of_requests_is_served_from_memory_without_one_influxdb_query()
    {
        // Positive signal first: the refresher has built the page and read the roll-ups (InfluxDB counted them too).
        Assert.True(fixture.Refresher.Builds >= 2);
        Assert.True(fixture.Refresher.InfluxQueries >= 2);
        var refresherQueries = fixture.Refresher.InfluxQueries;
        var influxQueries = await fixture.Influx.QueryRequestsAsync();
        Assert.True(influxQueries >= refresherQueries);

        using var http = TestUsers.Client(fixture.Address);
        var statuses = new HashSet<HttpStatusCode>();
        var served = 0;
        await Parallel.ForAsync(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            using var response = await http.GetAsync(new Uri(i % 2 == 0 ? "/status" : "/status.json", UriKind.Relative), ct);
            await response.Content.ReadAsByteArrayAsync(ct);
            lock (statuses)
            {
                statuses.Add(response.StatusCode);
                served++;
            }
        });

        Assert.Equal(2000, served);
        Assert.Equal([HttpStatusCode.OK], statuses);
        Assert.Equal(refresherQueries, fixture.Refresher.InfluxQueries);
        Assert.Equal(influxQueries, await fixture.Influx.QueryRequestsAsync());
    }

    [Fact]
    public async Task a_browser_that_has_the_page_gets_304_and_caches_may_keep_it()
    {
        using var http = TestUsers.Client(fixture.Address);
        using var first = await http.GetAsync(new Uri("/status", UriKind.Relative));
        var tag = first.Headers.ETag!;
        Assert.False(tag.IsWeak);
        Assert.True(first.Headers.CacheControl!.Public);
        Assert.Equal(TimeSpan.FromSeconds(30), first.Headers.CacheControl.MaxAge);

        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri("/status", UriKind.Relative));
        again.Headers.IfNoneMatch.Add(tag);
        using var notModified = await http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        using var other = new HttpRequestMessage(HttpMethod.Get, new Uri("/status", UriKind.Relative));
        other.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0123\""));
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(other)).StatusCode);
    }

    [Fact]
    public async Task the_internal_status_api_and_hub_need_sign_in_while_the_public_page_does_not()
    {
        using var anonymous = TestUsers.Client(fixture.Address);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/status", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/status", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/status/provinces/79", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(new Uri("/hubs/status/negotiate?negotiateVersion=1", UriKind.Relative), null)).StatusCode);

        using var viewer = TestUsers.Client(fixture.Address, await TestUsers.SignInAsync(fixture.Address, TestUsers.Viewer));
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync(new Uri("/api/status", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.PostAsync(new Uri("/hubs/status/negotiate?negotiateVersion=1", UriKind.Relative), null)).StatusCode);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string Card(string html, string code)
    {
        var start = html.IndexOf($"data-testid=\"province-{code}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no card for province {code}");
        return html[start..html.IndexOf("</article>", start, StringComparison.Ordinal)];
    }
}
