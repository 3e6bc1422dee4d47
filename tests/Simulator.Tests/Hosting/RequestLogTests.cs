using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Supervision.Simulator.Tests.Support;

namespace Supervision.Simulator.Tests.Hosting;

/// <summary>The request log harnesses count scrapes per slot with: each target's latest /health arrival times.</summary>
public sealed class RequestLogTests
{
    [Fact]
    public async Task the_log_keeps_each_targets_latest_health_arrivals_oldest_first()
    {
        await using var host = await SimulatorHost.StartAsync(args: ["--request-log", "3"]);
        var target = TestInventories.Small().Targets[0].Id;
        var times = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            times.Add(host.Time.GetUtcNow().ToUnixTimeMilliseconds());
            Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync($"/t/{target}/health")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync($"/t/{target}/metrics")).StatusCode);
            host.Time.Advance(TimeSpan.FromSeconds(15));
        }

        var log = await host.Client.GetFromJsonAsync<JsonElement>("/control/requests/health");
        var targets = log.GetProperty("targets");
        Assert.Single(targets.EnumerateObject());
        Assert.Equal(times.TakeLast(3), targets.GetProperty(target).EnumerateArray().Select(t => t.GetInt64()));
    }

    [Fact]
    public async Task without_the_setting_the_log_is_off_and_says_how_to_turn_it_on()
    {
        await using var host = await SimulatorHost.StartAsync();
        var response = await host.Client.GetAsync("/control/requests/health");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("--request-log", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
