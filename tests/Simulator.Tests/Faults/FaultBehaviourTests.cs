using System.Net;
using System.Text.Json;
using Supervision.Simulator.Tests.Support;

namespace Supervision.Simulator.Tests.Faults;

/// <summary>What each fault kind does to the targets it selects, seen over HTTP.</summary>
public sealed class FaultBehaviourTests
{
    [Fact]
    public async Task stall_makes_overdue_grow_and_resolved_stay_flat_while_received_grows()
    {
        // Thursday morning: the dossiers resolved now were received on Monday morning, a busy time.
        await using var host = await SimulatorHost.StartAsync(start: SimulatorHost.WorkdayMorning.AddDays(1));
        var before = await host.ScrapeAsync("26737/dossier");
        var id = await host.AddFaultAsync("""{"selector":{"unit":"26737","system":"dossier"},"kind":"stall","durationSeconds":7200}""");
        var atStart = await host.ScrapeAsync("26737/dossier");
        host.Time.Advance(TimeSpan.FromMinutes(90));
        var later = await host.ScrapeAsync("26737/dossier");

        Assert.Equal(atStart.Sum("dossier_resolved_total"), later.Sum("dossier_resolved_total"));
        Assert.Equal(before.Sum("dossier_resolved_total"), atStart.Sum("dossier_resolved_total"));
        Assert.True(later.Sum("dossier_received_total") > atStart.Sum("dossier_received_total"), "received keeps coming in working hours");
        Assert.True(later.Sum("dossier_overdue") > atStart.Sum("dossier_overdue") + 5, $"overdue {atStart.Sum("dossier_overdue")} -> {later.Sum("dossier_overdue")}");

        using var health = JsonDocument.Parse(await host.GetTextAsync("/t/26737/dossier/health"));
        Assert.Equal("Degraded", health.RootElement.GetProperty("status").GetString());

        // Another commune's dossiers keep moving.
        var other0 = await host.ScrapeAsync("26740/dossier");
        host.Time.Advance(TimeSpan.FromMinutes(90));
        var other1 = await host.ScrapeAsync("26740/dossier");
        Assert.True(other1.Sum("dossier_resolved_total") > other0.Sum("dossier_resolved_total"));

        (await host.Client.DeleteAsync($"/control/faults/{id}")).Dispose();
        var after = await host.ScrapeAsync("26737/dossier");
        Assert.True(after.Sum("dossier_resolved_total") > later.Sum("dossier_resolved_total"), "the backlog is processed once the stall ends");
    }

    [Fact]
    public async Task drop_makes_throughput_fall_to_its_factor()
    {
        await using var faulty = await SimulatorHost.StartAsync();
        await using var normal = await SimulatorHost.StartAsync();
        await faulty.AddFaultAsync("""{"selector":{"system":"opsmgmt"},"kind":"drop","params":{"factor":0.1}}""");
        var f0 = (await faulty.ScrapeAsync("79/opsmgmt")).Sum("opsmgmt_requests_total");
        var n0 = (await normal.ScrapeAsync("79/opsmgmt")).Sum("opsmgmt_requests_total");
        Assert.Equal(n0, f0);
        faulty.Time.Advance(TimeSpan.FromHours(1));
        normal.Time.Advance(TimeSpan.FromHours(1));
        var faultyDelta = (await faulty.ScrapeAsync("79/opsmgmt")).Sum("opsmgmt_requests_total") - f0;
        var normalDelta = (await normal.ScrapeAsync("79/opsmgmt")).Sum("opsmgmt_requests_total") - n0;
        Assert.True(normalDelta > 100);
        Assert.InRange(faultyDelta / normalDelta, 0.08, 0.12);
    }

