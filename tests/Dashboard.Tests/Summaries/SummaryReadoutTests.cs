using System.Globalization;
using System.Text.Json;
using Supervision.Core.Influx;
using Supervision.Dashboard.Summaries;
using Supervision.Testing;

namespace Supervision.Dashboard.Tests.Summaries;

/// <summary>
/// 70 days of irregular hourly roll-ups for a few units (gaps shorter and longer than the 6-hour look-back,
/// fields missing in some hours, a counter reset), with the summary read-outs made by the setup's own
/// continuous queries over them.
/// </summary>
public sealed class SummaryReadoutFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset First = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Last = new(2026, 6, 10, 0, 0, 0, TimeSpan.Zero);

    public SummaryInfluxFixture Summaries { get; } = new();

    public async Task InitializeAsync()
    {
        await Summaries.InitializeAsync();
        var lines = new RollupLines();
        Unit(lines, "79", "79", "province", seed: 1, hasDossier: true);
        Unit(lines, SummaryDataSet.TanDinh, "79", "commune", seed: 2, hasDossier: true);
        Unit(lines, SummaryDataSet.ThuDauMot, "79", "commune", seed: 3, hasDossier: true);
        Unit(lines, "01", "01", "province", seed: 4, hasDossier: true);
        Unit(lines, "central", string.Empty, "central", seed: 5, hasDossier: false);
        for (var hour = First; hour < Last; hour = hour.AddHours(1))
        {
            var i = (int)(hour - First).TotalHours;
            lines.SystemAvailability("79", "province", "dossier", hour, 200 + (i % 41), 240).SystemAvailability("79", "commune", "edoc", hour, 100 + (i % 13), 120);
            if (i % 5 != 0)
            {
                lines.SystemAvailability(string.Empty, "central", "edoc", hour, 60 - (i % 7), 60);
            }
        }

        await lines.WriteAsync(Summaries.Influx.Url);
        foreach (var readout in new[] { "cq_summary_edge_", "cq_summary_unit_day_", "cq_summary_availability_day_" })
        {
            await ContinuousQueries.RunAsync(Summaries.Influx.Client(), readout, First, Last);
        }
    }

    public Task DisposeAsync() => Summaries.DisposeAsync();

    /// <summary>A unit's hours: cumulative counters rising by a pseudo-random step, gauges, availability; some hours or fields missing.</summary>
    private static void Unit(RollupLines lines, string unit, string province, string level, int seed, bool hasDossier)
    {
        double received = 1000 * seed, onTime = 800 * seed, late = 50 * seed, sent = 300 * seed, docsReceived = 200 * seed;
        for (var hour = First; hour < Last; hour = hour.AddHours(1))
        {
            var i = (int)(hour - First).TotalHours;
            var r = (uint)((i * 2654435761u) ^ (uint)(seed * 40503));
            // Single missing hours, and for one unit a silent stretch longer than the look-back every ten days.
            if (r % 23 == 0 || (seed == 2 && i % 240 is >= 100 and < 110))
            {
                continue;
            }

            received += r % 7;
            onTime += r % 5;
            late += (r >> 3) % 2;
            sent += r % 4;
            docsReceived += (r >> 4) % 3;
            if (seed == 3 && i == 1000)
            {
                // A counter reset: the increase over a window holding it is floored at 0.
                received = 0;
            }

            var fields = string.Create(CultureInfo.InvariantCulture, $"up_sum={(r % 9 == 0 ? 200 : 240)}i,scrapes=240i");
            if (hasDossier && r % 11 != 1)
            {
                fields += string.Create(CultureInfo.InvariantCulture,
                    $",received={received},on_time={onTime},late={late},overdue={(r >> 5) % 6},in_progress={(r >> 2) % 9}");
            }

            if (r % 13 != 2)
            {
                fields += string.Create(CultureInfo.InvariantCulture, $",docs_sent={sent},docs_received={docsReceived}");
            }

            lines.Unit(unit, province, level, hour, fields);
        }
    }
}

