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
        (Simulator, SimulatorUrl) = await StartSimulatorAsync(inventory);
        SimulatorClient = new HttpClient { BaseAddress = SimulatorUrl };
    }

    /// <summary>A simulator in this process serving <paramref name="inventory"/> on a free port (seed 7, weekends off), with <paramref name="args"/> added.</summary>
    public static async Task<(WebApplication App, Uri Url)> StartSimulatorAsync(Core.Domain.Inventory inventory, params string[] args)
    {
        var simulator = SimulatorApp.Build(["--port", "0", "--seed", "7", "--Logging:LogLevel:Default=Warning", .. args], services =>
        {
            services.AddSingleton(inventory);
            services.AddSingleton(WorkingCalendar.WeekendsOnly);
        });
        await simulator.StartAsync();
        return (simulator, SimulatorApp.BoundAddress(simulator));
    }

    public async Task DisposeAsync()
    {
        SimulatorClient.Dispose();
        await Simulator.StopAsync();
        await Simulator.DisposeAsync();
        await Influx.DisposeAsync();
    }
}
