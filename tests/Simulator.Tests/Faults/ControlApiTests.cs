using System.Net;
using System.Text.Json;
using Supervision.Simulator.Tests.Support;

namespace Supervision.Simulator.Tests.Faults;

/// <summary>The control API contract: validation, listing, deletion, deterministic fractions.</summary>
public sealed class ControlApiTests
{
    [Theory]
    [InlineData("""{"selector":{"unit":"79"},"kind":"explode"}""", "kind")]
    [InlineData("""{"selector":{"unit":"79"}}""", "kind")]
    [InlineData("""{"selector":{"fraction":0},"kind":"down"}""", "selector.fraction")]
    [InlineData("""{"selector":{"fraction":1.5},"kind":"down"}""", "selector.fraction")]
    [InlineData("""{"selector":{"unit":"99999"},"kind":"down"}""", "selector.unit")]
    [InlineData("""{"selector":{"province":"26737"},"kind":"down"}""", "selector.province")]
    [InlineData("""{"selector":{"system":"mainframe"},"kind":"down"}""", "selector.system")]
    [InlineData("""{"selector":{"unit":"79"},"kind":"slow","params":{"delayMs":-1}}""", "params.delayMs")]
    [InlineData("""{"selector":{"unit":"79"},"kind":"down","params":{"mode":"teapot"}}""", "params.mode")]
    [InlineData("""{"selector":{"unit":"79"},"kind":"drop","params":{"factor":2}}""", "params.factor")]
    [InlineData("""{"selector":{"unit":"79"},"kind":"down","durationSeconds":-5}""", "durationSeconds")]
    [InlineData("""{"selector":{"unit":"central","system":"dossier"},"kind":"down"}""", "selector")]
    [InlineData("""not json""", "(body)")]
    public async Task invalid_fault_requests_answer_400_with_a_problem_naming_the_field(string body, string field)
    {
        await using var host = await SimulatorHost.StartAsync();
        using var response = await host.PostFaultAsync(body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(field, doc.RootElement.GetProperty("field").GetString());
        Assert.True(doc.RootElement.GetProperty("errors").TryGetProperty(field, out _));
        Assert.Empty(host.Faults.Active());
    }

    [Fact]
    public async Task faults_are_listed_with_selector_kind_times_params_and_matched_count_then_deleted()
    {
        await using var host = await SimulatorHost.StartAsync();
        using var created = await host.PostFaultAsync("""{"selector":{"province":"79","system":"edoc"},"kind":"slow","durationSeconds":300,"params":{"delayMs":250}}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        using var list = JsonDocument.Parse(await host.GetTextAsync("/control/faults"));
        var f = Assert.Single(list.RootElement.EnumerateArray());
        Assert.Equal(id, f.GetProperty("id").GetString());
        Assert.Equal("79", f.GetProperty("selector").GetProperty("province").GetString());
        Assert.Equal("edoc", f.GetProperty("selector").GetProperty("system").GetString());
        Assert.Equal("slow", f.GetProperty("kind").GetString());
        Assert.Equal(250, f.GetProperty("params").GetProperty("delayMs").GetInt32());
        Assert.Equal(4, f.GetProperty("matchedTargets").GetInt32());
        var started = f.GetProperty("startedAt").GetDateTimeOffset();
        Assert.Equal(SimulatorHost.WorkdayMorning, started);
        Assert.Equal(started.AddMinutes(5), f.GetProperty("expiresAt").GetDateTimeOffset());

        Assert.Equal(HttpStatusCode.NoContent, (await host.Client.DeleteAsync($"/control/faults/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.DeleteAsync($"/control/faults/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.DeleteAsync("/control/faults/nope")).StatusCode);
        Assert.Equal("[]", await host.GetTextAsync("/control/faults"));
    }

    [Fact]
    public async Task a_fraction_picks_the_same_subset_for_the_same_seed_and_fault_id()
    {
        var national = TestInventories.National;
        var picks = new List<HashSet<int>>();
        foreach (var seed in new long[] { 7, 7, 8 })
        {
            await using var host = await SimulatorHost.StartAsync(national, seed);
            await host.AddFaultAsync("""{"selector":{"system":"network","fraction":0.25},"kind":"down"}""");
            var fault = Assert.Single(host.Faults.Active());
            var networks = national.Targets.Count(t => t.System == "network");
            Assert.Equal((int)Math.Ceiling(0.25 * networks), fault.MatchedCount);
            var set = fault.MatchedIndexes().ToHashSet();
            Assert.All(set, i => Assert.Equal("network", national.Targets[i].System));
            picks.Add(set);
        }

        Assert.Equal(picks[0], picks[1]);
        Assert.NotEqual(picks[0], picks[2]);
    }

    [Fact]
    public async Task a_unit_selector_on_a_province_reaches_only_its_own_targets()
    {
        await using var host = await SimulatorHost.StartAsync();
        await host.AddFaultAsync("""{"selector":{"unit":"79"},"kind":"down"}""");
        Assert.Equal(7, Assert.Single(host.Faults.Active()).MatchedCount);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/t/26737/edoc/health")).StatusCode);
    }
}
