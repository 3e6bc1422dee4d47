using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Collector.Rollups;
using Supervision.Core.Calendar;
using Supervision.Core.InventoryFiles;
using Supervision.Simulator;

namespace Supervision.Collector.Tests.Integration;

/// <summary>
/// The collector's live figures (what the wallboard shows without reading InfluxDB) equal InfluxQL over the very points
/// the same collector stored, at the same instant (docs/storage.md, "Live figures"). The simulator's counters move once a
/// simulated minute, so its clock runs 60 times fast here: a second of test is a minute of the fleet's working day.
/// </summary>
public sealed class LiveFiguresMatchInfluxTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    /// <summary>A clock that runs <paramref name="factor"/> times as fast as the real one from <paramref name="origin"/>.</summary>
    private sealed class FastClock(DateTimeOffset origin, double factor) : TimeProvider
    {
        private readonly long _started = global::System.Diagnostics.Stopwatch.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => origin + (global::System.Diagnostics.Stopwatch.GetElapsedTime(_started) * factor);
    }

    [Fact]
    public async Task the_live_figures_equal_influxql_over_the_points_the_collector_stored()
    {
        var db = await fleet.Influx.CreateDatabaseAsync("figures");
        var influx = fleet.Influx.Client(db);
        var inventory = InventoryLoader.Load(new StringReader(CollectorHost.Inventory("http://unused", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), FleetFixture.Units)), "fast.yaml").Inventory!;
        await using var simulator = SimulatorApp.Build(["--port", "0", "--seed", "7", "--Logging:LogLevel:Default=Warning"], services =>
        {
            // Monday 7 December 2026, 09:00 in Vietnam: a working morning.
            services.AddSingleton<TimeProvider>(new FastClock(new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero), 60));
            services.AddSingleton(inventory);
            services.AddSingleton(WorkingCalendar.WeekendsOnly);
        });
        await simulator.StartAsync();
        var host = await CollectorHost.StartAsync(
            CollectorHost.Inventory(SimulatorApp.BoundAddress(simulator).ToString(), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(800), FleetFixture.Units), fleet.Influx.Url, db);
        await using (host)
        {
            await CollectorHost.EventuallyAsync(
                async () => await CollectorHost.CountAsync(influx, "SELECT count(up) FROM scrape WHERE system = 'dossier'") >= 8 * 4,
                TimeSpan.FromSeconds(90), "eight scrapes of the four dossier targets");
            await host.StopAsync();

            var last = (await influx.QueryAsync("SELECT last(up) FROM scrape")).Series[0];
            var at = DateTimeOffset.FromUnixTimeMilliseconds((long)last.Double(0, "time")!.Value);
            var report = host.Services.GetRequiredService<LiveFigureTracker>().Report("c", at);
            var midnight = new DateTimeOffset(VietnamTime.ToVietnam(at).Date, VietnamTime.Offset);
            var result = await influx.QueryAsync(string.Join("; ",
                $"SELECT sum(d) FROM (SELECT non_negative_difference(edoc_documents_sent_total) AS d FROM edoc WHERE time > {T(at.AddMinutes(-5))} AND time <= {T(at)} GROUP BY unit, channel) WHERE time > {T(at.AddMinutes(-1))} AND time <= {T(at)}",
                $"SELECT sum(d) FROM (SELECT spread(dossier_resolved_total) AS d FROM dossier WHERE time >= {T(midnight)} AND time <= {T(at)} GROUP BY unit, procedure, timeliness)",
                $"SELECT sum(o) FROM (SELECT last(dossier_overdue) AS o FROM dossier WHERE time > {T(at.AddMinutes(-2))} AND time <= {T(at)} GROUP BY unit, procedure)"));
            double Sum(int statement) => result.Statements[statement].Series.Single().Double(0, "sum")!.Value;

            Assert.True(Sum(0) > 0 && Sum(1) > 0 && Sum(2) > 0, $"the simulator moved nothing: {Sum(0)}, {Sum(1)}, {Sum(2)}");
            Assert.Equal(Sum(0), report.DocumentsPerMinute, 6);
            Assert.Equal(Sum(1), report.DossiersResolvedToday, 6);
            Assert.Equal(Sum(2), report.OverdueDossiers, 6);
            Assert.Equal(4, report.DossierTargets);
        }
    }

    private static string T(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "ms";
}