/// <summary>
/// The summary read-outs (edge boundaries, day roll-ups cut at the window's hour) give exactly the figures
/// of the 1-hour roll-ups read directly, at every hour of the day — around Vietnam's midnight (17:00 UTC) too.
/// </summary>
[Collection(SummaryCollection.Name)]
public sealed class SummaryReadoutTests(SummaryReadoutFixture fixture) : IClassFixture<SummaryReadoutFixture>
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static TheoryData<int, int> Hours() => new()
    {
        { 16, 30 }, { 17, 0 }, { 17, 30 }, { 18, 10 }, { 0, 30 }, { 9, 45 },
    };

    [Theory]
    [MemberData(nameof(Hours))]
    public async Task read_outs_give_the_figures_of_the_hourly_roll_ups(int hour, int minute)
    {
        var now = new DateTimeOffset(2026, 6, 5, hour, minute, 0, TimeSpan.Zero);
        foreach (var period in new[] { SummaryPeriod.Today, SummaryPeriod.Days7, SummaryPeriod.Days30 })
        {
            foreach (var request in new[] { new SummaryRequest(period), new SummaryRequest(period, Province: "79") })
            {
                var fast = await fixture.Summaries.Service(new SummaryOptions { CacheFor = TimeSpan.Zero }, now).GetAsync(request, null, default);
                var direct = await fixture.Summaries.Service(new SummaryOptions { CacheFor = TimeSpan.Zero, Source = SummarySource.Hourly }, now).GetAsync(request, null, default);

                if (period != SummaryPeriod.Today)
                {
                    // Today is empty at Vietnam's midnight; the longer windows must have read something to compare.
                    Assert.True(fast.Current.Received > 0 && fast.Previous.Received > 0, $"{period} {request.Province}: no data read");
                    Assert.NotNull(fast.Current.Availability);
                }

                Assert.Equal(JsonSerializer.Serialize(direct, Json), JsonSerializer.Serialize(fast, Json));
            }
        }
    }

    [Fact]
    public async Task a_window_ending_at_vietnam_midnight_reads_days_cut_at_vietnam_midnight()
    {
        // 17:00 UTC is 00:00 in Vietnam: the day roll-up cut there sums [17:00, 17:00 next day) UTC.
        var vietnamMidnight = new DateTimeOffset(2026, 6, 5, 17, 0, 0, TimeSpan.Zero);
        Assert.Equal("summary_unit_h17", SummaryStatements.DayRollup("summary_unit", vietnamMidnight));

        var client = fixture.Summaries.Influx.Client();
        var day = await client.QueryAsync(
            $"SELECT up_sum, scrapes FROM \"daily\".\"summary_unit_h17\" WHERE unit = '79' AND time = {InfluxQl.Time(vietnamMidnight.AddDays(-1))}");
        var hours = await client.QueryAsync(
            $"SELECT sum(up_sum) AS up_sum, sum(scrapes) AS scrapes FROM \"hourly\".\"summary_unit\" WHERE unit = '79' AND time >= {InfluxQl.Time(vietnamMidnight.AddDays(-1))} AND time < {InfluxQl.Time(vietnamMidnight)}");
        var before = await client.QueryAsync(
            $"SELECT sum(up_sum) AS up_sum FROM \"hourly\".\"summary_unit\" WHERE unit = '79' AND time >= {InfluxQl.Time(vietnamMidnight.AddDays(-1).AddHours(-1))} AND time < {InfluxQl.Time(vietnamMidnight.AddHours(-1))}");

        var point = Assert.Single(day.Series).Values;
        Assert.Single(point);
        Assert.Equal(hours.Series[0].Double(0, "up_sum"), day.Series[0].Double(0, "up_sum"));
        Assert.Equal(hours.Series[0].Double(0, "scrapes"), day.Series[0].Double(0, "scrapes"));
        // A day cut an hour earlier would hold another sum: the data changes from hour to hour.
        Assert.NotEqual(before.Series[0].Double(0, "up_sum"), day.Series[0].Double(0, "up_sum"));
    }

    [Fact]
    public async Task a_boundary_reads_the_last_value_of_each_field_within_the_look_back()
    {
        // Tân Định is silent for ten hours from hour 100 of every 240: a boundary 8 h into the silence has no
        // point within 6 h (no value), one 4 h into it has the values of the hour before the silence.
        var silence = SummaryReadoutFixture.First.AddHours(240 + 100);
        var client = fixture.Summaries.Influx.Client();
        var inside = await client.QueryAsync(SummaryStatements.CountersAt(SummarySource.Rollups, silence.AddHours(8), $" AND unit = '{SummaryDataSet.TanDinh}'", resolvedOnly: false));
        var early = await client.QueryAsync(SummaryStatements.CountersAt(SummarySource.Rollups, silence.AddHours(4), $" AND unit = '{SummaryDataSet.TanDinh}'", resolvedOnly: false));
        var direct = await client.QueryAsync(SummaryStatements.CountersAt(SummarySource.Hourly, silence.AddHours(4), $" AND unit = '{SummaryDataSet.TanDinh}'", resolvedOnly: false));

        Assert.Empty(inside.Series);
        Assert.Equal(direct.Series[0].Double(0, "received"), early.Series[0].Double(0, "received"));
        Assert.Equal(direct.Series[0].Double(0, "docs_sent"), early.Series[0].Double(0, "docs_sent"));
        Assert.NotNull(early.Series[0].Double(0, "received"));
    }
}
