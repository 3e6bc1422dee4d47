using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Core.Calendar;
using Supervision.Core.InventoryFiles;
using Supervision.Simulator;
using Supervision.Testing;

namespace Supervision.Collector.Tests.Integration;

/// <summary>A real InfluxDB and a simulator serving one province (79) with three of its communes.</summary>
public sealed class FleetFixture : IAsyncLifetime
{
    public static readonly string[] Units =
    [
        "{ id: \"79\", name: \"Hồ Chí Minh\", level: province, kind: city }",
        "{ id: \"26737\", name: \"Phường Tân Định\", level: commune, province: \"79\", kind: ward }",
        "{ id: \"26740\", name: \"Phường Đa Kao\", level: commune, province: \"79\", kind: ward }",
        "{ id: \"26743\", name: \"Phường Bến Nghé\", level: commune, province: \"79\", kind: ward }",
    ];

    public InfluxServerFixture Influx { get; } = new();

    public WebApplication Simulator { get; private set; } = null!;

    public Uri SimulatorUrl { get; private set; } = null!;

    public HttpClient SimulatorClient { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Influx.InitializeAsync();
        var inventory = InventoryLoader.Load(new StringReader(CollectorHost.Inventory("http://unused", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), Units)), "sim.yaml").Inventory!;
        Simulator = SimulatorApp.Build(["--port", "0", "--seed", "7", "--Logging:LogLevel:Default=Warning"], services =>
        {
            services.AddSingleton(inventory);
            services.AddSingleton(WorkingCalendar.WeekendsOnly);
        });
        await Simulator.StartAsync();
        SimulatorUrl = SimulatorApp.BoundAddress(Simulator);
        SimulatorClient = new HttpClient { BaseAddress = SimulatorUrl };
    }

    public async Task DisposeAsync()
    {
        SimulatorClient.Dispose();
        await Simulator.StopAsync();
        await Simulator.DisposeAsync();
        await Influx.DisposeAsync();
    }
}
