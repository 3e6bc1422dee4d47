using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Supervision.Simulator.Tests.Hosting;

/// <summary>Configuration errors stop the simulator at start-up with a message naming the setting.</summary>
public sealed class StartupTests
{
    [Fact]
    public void a_port_that_is_not_a_port_is_refused_when_building()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => SimulatorApp.Build(["--port", "70000"]));
        Assert.Contains("--port", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_missing_inventory_file_stops_the_start_naming_the_file()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-inventory.yaml");
        await using var app = SimulatorApp.Build(["--port", "0", "--inventory", missing]);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());
        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_shipped_national_inventory_file_starts_from_the_command_line()
    {
        await using var app = SimulatorApp.Build(["--port", "0", "--inventory", Supervision.Testing.RepoPaths.NationalInventory, "--holidays", Supervision.Testing.RepoPaths.Holidays]);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = SimulatorApp.BoundAddress(app) };
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/t/26737/dossier/metrics")).StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public void an_unknown_option_is_refused_naming_it()
    {
        var ex = Assert.Throws<ArgumentException>(() => SimulatorApp.Build(["--sed", "5"]));
        Assert.Contains("--sed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_seed_that_is_not_a_number_stops_the_start()
    {
        await using var app = SimulatorApp.Build(["--port", "0", "--seed", "abc"], s => s.AddSingleton(Support.TestInventories.Small()));
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());
        Assert.Contains("Seed", ex.ToString(), StringComparison.Ordinal);
    }
}
