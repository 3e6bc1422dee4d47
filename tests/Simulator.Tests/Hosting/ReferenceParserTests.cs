using System.Text;
using Supervision.Collector.Parsing;
using Supervision.Simulator.Tests.Support;
using CollectorFormat = Supervision.Collector.Parsing.ExpositionFormat;

namespace Supervision.Simulator.Tests.Hosting;

/// <summary>What the simulator serves, read by the collector's own parsers (the reference reader of the project).</summary>
public sealed class ReferenceParserTests
{
    [Fact]
    public async Task every_target_of_the_small_fleet_parses_with_the_collector_parser_in_both_formats()
    {
        await using var host = await SimulatorHost.StartAsync();
        foreach (var target in TestInventories.Small().Targets)
        {
            var prom = await host.GetTextAsync($"/t/{target.Id}/metrics");
            var (promSamples, promError) = ExpositionParser.ParseToList(prom, CollectorFormat.PrometheusText);
            Assert.True(promError is null, $"{target.Id}: {promError}");
            Assert.Equal(ExpositionChecker.Check(prom, openMetrics: false).Count, promSamples.Count);

            var om = await host.GetTextAsync($"/t/{target.Id}/metrics", "application/openmetrics-text");
            var (omSamples, omError) = ExpositionParser.ParseToList(om, CollectorFormat.OpenMetrics);
            Assert.True(omError is null, $"{target.Id}: {omError}");
            Assert.NotEmpty(omSamples);

            using var health = await host.Client.GetAsync($"/t/{target.Id}/health");
            var bytes = await health.Content.ReadAsByteArrayAsync();
            Assert.True(HealthReportParser.TryParse(bytes, out var report, out var error), $"{target.Id}: {error}");
            Assert.Equal(HealthStatus.Healthy, report!.Status);
            Assert.NotEmpty(report.Entries);
        }
    }

    [Fact]
    public async Task garbage_is_rejected_and_stall_reads_as_degraded_by_the_collector_parsers()
    {
        await using var host = await SimulatorHost.StartAsync();
        await host.AddFaultAsync("""{"selector":{"unit":"79","system":"edoc"},"kind":"garbage"}""");
        await host.AddFaultAsync("""{"selector":{"unit":"26737","system":"dossier"},"kind":"stall"}""");
        host.Time.Advance(TimeSpan.FromMinutes(1));
        var (_, error) = ExpositionParser.ParseToList(await host.GetTextAsync("/t/79/edoc/metrics"), CollectorFormat.PrometheusText);
        Assert.NotNull(error);
        var (_, omError) = ExpositionParser.ParseToList(await host.GetTextAsync("/t/79/edoc/metrics", "application/openmetrics-text"), CollectorFormat.OpenMetrics);
        Assert.NotNull(omError);

        var body = Encoding.UTF8.GetBytes(await host.GetTextAsync("/t/26737/dossier/health"));
        Assert.True(HealthReportParser.TryParse(body, out var report, out _));
        Assert.Equal(HealthStatus.Degraded, report!.Status);
    }

    [Fact]
    public async Task down_health_reads_as_unhealthy_by_the_collector_parser()
    {
        await using var host = await SimulatorHost.StartAsync();
        await host.AddFaultAsync("""{"selector":{"unit":"79","system":"edoc"},"kind":"down"}""");
        using var response = await host.Client.GetAsync("/t/79/edoc/health");
        Assert.True(HealthReportParser.TryParse(await response.Content.ReadAsByteArrayAsync(), out var report, out _));
        Assert.Equal(HealthStatus.Unhealthy, report!.Status);
    }
}
