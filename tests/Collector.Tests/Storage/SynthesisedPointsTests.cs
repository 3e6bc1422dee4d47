using System.Text;
using Supervision.Collector.Parsing;
using Supervision.Collector.Scraping;
using Supervision.Collector.Storage;
using Supervision.Core.Domain;
using Supervision.Core.Influx;

namespace Supervision.Collector.Tests.Storage;

public sealed class SynthesisedPointsTests
{
    private static readonly Target Dossier = new("26737", "dossier", "79", UnitLevel.Commune, new Uri("http://127.0.0.1:1/t/26737/dossier"), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10));

    [Fact]
    public void a_health_entry_influxdb_would_refuse_is_a_counted_skip_and_the_scrape_point_stays()
    {
        // The entry names come from the target's /health: one longer than InfluxDB's 64 KiB series key.
        var longName = new string('x', 70_000);
        var json = "{\"status\":\"Degraded\",\"entries\":{\"db\":{\"status\":\"Healthy\"},\"" + longName + "\":{\"status\":\"Degraded\"}}}";
        Assert.True(HealthReportParser.TryParse(Encoding.UTF8.GetBytes(json), out var health, out var error), error);
        var result = new ScrapeResult(TargetStatus.Degraded, StatusReason.None, null, TimeSpan.FromMilliseconds(12), 3, health);
        var lines = new LineProtocolBuilder(1024);
        var points = new SamplePointWriter();
        points.Reset(lines, Dossier, 1000);

        SynthesisedPoints.Write(lines, Dossier, result, "collector-0of1", 1000, health: true, points);

        var written = Encoding.UTF8.GetString(lines.WrittenMemory.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, written.Length);
        Assert.StartsWith("scrape,", written[0], StringComparison.Ordinal);
        Assert.StartsWith("health,", written[1], StringComparison.Ordinal);
        Assert.Contains("entry=db", written[1], StringComparison.Ordinal);
        Assert.Equal(1, points.Unstorable);
        Assert.Equal(LineProtocolPart.SeriesKey, points.FirstUnstorable.Part);
        Assert.StartsWith("health entry xxx", points.FirstUnstorable.Name, StringComparison.Ordinal);
    }
}
