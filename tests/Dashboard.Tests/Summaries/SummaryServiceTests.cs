using Supervision.Dashboard.Summaries;
using Supervision.Testing;
using static Supervision.Testing.SummaryDataSet;

namespace Supervision.Dashboard.Tests.Summaries;

/// <summary>
/// The 7-day summary over a real InfluxDB holding <see cref="SummaryDataSet"/>. Hand computation, window
/// [18 Nov 10:00, 25 Nov 10:00) UTC, increases = value at the end − value at the start:
/// 79: received (320−200)+(160−100) = 180; resolved on time (260−150)+(120−80) = 150, late (30−20)+(10−5) = 15;
///     overdue 10+5 = 15; e-documents sent (1500−1000)+(30−10) = 520, received (2600−2000)+(5−0) = 605.
/// Tân Định: received 30, on time 10, late 5 (rate 2/3), overdue 8, backlog 25 and nothing resolved since
///     the stall boundary (35 = 35): stalled.
/// Thủ Dầu Một: received 100, on time 90, late 2, overdue 0; no point before the previous window.
/// Hà Nội (01): received 500, on time 400, late 100 (rate 0.8), overdue 10.
/// National: received 810, resolved 772, on time 650, overdue 33, one stalled unit;
/// availability (440 + 100 + 480) / (480 + 200 + 480) = 1020/1160 (the point at exactly the end is outside).
/// </summary>
[Collection(SummaryCollection.Name)]
public sealed class SummaryServiceTests(SummaryInfluxFixture fixture) : IClassFixture<SummaryInfluxFixture>
{
    private static readonly SummaryRequest National7 = new(SummaryPeriod.Days7);

    [Fact]
    public async Task national_7_day_figures_are_the_hand_computed_ones()
    {
        var sheet = await fixture.Service().GetAsync(National7, null, default);

        Assert.Equal(Start, sheet.Window.Start);
        Assert.Equal(End, sheet.Window.End);
        var n = sheet.Current;
        Assert.Equal(810, n.Received);
        Assert.Equal(772, n.Resolved);
        Assert.Equal(650, n.ResolvedOnTime);
        Assert.Equal(650.0 / 772, n.OnTimeRate!.Value, 9);
        Assert.Equal(33, n.Overdue);
        Assert.Equal(1, n.StalledUnits);
        Assert.Equal(520, n.DocumentsSent);
        Assert.Equal(605, n.DocumentsReceived);
        Assert.Equal(1020.0 / 1160, n.Availability!.Value, 9);
        Assert.Equal(0, n.UnitsWithoutBaseline);
    }

    [Fact]
    public async Task previous_window_is_compared_and_units_without_a_baseline_are_counted_apart()
    {
        var sheet = await fixture.Service().GetAsync(National7, null, default);

        // Previous window [11 Nov, 18 Nov): 79 received 150, resolved 110 + 15 on time / late;
        // Tân Định 20, 15 + 0; Thủ Dầu Một has no start value: left out of the counts; Hà Nội 400, 400 + 50.
        var p = sheet.Previous;
        Assert.Equal(570, p.Received);
        Assert.Equal(590, p.Resolved);
        Assert.Equal(525, p.ResolvedOnTime);
        Assert.Equal(6 + 1 + 0 + 20, p.Overdue);
        Assert.Equal(1, p.UnitsWithoutBaseline);
        Assert.Equal(210, p.DocumentsSent);
        Assert.Equal(500, p.DocumentsReceived);
        Assert.Equal(1.0, p.Availability);
    }

    [Fact]
    public async Task province_league_puts_the_best_on_time_rate_first_and_provinces_without_data_last()
    {
        var sheet = await fixture.Service().GetAsync(National7, null, default);

        Assert.Equal(34, sheet.Provinces.Count);
        Assert.Equal(["79", "01", "04", "08"], sheet.Provinces.Take(4).Select(r => r.Code));
        Assert.Equal([1, 2, 3, 4], sheet.Provinces.Take(4).Select(r => r.Rank));
        var hcm = sheet.Provinces[0];
        Assert.Equal(250.0 / 272, hcm.Current.OnTimeRate!.Value, 9);
        Assert.True(hcm.Stalled);
        Assert.Equal(0.8, sheet.Provinces[1].Current.OnTimeRate!.Value, 9);
        Assert.Null(sheet.Provinces[2].Current.OnTimeRate);
    }

    [Fact]
    public async Task availability_per_system_adds_up_every_level_and_the_central_agencies()
    {
        var sheet = await fixture.Service().GetAsync(National7, null, default);

        var dossier = Assert.Single(sheet.Systems, s => s.System == "dossier");
        Assert.Equal(810.0 / 920, dossier.Availability!.Value, 9);
        Assert.Null(dossier.Previous);
        var edoc = Assert.Single(sheet.Systems, s => s.System == "edoc");
        Assert.Equal(310.0 / 340, edoc.Availability!.Value, 9);
        Assert.Equal(0.5, edoc.Previous!.Value, 9);
        Assert.Equal(["edoc", "dossier"], sheet.Systems.Select(s => s.System));
    }

