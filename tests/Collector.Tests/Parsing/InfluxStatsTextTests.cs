using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Supervision.Collector.Configuration;
using Supervision.Collector.Parsing;
using Supervision.Collector.Scraping;
using Supervision.Core.Domain;
using Supervision.Testing;

namespace Supervision.Collector.Tests.Parsing;

/// <summary>The center's InfluxDB is scraped through its own statistics (<c>/debug/vars</c>), like any target.</summary>
public sealed class InfluxStatsTextTests
{
    private static readonly Target Influx = new("center", "influxdb", null, UnitLevel.Center, new Uri("http://127.0.0.1:1"), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5),
        HealthPath: "/ping", MetricsPath: "/debug/vars");

    [Fact]
    public void modules_become_samples_named_after_module_and_value_with_their_tags_as_labels()
    {
        const string json = """
            {"system": {"currentTime": "2026-12-07T05:06:49Z", "uptime": 3},
             "cmdline": ["influxd"],
             "httpd:127.0.0.1:8086": {"name": "httpd", "tags": {"bind": "127.0.0.1:8086"}, "values": {"pointsWrittenFail": 2, "writeReqDurationNs": 1500000}},
             "write": {"name": "write", "tags": null, "values": {"writeError": 0, "writeTimeout": 1}},
             "odd": {"name": "tsm1_wal", "tags": {"path": "/a \"b\""}, "values": {"note": "text", "oldSegmentsDiskBytes": 7}}}
            """;
        Assert.True(InfluxStatsText.TryConvert(Encoding.UTF8.GetBytes(json), out var text, out var error), error);
        var lines = Encoding.UTF8.GetString(text).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                "influxdb_httpd_points_written_fail{bind=\"127.0.0.1:8086\"} 2",
                "influxdb_httpd_write_req_duration_ns{bind=\"127.0.0.1:8086\"} 1500000",
                "influxdb_write_write_error 0",
                "influxdb_write_write_timeout 1",
                "influxdb_tsm1_wal_old_segments_disk_bytes{path=\"/a \\\"b\\\"\"} 7",
            ],
            lines);
        Assert.False(InfluxStatsText.TryConvert("{\"a\": "u8, out _, out var bad));
        Assert.Contains("InfluxDB statistics: malformed JSON", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_real_influxdb_s_statistics_are_stored_as_the_center_s_influxdb_target()
    {
        var server = new InfluxServerFixture();
        await server.InitializeAsync();
        byte[] body;
        string? contentType;
        try
        {
            using var http = new HttpClient();
            using var response = await http.GetAsync(new Uri(server.Url, "debug/vars"));
            body = await response.Content.ReadAsByteArrayAsync();
            contentType = response.Content.Headers.ContentType?.ToString();
        }
        finally
        {
            await server.DisposeAsync();
        }

        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 5, 0, 0, TimeSpan.Zero));
        var scraper = new TargetScraper(null!, Options.Create(new CollectorOptions()), time);
        using var fetched = new FetchedScrape(time.GetTimestamp())
        {
            Metrics = new FetchOutcome(StatusReason.None, null, 200, body.Length, contentType),
            MetricsBody = body,
        };
        var work = new ScrapeWorkspace();
        var result = scraper.Process(Influx, time.GetUtcNow(), fetched, work);
        fetched.MetricsBody = null;

        Assert.Equal(TargetStatus.Up, result.Status);
        var lines = Encoding.UTF8.GetString(work.Lines.WrittenMemory.Span);
        Assert.Contains("influxdb,bind=", lines, StringComparison.Ordinal);
        Assert.Contains("influxdb_httpd_points_written_fail=", lines, StringComparison.Ordinal);
        Assert.Contains("influxdb_write_write_timeout=", lines, StringComparison.Ordinal);
        Assert.Contains("unit=center", lines, StringComparison.Ordinal);
        Assert.Contains("level=center", lines, StringComparison.Ordinal);
    }
}
