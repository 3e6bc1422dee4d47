using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Alerting.Data;
using Supervision.Alerting.Window;
using Supervision.Alerting.Tests.Support;

namespace Supervision.Alerting.Tests.Window;

public sealed class LiveIngestEndpointTests : IAsyncLifetime
{
    private AlertingHost _host = null!;

    public async Task InitializeAsync() => _host = await AlertingHost.StartAsync(MinimalRules.Yaml, new InMemoryMetricSource(), null, "--Alerting:EnableScheduler=false");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string Token => _host.App.Services.GetRequiredService<LiveSubscriptionToken>().Value;

    private LiveWindow Window => _host.App.Services.GetRequiredService<LiveWindow>();

    private Task<HttpResponseMessage> PostAsync(string path, string body) =>
        _host.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "text/plain"));

    [Fact]
    public async Task a_wrong_token_finds_nothing_and_stores_nothing()
    {
        var response = await PostAsync("/live/not-the-token/write?db=x&rp=raw&precision=ns", "scrape,unit=1 status_code=3i\n");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, Window.PointCount);
        Assert.Null(Window.CoveredSince);
    }

    [Fact]
    public async Task good_lines_are_kept_and_bad_ones_named_as_influxdb_names_them()
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var response = await PostAsync($"/live/{Token}/write?db=x&rp=raw&precision=ms", $"scrape,unit=1 status_code=3i {now}\nscrape,unit=2 status_code=3x {now}\nscrape,unit=3 up=0i {now}\n");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("partial write: 1 line(s) rejected: line 2: invalid value for field 'status_code'", text, StringComparison.Ordinal);
        Assert.Equal(2, Window.PointCount);
    }

    [Fact]
    public async Task an_unknown_precision_is_refused_before_anything_is_stored()
    {
        var response = await PostAsync($"/live/{Token}/write?precision=weeks", "scrape,unit=1 status_code=3i 1\n");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("precision 'weeks'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, Window.PointCount);
    }

    [Fact]
    public async Task a_gzipped_body_is_read_like_a_plain_one()
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        using var packed = new MemoryStream();
        await using (var gzip = new System.IO.Compression.GZipStream(packed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes($"scrape,unit=1 status_code=3i {now}\n"));
        }

        using var content = new ByteArrayContent(packed.ToArray());
        content.Headers.ContentEncoding.Add("gzip");
        var response = await _host.Http.PostAsync($"/live/{Token}/write?precision=ms", content);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(1, Window.PointCount);
    }
}