    [Fact]
    public async Task early_warnings_list_the_stalled_commune_first_with_every_reason_and_its_trend()
    {
        var sheet = await fixture.Service().GetAsync(National7, null, default);

        Assert.Equal([TanDinh, "79", "01"], sheet.Warnings.Select(w => w.Unit.Code));
        var tanDinh = sheet.Warnings[0];
        Assert.Equal([WarningReason.Stalled, WarningReason.Slow, WarningReason.OverdueRising, WarningReason.Unavailable], tanDinh.Reasons);
        Assert.Equal(Trend.Worsening, tanDinh.Trend);
        // 79: overdue 6 → 15 and availability 440/480; on-time rate 110/125 = 88 % → 150/165 = 90.9 %.
        Assert.Equal([WarningReason.OverdueRising, WarningReason.Unavailable], sheet.Warnings[1].Reasons);
        Assert.Equal(Trend.Improving, sheet.Warnings[1].Trend);
        // 01: 80 % on time with 500 resolved; was 400/450 = 88.9 %.
        Assert.Equal([WarningReason.Slow], sheet.Warnings[2].Reasons);
        Assert.Equal(Trend.Worsening, sheet.Warnings[2].Trend);
    }

    [Fact]
    public async Task worst_communes_come_first_nationally_per_province_and_on_the_province_summary()
    {
        var national = await fixture.Service().GetAsync(National7, null, default);
        Assert.Equal([TanDinh, ThuDauMot], national.Communes.Where(c => c.ProvinceCode == "79").Take(2).Select(c => c.Code));
        Assert.All(national.Communes.GroupBy(c => c.ProvinceCode), g => Assert.Equal(3, g.Count()));

        var province = await fixture.Service().GetAsync(new SummaryRequest(SummaryPeriod.Days7, Province: "79"), null, default);
        Assert.Equal(SummaryScope.Province, province.Scope);
        Assert.Equal("Hồ Chí Minh", province.Title);
        Assert.Equal(168, province.Communes.Count);
        Assert.Equal([TanDinh, ThuDauMot], province.Communes.Take(2).Select(c => c.Code));
        Assert.Equal(310, province.Current.Received);
        Assert.Empty(province.Provinces);
    }

    [Fact]
    public async Task a_region_or_macro_region_keeps_only_its_provinces()
    {
        var service = fixture.Service();
        var southeast = await service.GetAsync(National7 with { Region = "southeast" }, null, default);
        Assert.Equal(310, southeast.Current.Received);
        Assert.Equal("Đông Nam Bộ", southeast.Title);
        Assert.Equal(["79", "75", "80"], southeast.Provinces.Select(p => p.Code));

        var north = await service.GetAsync(National7 with { Region = "north" }, null, default);
        Assert.Equal(500, north.Current.Received);
        Assert.Equal("Miền Bắc", north.Title);
    }

    [Fact]
    public async Task a_user_bound_to_one_province_sees_only_it_and_is_refused_another()
    {
        var service = fixture.Service();
        var allowed = new HashSet<string>(StringComparer.Ordinal) { "01" };

        var sheet = await service.GetAsync(National7, allowed, default);
        Assert.Equal(500, sheet.Current.Received);
        Assert.Equal(["01"], sheet.Provinces.Select(p => p.Code));
        Assert.Equal(["dossier"], sheet.Systems.Select(s => s.System));

        var refused = await Assert.ThrowsAsync<SummaryRequestException>(() => service.GetAsync(new SummaryRequest(SummaryPeriod.Days7, Province: "79"), allowed, default));
        Assert.True(refused.Forbidden);
        var commune = await Assert.ThrowsAsync<SummaryRequestException>(() => service.GetAsync(new SummaryRequest(SummaryPeriod.Days7, Commune: TanDinh), allowed, default));
        Assert.True(commune.Forbidden);
    }

    [Fact]
    public async Task a_commune_summary_has_its_own_figures()
    {
        var sheet = await fixture.Service().GetAsync(new SummaryRequest(SummaryPeriod.Days7, Commune: TanDinh), null, default);

        Assert.Equal(SummaryScope.Commune, sheet.Scope);
        Assert.Equal("Phường Tân Định, Hồ Chí Minh", sheet.Title);
        Assert.Equal(30, sheet.Current.Received);
        Assert.Equal(15, sheet.Current.Resolved);
        Assert.Equal(1, sheet.Current.StalledUnits);
        Assert.Equal(0.5, sheet.Current.Availability);
    }

    [Theory]
    [InlineData("atlantis", null, null, true)]
    [InlineData(null, "99", null, true)]
    [InlineData(null, "00004", null, true)]
    [InlineData(null, null, "79", true)]
    [InlineData("north", "01", null, false)]
    public async Task unknown_or_contradictory_requests_are_refused_with_the_reason(string? region, string? province, string? commune, bool notFound)
    {
        var error = await Assert.ThrowsAsync<SummaryRequestException>(() =>
            fixture.Service().GetAsync(new SummaryRequest(SummaryPeriod.Days7, region, province, commune), null, default));

        Assert.Equal(notFound, error.NotFound);
        Assert.False(error.Forbidden);
        Assert.Contains(notFound ? (region ?? province ?? commune)! : "at most one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task cached_figures_are_reused_within_their_lifetime()
    {
        var service = fixture.Service(new SummaryOptions { CacheFor = TimeSpan.FromMinutes(2) });
        var first = await service.GetAsync(National7, null, default);
        var second = await service.GetAsync(National7 with { Region = "southeast" }, null, default);

        Assert.Equal(810, first.Current.Received);
        Assert.Equal(310, second.Current.Received);
    }
}