    [Fact]
    public async Task down_answers_503_by_default_and_resets_the_connection_in_refused_mode()
    {
        await using var host = await SimulatorHost.StartAsync();
        await host.AddFaultAsync("""{"selector":{"unit":"79","system":"edoc"},"kind":"down"}""");
        await host.AddFaultAsync("""{"selector":{"unit":"04","system":"edoc"},"kind":"down","params":{"mode":"refused"}}""");

        using var health = await host.Client.GetAsync("/t/79/edoc/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        using var doc = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.Equal("Unhealthy", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await host.Client.GetAsync("/t/79/edoc/metrics")).StatusCode);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => host.Client.GetAsync("/t/04/edoc/metrics"));

        // What a scraper sees is a connection-level failure, never an HTTP status.
        Assert.True(
            refused.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded
                || refused.InnerException is IOException,
            $"{refused.HttpRequestError}: {refused}");
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/t/79/portal/metrics")).StatusCode);
    }

    [Fact]
    public async Task flap_alternates_down_and_up_every_period()
    {
        await using var host = await SimulatorHost.StartAsync();
        await host.AddFaultAsync("""{"selector":{"unit":"79","system":"portal"},"kind":"flap","params":{"periodSeconds":30}}""");
        var seen = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            seen.Add((await host.Client.GetAsync("/t/79/portal/health")).StatusCode);
            host.Time.Advance(TimeSpan.FromSeconds(30));
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], seen);
    }

    [Fact]
    public async Task slow_delays_the_answer_by_its_delay_on_the_simulator_clock()
    {
        await using var host = await SimulatorHost.StartAsync();
        await host.AddFaultAsync("""{"selector":{"unit":"79","system":"edoc"},"kind":"slow","params":{"delayMs":5000}}""");
        var pending = host.Client.GetAsync("/t/79/edoc/metrics");
        var advanced = TimeSpan.Zero;
        var deadline = Environment.TickCount64 + 20_000;
        while (!pending.IsCompleted && Environment.TickCount64 < deadline)
        {
            // The answer is parked on the fake clock: it can only come once the clock has moved 5 s.
            await Task.WhenAny(pending, Task.Delay(20));
            if (!pending.IsCompleted)
            {
                host.Time.Advance(TimeSpan.FromMilliseconds(500));
                advanced += TimeSpan.FromMilliseconds(500);
            }
        }

        Assert.True(advanced >= TimeSpan.FromSeconds(5), $"answered after {advanced} of simulated time");
        using var response = await pending;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task hang_accepts_and_never_answers()
    {
        await using var host = await SimulatorHost.StartAsync();
        await host.AddFaultAsync("""{"selector":{"unit":"79","system":"edoc"},"kind":"hang"}""");
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMilliseconds(700) };
        await Assert.ThrowsAsync<TaskCanceledException>(() => client.GetAsync("/t/79/edoc/metrics"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/t/79/portal/metrics")).StatusCode);
    }

    [Fact]
    public async Task garbage_answers_exposition_that_a_strict_parser_rejects()
    {
        await using var host = await SimulatorHost.StartAsync();
        await host.AddFaultAsync("""{"selector":{"unit":"79","system":"edoc"},"kind":"garbage"}""");
        var body = await host.GetTextAsync("/t/79/edoc/metrics");
        Assert.Throws<FormatException>(() => ExpositionChecker.Check(body, openMetrics: false));
        var om = await host.GetTextAsync("/t/79/edoc/metrics", "application/openmetrics-text");
        Assert.Throws<FormatException>(() => ExpositionChecker.Check(om, openMetrics: true));
        Assert.NotEmpty(ExpositionChecker.Check(await host.GetTextAsync("/t/79/portal/metrics"), openMetrics: false));
    }

    [Fact]
    public async Task oversize_answers_at_least_the_requested_bytes_of_valid_exposition()
    {
        await using var host = await SimulatorHost.StartAsync();
        var normal = await host.GetTextAsync("/t/79/edoc/metrics");
        await host.AddFaultAsync("""{"selector":{"unit":"79","system":"edoc"},"kind":"oversize","params":{"bytes":3000000}}""");
        var big = await host.GetTextAsync("/t/79/edoc/metrics");
        Assert.InRange(big.Length, 3_000_000, 3_000_100);
        Assert.True(big.Length > 100 * normal.Length);
        Assert.Contains(ExpositionChecker.Check(big, openMetrics: false), s => s.Name == "edoc_queue_length");
        var om = await host.GetTextAsync("/t/79/edoc/metrics", "application/openmetrics-text");
        Assert.True(om.Length >= 2_999_000);
        ExpositionChecker.Check(om, openMetrics: true);
    }

    [Fact]
    public async Task faults_expire_after_their_duration()
    {
        await using var host = await SimulatorHost.StartAsync();
        await host.AddFaultAsync("""{"selector":{"unit":"79"},"kind":"down","durationSeconds":60}""");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await host.Client.GetAsync("/t/79/edoc/health")).StatusCode);
        host.Time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/t/79/edoc/health")).StatusCode);
        Assert.Equal("[]", await host.GetTextAsync("/control/faults"));
    }
}
