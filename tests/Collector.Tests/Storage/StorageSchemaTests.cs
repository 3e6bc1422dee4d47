using System.Text;
using Supervision.Collector.Parsing;
using Supervision.Collector.Scraping;
using Supervision.Collector.Storage;
using Supervision.Core.Domain;
using Supervision.Core.Influx;
using Supervision.Core.Schema;
using Supervision.Testing;

namespace Supervision.Collector.Tests.Storage;

/// <summary>
/// The collector writes the synthesised points with the Core schema's names, and the Dashboard's statements (built
/// from the same names) read them back from a real InfluxDB: a rename on either side fails here, not end to end.
/// </summary>
public sealed class StorageSchemaTests(InfluxServerFixture influx) : IClassFixture<InfluxServerFixture>
{
    private static readonly Target Dossier = new("26737", SystemCatalogue.Dossier, "79", UnitLevel.Commune, new Uri("http://127.0.0.1:1/t/26737/dossier"), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10));

    [Fact]
    public void the_scrape_and_health_points_carry_exactly_the_schema_names()
    {
        var lines = Written(DateTimeOffset.FromUnixTimeMilliseconds(1_000));
        var reader = new LineProtocolReader(lines.WrittenMemory.Span);

        Assert.True(reader.TryRead(out var scrape, out var error), error);
        Assert.Equal(Measurements.Scrape, LineProtocolReader.UnescapeMeasurement(scrape.Measurement));
        var (scrapeTags, scrapeFields) = Keys(scrape);
        Assert.Equal(TagNames.OfTarget.Append(TagNames.Collector).Order(StringComparer.Ordinal), scrapeTags.Order(StringComparer.Ordinal));
        Assert.Equal(SchemaNames.Of(typeof(ScrapeFields)).Order(StringComparer.Ordinal), scrapeFields.Order(StringComparer.Ordinal));

        Assert.True(reader.TryRead(out var health, out error), error);
        Assert.Equal(Measurements.Health, LineProtocolReader.UnescapeMeasurement(health.Measurement));
        var (healthTags, healthFields) = Keys(health);
        Assert.Equal(TagNames.OfTarget.Append(TagNames.Entry).Order(StringComparer.Ordinal), healthTags.Order(StringComparer.Ordinal));
        Assert.Equal(SchemaNames.Of(typeof(HealthFields)).Order(StringComparer.Ordinal), healthFields.Order(StringComparer.Ordinal));
        Assert.False(reader.TryRead(out _, out _));
    }

    [Fact]
    public async Task what_the_collector_writes_the_dashboards_statements_read_back()
    {
        var client = influx.Client(await influx.CreateDatabaseAsync("schema"));
        var at = TimeProvider.System.GetUtcNow().AddSeconds(-30);
        at = DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());
        await client.WriteAsync(Written(at).WrittenMemory);

        var latest = (await client.QueryAsync(ScrapeStatements.LatestStates(TimeSpan.FromMinutes(5)))).Series.Single();
        Assert.Equal((Dossier.UnitId, Dossier.System), (latest.Tag(TagNames.Unit), latest.Tag(TagNames.System)));
        Assert.Equal((double)TargetStatus.Down, latest.Double(0, ScrapeStatements.Code));
        Assert.Equal(nameof(StatusReason.Timeout), latest.String(0, ScrapeFields.Reason));

        var last = (await client.QueryAsync(ScrapeStatements.LastScrapes(Dossier.UnitId, 5))).Series.Single();
        Assert.Equal(Dossier.System, last.Tag(TagNames.System));
        Assert.Equal(nameof(TargetStatus.Down), last.String(0, ScrapeFields.Status));
        Assert.Equal(1.5, last.Double(0, ScrapeFields.DurationSeconds));
        Assert.Equal(42, last.Double(0, ScrapeFields.Samples));

        var history = (await client.QueryAsync(ScrapeStatements.StatusHistory(Dossier.UnitId, Dossier.System, at.AddMinutes(-5), at.AddMinutes(5), TimeSpan.FromMinutes(5)))).Series.Single();
        var bucket = Enumerable.Range(0, history.Values.Count).Single(i => history.Double(i, ScrapeStatements.Count) is > 0);
        Assert.Equal((double)TargetStatus.Down, history.Double(bucket, ScrapeStatements.Worst));
        Assert.Equal(0, history.Double(bucket, ScrapeStatements.UpShare));

        var availability = (await client.QueryAsync(ScrapeStatements.Availability(Dossier.UnitId))).Series.Single();
        Assert.Equal(Dossier.System, availability.Tag(TagNames.System));
        Assert.Contains(0.0, Enumerable.Range(0, availability.Values.Count).Select(i => availability.Double(i, ScrapeStatements.Mean)));
    }

    [Fact]
    public async Task a_tag_value_with_quotes_and_backslashes_is_compared_as_written()
    {
        // The readers quote request-supplied values with InfluxQl.StringLiteral: what was written is what matches.
        var client = influx.Client(await influx.CreateDatabaseAsync("quote"));
        var odd = "a'b\\c\"d";
        var lines = new LineProtocolBuilder(256);
        lines.BeginPoint(Measurements.Scrape);
        lines.Tag(TagNames.Unit, odd);
        lines.Field(ScrapeFields.Up, 1L);
        lines.EndPoint(1_000);
        await client.WriteAsync(lines.WrittenMemory);

        var statement = $"SELECT {InfluxQl.Identifier(ScrapeFields.Up)} FROM {InfluxQl.Identifier(Measurements.Scrape)} WHERE {InfluxQl.TagEquals(TagNames.Unit, odd)}";
        var result = await client.QueryAsync(statement);
        Assert.Null(result.Statements[0].Error);
        Assert.Equal(1, result.Series.Single().Double(0, ScrapeFields.Up));
    }

    private static LineProtocolBuilder Written(DateTimeOffset at)
    {
        const string json = "{\"status\":\"Unhealthy\",\"entries\":{\"db\":{\"status\":\"Unhealthy\",\"duration\":\"00:00:00.25\"}}}";
        Assert.True(HealthReportParser.TryParse(Encoding.UTF8.GetBytes(json), out var health, out var error), error);
        var result = new ScrapeResult(TargetStatus.Down, StatusReason.Timeout, null, TimeSpan.FromSeconds(1.5), 42, health);
        var lines = new LineProtocolBuilder(1024);
        SynthesisedPoints.Write(lines, Dossier, result, "collector-0of1", at.ToUnixTimeMilliseconds(), health: true);
        return lines;
    }

    private static (List<string> Tags, List<string> Fields) Keys(LineProtocolLine line)
    {
        var tags = new List<string>();
        var t = new LineProtocolTagEnumerator(line.Tags);
        while (t.MoveNext())
        {
            tags.Add(LineProtocolReader.UnescapeKey(t.Current.Key));
        }

        var fields = new List<string>();
        var f = new LineProtocolFieldEnumerator(line.Fields);
        while (f.MoveNext())
        {
            fields.Add(LineProtocolReader.UnescapeKey(f.Current.Key));
        }

        return (tags, fields);
    }
}
