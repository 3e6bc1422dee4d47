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

    [Fact]
    public void members_in_any_order_and_unknown_ones_of_any_shape_are_read_as_asp_net_writes_them()
    {
        var body = """
            {"entries":{"lgsp":{"tags":["a",{"b":[1,2]}],"data":{"nested":{"x":null}},"duration":"00:00:01.5000000","status":"Unhealthy","description":"timeout"},
                        "cache":{"status":"Healthy"}},
             "extra":[true,false,{"status":"Healthy"}],"totalDuration":"00:00:01.6","status":"Unhealthy"}
            """;
        Assert.True(HealthReportParser.TryParse(Encoding.UTF8.GetBytes(body), out var report, out var error), error);
        Assert.Equal(HealthStatus.Unhealthy, report!.Status);
        Assert.Equal(TimeSpan.FromSeconds(1.6), report.TotalDuration);
        Assert.Equal(new HealthEntry("lgsp", HealthStatus.Unhealthy, "timeout", TimeSpan.FromSeconds(1.5)), report.Entries[0]);
        Assert.Equal(new HealthEntry("cache", HealthStatus.Healthy, null, null), report.Entries[1]);
    }

    [Fact]
    public void escaped_strings_are_decoded_and_a_repeated_member_takes_its_last_value()
    {
        var body = """{"status":"Unhealthy","status":"\u0048ealthy","entries":{"h\u00e0ng \"đợi\"":{"status":"Degr\u0061ded","duration":"00:00:00.0100"}}}""";
        Assert.True(HealthReportParser.TryParse(Encoding.UTF8.GetBytes(body), out var report, out var error), error);
        Assert.Equal(HealthStatus.Healthy, report!.Status);
        Assert.Null(report.TotalDuration);
        Assert.Equal(new HealthEntry("hàng \"đợi\"", HealthStatus.Degraded, null, TimeSpan.FromMilliseconds(10)), Assert.Single(report.Entries));
    }

    [Theory]
    [InlineData("{\"status\":\"Healthy\"} trailing", "malformed JSON at line 1")]
    [InlineData("{\"status\":\"Fine\",\"entries\":{", "malformed JSON")]
    [InlineData("{\"status\":\"Healthy\",\"entries\":[]}", "field 'entries': expected an object")]
    [InlineData("{\"status\":\"Healthy\",\"entries\":{\"db\":\"Healthy\"}}", "entries.db.status")]
    [InlineData("{\"status\":\"Healthy\",\"entries\":{\"ok\":{\"status\":\"Healthy\"},\"queue\":{\"description\":\"no status\"}}}", "entries.queue.status")]
    [InlineData("{\"status\":\"Fine\",\"entries\":{\"db\":{}}}", "field 'status'")]
    [InlineData("{\"status\":{\"nested\":\"Healthy\"}}", "field 'status'")]
    [InlineData("{\"status\":\"Healthy\"\n,\n\"entries\":{\"db\":{\"status\":\"Healthy\"}}\n,}", "malformed JSON at line 4")]
    public void a_broken_document_is_malformed_before_any_field_is_judged_and_the_first_bad_field_is_named(string body, string message)
    {
        Assert.False(HealthReportParser.TryParse(Encoding.UTF8.GetBytes(body), out var report, out var error));
        Assert.Null(report);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    /// <summary>Fuzzing found these throwing InvalidOperationException out of the reader; they are rejections.</summary>
    [Theory]
    [InlineData("{\"status\":\"\\ud800\"}")]
    [InlineData("{\"status\":\"Healthy\",\"entries\":{\"db\":{\"status\":\"Healthy\",\"duration\":\"\\udc00\"}}}")]
    public void a_lone_surrogate_escape_in_a_string_is_a_rejection_not_an_exception(string body)
    {
        Assert.False(HealthReportParser.TryParse(Encoding.UTF8.GetBytes(body), out _, out var error));
        Assert.StartsWith("invalid text in JSON string", error, StringComparison.Ordinal);
    }

    [Fact]
    public void invalid_utf8_in_an_entry_name_is_a_rejection_not_an_exception()
    {
        byte[] body = [.. "{\"status\":\"Healthy\",\"entries\":{\"q"u8, 0xA0, .. "\":{\"status\":\"Healthy\"}}}"u8];
        Assert.False(HealthReportParser.TryParse(body, out _, out var error));
        Assert.StartsWith("invalid text in JSON string", error, StringComparison.Ordinal);
    }
}
