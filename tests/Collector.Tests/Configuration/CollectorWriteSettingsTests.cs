using Microsoft.Extensions.Options;
using Supervision.Testing;

namespace Supervision.Collector.Tests.Configuration;

public sealed class CollectorWriteSettingsTests
{
    [Theory]
    [InlineData("--Collector:Write:Concurrency=0", "Collector:Write:Concurrency: ")] // nested: used to start no writer at all
    [InlineData("--Collector:Influx:BatchPoints=1000", "Collector:Influx:BatchPoints: this setting is now Collector:Write:BatchPoints")]
    [InlineData("--Collector:Influx:Username=writer", "Collector:Influx:Username and Collector:Influx:Password: set both or neither")]
    public async Task a_bad_nested_or_moved_write_setting_stops_start_up_naming_the_key(string setting, string expected)
    {
        await using var app = CollectorApp.Build([
            "--urls", "http://127.0.0.1:0", "--inventory", RepoPaths.NationalInventory, setting, "--Logging:LogLevel:Default=None"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
