using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Supervision.Simulator.Tests.Support;

namespace Supervision.Simulator.Tests.Hosting;

/// <summary>The shape of /metrics and /health as scrapers see them.</summary>
public sealed class ExpositionTests
{
    [Theory]
    [InlineData("central/edoc")]
    [InlineData("central/portal")]
    [InlineData("central/meeting")]
    [InlineData("central/handbook")]
    [InlineData("79/opsmgmt")]
    [InlineData("79/dossier")]
    [InlineData("26737/dossier")]
    [InlineData("26737/network")]
    public async Task metrics_follow_the_catalogue_and_parse_in_both_formats(string target)
    {
        await using var host = await SimulatorHost.StartAsync();
        var prom = ExpositionChecker.Check(await host.GetTextAsync($"/t/{target}/metrics"), openMetrics: false);
        var om = ExpositionChecker.Check(await host.GetTextAsync($"/t/{target}/metrics", "application/openmetrics-text; version=1.0.0,text/plain;version=0.0.4;q=0.5"), openMetrics: true);
        var system = target.Split('/')[1];
        var expected = system switch
        {
            "dossier" => new[] { "dossier_received_total", "dossier_resolved_total", "dossier_in_progress", "dossier_overdue", "dossier_processing_seconds_bucket" },
            "edoc" => ["edoc_documents_sent_total", "edoc_documents_received_total", "edoc_queue_length", "edoc_delivery_latency_seconds_bucket"],
            "portal" => ["portal_sync_lag_seconds", "portal_api_calls_total", "portal_api_latency_seconds"],
            "opsmgmt" => ["opsmgmt_active_sessions", "opsmgmt_requests_total", "opsmgmt_request_duration_seconds_bucket"],
            "meeting" => ["meeting_rooms_in_session", "meeting_devices_online"],
            "handbook" => ["handbook_logins_total", "handbook_active_users"],
            "network" => ["network_link_up", "network_rtt_seconds", "network_packet_loss_ratio"],
            _ => throw new InvalidOperationException(system),
        };
        foreach (var name in expected.Append("http_request_duration_seconds"))
        {
            Assert.Contains(prom, s => s.Name == name);
            Assert.Contains(om, s => s.Name == name);
        }

        Assert.Contains(om, s => s.Name.EndsWith("_created", StringComparison.Ordinal));
        Assert.DoesNotContain(prom, s => s.Name.EndsWith("_created", StringComparison.Ordinal));
    }

    [Fact]
    public async Task dossier_series_carry_procedure_and_timeliness_labels()
    {
        await using var host = await SimulatorHost.StartAsync();
        var samples = await host.ScrapeAsync("26737/dossier");
        var resolved = samples.Where(s => s.Name == "dossier_resolved_total").ToList();
        Assert.All(resolved, s => Assert.Matches(@"^\d\.\d{6}$", s.Labels["procedure"]));
        Assert.Equal(["late", "on_time"], resolved.Select(s => s.Labels["timeliness"]).Distinct().Order(StringComparer.Ordinal));
        Assert.True(samples.Sum("dossier_received_total") >= samples.Sum("dossier_resolved_total"));
        Assert.Contains(samples, s => s.Name == "edoc_documents_sent_total" || s.Name == "dossier_in_progress");
    }

    [Fact]
    public async Task openmetrics_is_answered_with_its_content_type_units_and_eof()
    {
        await using var host = await SimulatorHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/t/26737/network/metrics");
        request.Headers.TryAddWithoutValidation("Accept", "application/openmetrics-text;version=1.0.0");
        using var response = await host.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("application/openmetrics-text", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("# EOF\n", body, StringComparison.Ordinal);
        Assert.Contains("# UNIT network_rtt_seconds seconds\n", body, StringComparison.Ordinal);

        var plain = await host.Client.GetAsync("/t/26737/network/metrics");
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", plain.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task metrics_are_gzipped_when_the_scraper_accepts_gzip()
    {
        await using var host = await SimulatorHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/t/79/dossier/metrics");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        using var response = await host.Client.SendAsync(request);
        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        await using var zip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var reader = new StreamReader(zip);
        var samples = ExpositionChecker.Check(await reader.ReadToEndAsync(), openMetrics: false);
        Assert.Contains(samples, s => s.Name == "dossier_received_total");
    }

    [Fact]
    public async Task health_answers_aspnet_health_check_json()
    {
        await using var host = await SimulatorHost.StartAsync();
        using var response = await host.Client.GetAsync("/t/79/edoc/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement;
        Assert.Equal("Healthy", root.GetProperty("status").GetString());
        Assert.True(TimeSpan.TryParse(root.GetProperty("totalDuration").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        var entries = root.GetProperty("entries").EnumerateObject().ToList();
        Assert.NotEmpty(entries);
        foreach (var entry in entries)
        {
            Assert.Equal("Healthy", entry.Value.GetProperty("status").GetString());
            Assert.False(string.IsNullOrEmpty(entry.Value.GetProperty("description").GetString()));
            Assert.True(TimeSpan.TryParse(entry.Value.GetProperty("duration").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
            Assert.Equal(JsonValueKind.Object, entry.Value.GetProperty("data").ValueKind);
        }
    }

    [Fact]
    public async Task unknown_targets_and_endpoints_answer_404()
    {
        await using var host = await SimulatorHost.StartAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/t/99999/edoc/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/t/79/edoc/status")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/t/79")).StatusCode);
    }

    [Fact]
    public async Task the_simulator_exports_its_own_request_and_fault_metrics()
    {
        await using var host = await SimulatorHost.StartAsync();
        await host.GetTextAsync("/t/79/edoc/metrics");
        await host.AddFaultAsync("""{"selector":{"unit":"79"},"kind":"slow"}""");
        var own = ExpositionChecker.Check(await host.GetTextAsync("/metrics"), openMetrics: false);
        Assert.Equal(1, own.Sum("simulator_requests_total", ("endpoint", "metrics"), ("outcome", "ok")));
        Assert.Equal(1, own.Sum("simulator_faults_active", ("kind", "slow")));
    }
}
