using Supervision.Simulator.Faults;
using Supervision.Simulator.Scenarios;
using Supervision.Simulator.Tests.Support;
using Supervision.Testing;

namespace Supervision.Simulator.Tests.Scenarios;

/// <summary>Scenario files: validation with file:line, the shipped demo, timed playback.</summary>
public sealed class ScenarioTests
{
    [Fact]
    public void the_shipped_demo_scenario_is_valid_against_the_national_inventory()
    {
        var (scenario, errors) = ScenarioLoader.LoadFile(RepoPaths.Combine("scenarios", "demo.yaml"), TestInventories.National);
        Assert.Empty(errors);
        Assert.NotNull(scenario);
        var kinds = scenario.Steps.Select(s => s.Request.Kind).ToList();
        Assert.Contains("down", kinds);
        Assert.Contains("stall", kinds);
        Assert.Contains("flap", kinds);
    }

    [Fact]
    public void a_bad_step_is_reported_with_file_line_and_field()
    {
        const string yaml = """
            name: broken
            steps:
              - at: 10s
                kind: down
                selector: { province: "79" }
              - at: 20s
                kind: explode
                selector: { unit: "99999" }
            """;
        var (scenario, errors) = ScenarioLoader.Load(new StringReader(yaml), "broken.yaml", TestInventories.Small());
        Assert.Null(scenario);
        Assert.Contains(errors, e => e.StartsWith("broken.yaml:6: steps[1].kind:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("broken.yaml:6: steps[1].selector.unit:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_scenario_starts_its_faults_at_their_offsets()
    {
        var file = Path.Combine(Path.GetTempPath(), $"scenario-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, """
            name: two-steps
            steps:
              - at: 30s
                kind: down
                selector: { province: "04" }
                duration: 5m
                params: { mode: refused }
              - at: 2m
                kind: stall
                selector: { unit: "26737", system: dossier }
            """);
        try
        {
            await using var host = await SimulatorHost.StartAsync(null, 42, null, "--scenario", file);
            Assert.Empty(host.Faults.Active());
            await AdvanceUntil(host, () => host.Faults.Active().Count == 1, TimeSpan.FromSeconds(30));
            var down = Assert.Single(host.Faults.Active());
            Assert.Equal(FaultKind.Down, down.Kind);
            Assert.Equal(DownMode.Refused, down.Spec.Parameters.Mode);
            await AdvanceUntil(host, () => host.Faults.Active().Count == 2, TimeSpan.FromSeconds(90));
            Assert.Contains(host.Faults.Active(), f => f.Kind == FaultKind.Stall);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task an_invalid_scenario_stops_the_start_with_its_errors()
    {
        var file = Path.Combine(Path.GetTempPath(), $"scenario-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, "steps:\n  - at: soon\n    kind: down\n");
        try
        {
            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => SimulatorHost.StartAsync(null, 42, null, "--scenario", file));
            Assert.Contains(":2: steps[0].at:", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task AdvanceUntil(SimulatorHost host, Func<bool> condition, TimeSpan atLeast)
    {
        // The runner waits on the fake clock: advance in small steps (it may not be waiting yet on the
        // first one) and give it a moment of real time to react, within a bounded deadline.
        var deadline = Environment.TickCount64 + 10_000;
        var advanced = TimeSpan.Zero;
        while (!condition() && Environment.TickCount64 < deadline)
        {
            host.Time.Advance(TimeSpan.FromSeconds(5));
            advanced += TimeSpan.FromSeconds(5);
            await Task.Delay(10);
        }

        Assert.True(condition(), "condition not reached");
        Assert.True(advanced >= atLeast - TimeSpan.FromSeconds(5), $"reached after only {advanced}");
    }
}
