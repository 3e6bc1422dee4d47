using Supervision.Core.Influx;

namespace Supervision.Core.Tests.Influx;

public sealed class InfluxQlTests
{
    [Theory]
    [InlineData("status_code", "\"status_code\"")]
    [InlineData("a\"b", "\"a\\\"b\"")]
    [InlineData("a\\b", "\"a\\\\b\"")]
    [InlineData("a'b", "\"a'b\"")]
    [InlineData("a\nb", "\"a\\nb\"")]
    public void an_identifier_is_double_quoted_with_influxdbs_escapes(string name, string expected) =>
        Assert.Equal(expected, InfluxQl.Identifier(name));

    [Theory]
    [InlineData("79", "'79'")]
    [InlineData("a'b", "'a\\'b'")]
    [InlineData("a\\b", "'a\\\\b'")]
    [InlineData("a\"b", "'a\"b'")]
    public void a_string_literal_is_single_quoted_with_influxdbs_escapes(string value, string expected) =>
        Assert.Equal(expected, InfluxQl.StringLiteral(value));

    [Fact]
    public void a_time_has_milliseconds_only_when_it_has_any()
    {
        var whole = new DateTimeOffset(2026, 11, 1, 20, 0, 0, TimeSpan.FromHours(7));
        Assert.Equal("'2026-11-01T13:00:00Z'", InfluxQl.Time(whole));
        Assert.Equal("'2026-11-01T13:00:00.250Z'", InfluxQl.Time(whole.AddMilliseconds(250)));
        Assert.Equal("time >= '2026-11-01T13:00:00Z' AND time < '2026-11-02T13:00:00Z'", InfluxQl.TimeRange(whole, whole.AddDays(1)));
    }

    [Fact]
    public void the_pieces_compose_the_usual_shapes()
    {
        Assert.Equal("\"hourly\".\"summary_unit\"", InfluxQl.Measurement("hourly", "summary_unit"));
        Assert.Equal("\"unit\" = '79'", InfluxQl.TagEquals("unit", "79"));
        Assert.Equal("(\"system\" = 'edoc' OR \"system\" = 'dossier')", InfluxQl.TagIn("system", ["edoc", "dossier"]));
        Assert.Equal("\"unit\", \"system\"", InfluxQl.Identifiers("unit", "system"));
        Assert.Equal("time > now() - 300s", InfluxQl.Recent(TimeSpan.FromMinutes(5)));
    }
}
