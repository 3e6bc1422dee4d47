using Supervision.Collector.Tests.Integration;
using Supervision.Testing;

namespace Supervision.Collector.Tests.Push;

/// <summary>
/// Debian's real Prometheus scrapes a simulator target and sends it with remote_write (protobuf, snappy, bearer token)
/// to the intake, which stores the samples as the scrape path would, under the center's tags.
/// </summary>
[Collection("fleet")]
public sealed class PrometheusRemoteWriteTests(FleetFixture fleet)
{
    private const string Prometheus = "/usr/bin/prometheus";

    [Fact]
    public async Task prometheus_remote_write_reaches_influxdb_under_the_centers_tags()
    {
        Assert.True(File.Exists(Prometheus), $"{Prometheus} is missing: scripts/deps.sh test installs Debian's prometheus");
        var db = await fleet.Influx.CreateDatabaseAsync("remote");
        await using var collector = await CollectorHost.StartAsync(PushInventory.Yaml(), fleet.Influx.Url, db);
        var dir = Path.Combine(Path.GetTempPath(), "supervision-prometheus-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var port = FreePort.Next();
        await File.WriteAllTextAsync(Path.Combine(dir, "prometheus.yml"), $$"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: commune-portal
                metrics_path: /t/79/portal/metrics
                static_configs:
                  - targets: ["{{fleet.SimulatorUrl.Authority}}"]
                    labels: { unit: "01" }
            remote_write:
              - url: "{{new Uri(collector.Address, "/api/v1/write?system=portal")}}"
                authorization: { credentials: "{{PushInventory.Token79}}" }
                queue_config: { batch_send_deadline: 1s, min_backoff: 100ms, max_backoff: 1s }
            """);
        await using var prometheus = ServiceProcess.Start("prometheus", Prometheus,
        [
            $"--config.file={Path.Combine(dir, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(dir, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
        ]);
        try
        {
            var influx = fleet.Influx.Client(db);
            var fields = new List<string>();
            await CollectorHost.EventuallyAsync(async () =>
            {
                var keys = await influx.QueryAsync("SHOW FIELD KEYS FROM portal");
                fields = keys.Series.SelectMany(s => s.Values.Select(v => v[0]?.ToString() ?? string.Empty)).ToList();
                return fields.Contains("up") && fields.Any(f => f.StartsWith("portal_", StringComparison.Ordinal));
            }, TimeSpan.FromSeconds(90), () => Task.FromResult($"remote_write fields in portal: [{string.Join(", ", fields)}]; prometheus: {prometheus.Output}"));

            var up = await influx.QueryAsync("SELECT last(up) FROM portal GROUP BY *");
            var tags = up.Series.Single(s => s.Tags.GetValueOrDefault("job") == "commune-portal").Tags;
            Assert.Equal("79", tags["unit"]);
            Assert.Equal("79", tags["province"]);
            Assert.Equal("portal", tags["system"]);
            Assert.Equal("province", tags["level"]);
            Assert.Equal("01", tags["exported_unit"]);
            Assert.Equal(fleet.SimulatorUrl.Authority, tags["instance"]);
            Assert.True(await collector.MetricAsync("supervision_collector_push_points_total") > 0);
            Assert.Equal(Core.Domain.TargetStatus.Up, (await collector.TargetsAsync()).Single(s => s.TargetId == "79/portal").Status);
        }
        finally
        {
            await prometheus.StopAsync(TimeSpan.FromSeconds(5));
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // prometheus' last write; the temp folder is cleaned by the OS
            }
        }
    }
}
