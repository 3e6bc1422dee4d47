using System.Net;
using System.Text.Json;
using Supervision.Simulator.Tests.Support;

namespace Supervision.Simulator.Tests.Hosting;

/// <summary>The whole national inventory served by one process (one host shared by these tests, which run in order).</summary>
public sealed class NationalFleetTests : IAsyncLifetime
{
    private SimulatorHost _host = null!;

    /// <inheritdoc />
    public async Task InitializeAsync() => _host = await SimulatorHost.StartAsync(TestInventories.National);

    /// <inheritdoc />
    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task every_target_of_the_national_inventory_answers_health_and_metrics_that_parse()
    {
        var inventory = TestInventories.National;
        Assert.InRange(inventory.Targets.Count, 13_000, 14_000);
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(inventory.Targets, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (target, ct) =>
        {
            using var health = await _host.Client.GetAsync($"/t/{target.Id}/health", ct);
            using var metrics = await _host.Client.GetAsync($"/t/{target.Id}/metrics", ct);
            if (health.StatusCode != HttpStatusCode.OK || metrics.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"{target.Id}: health {health.StatusCode}, metrics {metrics.StatusCode}");
                return;
            }

            try
            {
                var samples = ExpositionChecker.Check(await metrics.Content.ReadAsStringAsync(ct), openMetrics: false);
                if (samples.Count == 0)
                {
                    failures.Add($"{target.Id}: no samples");
                }

                using var doc = JsonDocument.Parse(await health.Content.ReadAsStringAsync(ct));
                if (doc.RootElement.GetProperty("status").GetString() != "Healthy")
                {
                    failures.Add($"{target.Id}: not healthy");
                }
            }
            catch (FormatException ex)
            {
                failures.Add($"{target.Id}: {ex.Message}");
            }
        });

        Assert.Empty(failures);
    }

    [Fact]
    public async Task control_targets_lists_every_target_id_of_the_inventory()
    {
        using var doc = JsonDocument.Parse(await _host.GetTextAsync("/control/targets"));
        var ids = doc.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetString()!).ToHashSet();
        Assert.Equal(TestInventories.National.Targets.Count, doc.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(TestInventories.National.Targets.Select(t => t.Id).ToHashSet(), ids);
    }

    [Fact]
    public async Task a_fault_on_a_province_reaches_exactly_that_province_and_its_communes()
    {
        var inventory = TestInventories.National;
        var expected = inventory.Targets.Where(t => t.UnitId == "04" || inventory.FindUnit(t.UnitId)?.ProvinceCode == "04").Select(t => t.Id).ToHashSet();
        Assert.Contains("04/network", expected);
        Assert.True(expected.Count > 100);

        var id = await _host.AddFaultAsync("""{"selector":{"province":"04"},"kind":"down","durationSeconds":600}""");
        try
        {
            var down = new System.Collections.Concurrent.ConcurrentBag<string>();
            await Parallel.ForEachAsync(inventory.Targets, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (target, ct) =>
            {
                using var response = await _host.Client.GetAsync($"/t/{target.Id}/health", ct);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    down.Add(target.Id);
                }
                else
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }
            });

            Assert.Equal(expected, down.ToHashSet());
            using var list = JsonDocument.Parse(await _host.GetTextAsync("/control/faults"));
            Assert.Equal(expected.Count, list.RootElement[0].GetProperty("matchedTargets").GetInt32());
        }
        finally
        {
            (await _host.Client.DeleteAsync($"/control/faults/{id}")).Dispose();
        }
    }
}
