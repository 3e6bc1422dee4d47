using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Calendar;
using Supervision.Core.Influx;
using Supervision.Core.Schema;
using Supervision.Dashboard.Configuration;
using Supervision.Dashboard.Summaries;
using Supervision.Testing;
using static Supervision.Testing.SummaryDataSet;

namespace Supervision.Dashboard.Tests.Summaries;

/// <summary>
/// The refresh-ahead warmer over <see cref="SummaryDataSet"/> in a real InfluxDB: what it reads lands in the cache
/// a page view uses, and it keeps reading on its schedule. InfluxDB reads are counted at the reader's query function
/// (the seed-marker statement, sent once per summary read).
/// </summary>
[Collection(SummaryCollection.Name)]
public sealed class SummaryWarmerTests(SummaryInfluxFixture fixture) : IClassFixture<SummaryInfluxFixture>, IDisposable
{
    private readonly HttpClient _http = new();
    private int _reads;

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task a_warmed_national_summary_is_served_without_reading_influxdb()
    {
        var time = new FakeTimeProvider(Now);
        var service = Service(time, TimeSpan.FromMinutes(10));

        await service.WarmAsync(SummaryPeriod.Days7, default);
        Assert.Equal(1, _reads);
        var sheet = await service.GetAsync(new SummaryRequest(SummaryPeriod.Days7), null, default);

        Assert.Equal(1, _reads);
        // The hand-computed national figures of SummaryServiceTests: the warmed entry is the real read.
        Assert.Equal(810, sheet.Current.Received);
        Assert.Equal(772, sheet.Current.Resolved);
        // A province is not warmed: it reads.
        await service.GetAsync(new SummaryRequest(SummaryPeriod.Days7, Province: "79"), null, default);
        Assert.Equal(2, _reads);
    }

    [Fact]
    public async Task warming_reads_afresh_and_keeps_the_entry_from_expiring()
    {
        var time = new FakeTimeProvider(Now);
        var service = Service(time, TimeSpan.FromMinutes(10));
        await service.WarmAsync(SummaryPeriod.Days30, default);
        time.Advance(TimeSpan.FromMinutes(6));
        await service.WarmAsync(SummaryPeriod.Days30, default);
        time.Advance(TimeSpan.FromMinutes(6));

        // 12 minutes after the first read, past CacheFor, still served from the second.
        await service.GetAsync(new SummaryRequest(SummaryPeriod.Days30), null, default);
        Assert.Equal(2, _reads);
    }

    [Fact]
    public async Task the_warmer_reads_both_national_periods_at_start_and_again_on_its_schedule()
    {
        var time = new FakeTimeProvider(Now);
        var service = Service(time, TimeSpan.FromMinutes(10));
        using var warmer = new SummaryWarmer(service, Options.Create(new SummaryOptions { CacheFor = TimeSpan.FromMinutes(10) }),
            Options.Create(new DashboardOptions { Influx = Influx() }), time, NullLogger<SummaryWarmer>.Instance);

        await warmer.StartAsync(default);
        await WaitForReadsAsync(2, time, TimeSpan.Zero);
        // Now is 10:30: the next round is half the cache lifetime later (the clock moves in steps, as the warmer may
        // still be finishing its first round when the wait starts).
        await WaitForReadsAsync(4, time, TimeSpan.FromSeconds(30));
        Assert.True(time.GetUtcNow() - Now >= TimeSpan.FromMinutes(5), $"second round at {time.GetUtcNow():O}, before half the cache lifetime");
        await warmer.StopAsync(default);

        await service.GetAsync(new SummaryRequest(SummaryPeriod.Days30), null, default);
        await service.GetAsync(new SummaryRequest(SummaryPeriod.Days7), null, default);
        Assert.Equal(4, _reads);
    }

    [Fact]
    public async Task the_warmer_does_nothing_with_the_cache_off()
    {
        var time = new FakeTimeProvider(Now);
        using var warmer = new SummaryWarmer(Service(time, TimeSpan.Zero), Options.Create(new SummaryOptions { CacheFor = TimeSpan.Zero }),
            Options.Create(new DashboardOptions { Influx = Influx() }), time, NullLogger<SummaryWarmer>.Instance);

        await warmer.StartAsync(default);
        await warmer.ExecuteTask!;

        Assert.Equal(0, _reads);
    }

    [Theory]
    [InlineData("10:30:00", 5 * 60)]
    [InlineData("10:58:00", 3 * 60)]
    [InlineData("11:00:30", 30)]
    [InlineData("11:01:00", 5 * 60)]
    public void the_next_round_is_half_the_cache_lifetime_or_the_new_hour_if_sooner(string at, int seconds)
    {
        var now = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero) + TimeSpan.Parse(at, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(TimeSpan.FromSeconds(seconds), SummaryWarmer.NextDelay(now, TimeSpan.FromMinutes(10)));
    }

    private InfluxOptions Influx() => new() { Url = fixture.Influx.Url.ToString(), Gzip = false };

    private SummaryService Service(TimeProvider time, TimeSpan cacheFor)
    {
        // A summary read sends its statements side by side, the seed-marker read once among them: that one counts the reads.
        var reader = new SummaryReader((statement, ct) =>
        {
            if (statement == SeedMarkers.Select)
            {
                Interlocked.Increment(ref _reads);
            }

            return new InfluxClient(_http, Influx()).QueryAsync(statement, ct);
        });
        return new SummaryService(TestInventory.Value, SummaryInfluxFixture.Regions, WorkingCalendar.Load(RepoPaths.Holidays),
            Options.Create(new SummaryOptions { CacheFor = cacheFor }), reader, time, NullLogger<SummaryService>.Instance);
    }

    /// <summary>Waits (bounded) until the warmer's reads have been counted, moving the fake clock by <paramref name="step"/> each round.</summary>
    private async Task WaitForReadsAsync(int reads, FakeTimeProvider time, TimeSpan step)
    {
        for (var i = 0; i < 500 && Volatile.Read(ref _reads) < reads; i++)
        {
            await Task.Delay(20);
            if (i % 10 == 9)
            {
                time.Advance(step);
            }
        }

        Assert.Equal(reads, Volatile.Read(ref _reads));
    }
}
