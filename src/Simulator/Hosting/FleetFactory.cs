using Supervision.Core.Calendar;
using Supervision.Core.InventoryFiles;

namespace Supervision.Simulator.Hosting;

/// <summary>Builds the fleet from the configured files; errors name the file and line.</summary>
internal static class FleetFactory
{
    public static Inventory LoadInventory(SimulatorOptions options)
    {
        var result = InventoryLoader.LoadFile(PathResolver.Resolve(options.Inventory));
        if (result.Inventory is null)
        {
            throw new InvalidOperationException(
                $"inventory '{options.Inventory}' (Simulator:Inventory, --inventory) is invalid:{Environment.NewLine}"
                + string.Join(Environment.NewLine, result.Errors.Select(e => e.ToString())));
        }

        // The center's own parts (self-monitoring targets) are real processes: the simulator serves the fleet only.
        return result.Inventory.WithoutCenter();
    }

    public static WorkingCalendar LoadCalendar(SimulatorOptions options)
    {
        var isDefault = string.Equals(options.Holidays, SimulatorOptions.DefaultHolidays, StringComparison.Ordinal);
        var path = PathResolver.Resolve(options.Holidays);
        if (isDefault && !File.Exists(path))
        {
            return WorkingCalendar.WeekendsOnly;
        }

        return WorkingCalendar.Load(path);
    }

    public static SimulatedFleet Build(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<SimulatorOptions>>().Value;
        var inventory = services.GetService<Inventory>() ?? LoadInventory(options);
        var calendar = services.GetService<WorkingCalendar>() ?? LoadCalendar(options);
        return new SimulatedFleet(inventory, options.Seed, new DayCurve(calendar));
    }
}

/// <summary>Builds the fleet (and its layouts) during start-up so a bad inventory stops the service at once, with its errors.</summary>
internal sealed class FleetWarmup(IServiceProvider services, Microsoft.Extensions.Logging.ILogger<FleetWarmup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var fleet = services.GetRequiredService<SimulatedFleet>();
        services.GetRequiredService<Metrics.MetricsRenderer>();
        services.GetRequiredService<SimulatorTelemetry>();
        var options = services.GetRequiredService<IOptions<SimulatorOptions>>().Value;
        Log.Serving(logger, fleet.Profiles.Count, services.GetService<Inventory>() is null ? options.Inventory : "(in-memory inventory)", fleet.Seed);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
