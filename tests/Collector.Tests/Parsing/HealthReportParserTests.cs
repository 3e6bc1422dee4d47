using System.Text;
using Supervision.Collector.Parsing;

namespace Supervision.Collector.Tests.Parsing;

public sealed class HealthReportParserTests
{
    [Fact]
    public void the_json_report_gives_status_duration_and_every_entry()
    {
        var body = """
            {"status":"Degraded","totalDuration":"00:00:00.0123","entries":{
              "database":{"status":"Healthy","description":"ok","duration":"00:00:00.0020","data":{}},
              "queue":{"status":"Degraded","description":"backlog 420","duration":"00:00:00.0100","data":{"depth":420},"tags":["lgsp"]}}}
            """;
        Assert.True(HealthReportParser.TryParse(Encoding.UTF8.GetBytes(body), out var report, out var error), error);
        Assert.Equal(HealthStatus.Degraded, report!.Status);
        Assert.Equal(TimeSpan.FromMilliseconds(12.3), report.TotalDuration);
        Assert.Equal(["database", "queue"], report.Entries.Select(e => e.Name));
        Assert.Equal(HealthStatus.Degraded, report.Entries[1].Status);
        Assert.Equal("backlog 420", report.Entries[1].Description);
    }

    [Theory]
    [InlineData("Healthy", HealthStatus.Healthy)]
    [InlineData("Unhealthy\n", HealthStatus.Unhealthy)]
    public void the_plain_text_form_is_understood(string body, HealthStatus status)
    {
        Assert.True(HealthReportParser.TryParse(Encoding.UTF8.GetBytes(body), out var report, out _));
        Assert.Equal(status, report!.Status);
        Assert.Empty(report.Entries);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("{\"status\":\"Fine\"}", "field 'status'")]
    [InlineData("{\"status\":\"Healthy\",\"entries\":{\"db\":{\"status\":1}}}", "entries.db.status")]
    [InlineData("{\"status\":", "malformed JSON")]
    [InlineData("<html>", "neither JSON")]
    public void anything_else_is_rejected_naming_the_field(string body, string message)
    {
        Assert.False(HealthReportParser.TryParse(Encoding.UTF8.GetBytes(body), out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
