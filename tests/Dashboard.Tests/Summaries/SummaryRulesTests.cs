using System.Text;
using Supervision.Core.Calendar;
using Supervision.Dashboard.Summaries;
using Supervision.Testing;

namespace Supervision.Dashboard.Tests.Summaries;

/// <summary>Windows, working-time boundaries, trends and CSV rules, without InfluxDB.</summary>
public sealed class SummaryRulesTests
{
    private static readonly DateTimeOffset Wednesday = new(2026, 11, 25, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public void today_runs_from_midnight_in_vietnam_to_the_last_whole_hour_and_compares_with_the_same_hours_yesterday()
    {
        var w = SummaryWindow.For(SummaryPeriod.Today, Wednesday);

        Assert.Equal(new DateTimeOffset(2026, 11, 24, 17, 0, 0, TimeSpan.Zero), w.Start);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), w.End);
        Assert.Equal(w.Start.AddDays(-1), w.PreviousStart);
        Assert.Equal(w.End.AddDays(-1), w.PreviousEnd);
    }

    [Fact]
    public void thirty_days_end_at_the_last_whole_hour_and_the_previous_window_ends_where_it_starts()
    {
        var w = SummaryWindow.For(SummaryPeriod.Days30, Wednesday);

        Assert.Equal(new DateTimeOffset(2026, 10, 26, 10, 0, 0, TimeSpan.Zero), w.Start);
        Assert.Equal(w.Start, w.PreviousEnd);
        Assert.Equal(w.Start.AddDays(-30), w.PreviousStart);
    }

    [Theory]
    [InlineData("today", SummaryPeriod.Today)]
    [InlineData("7d", SummaryPeriod.Days7)]
    [InlineData("30d", SummaryPeriod.Days30)]
    public void period_url_values_read_back(string text, SummaryPeriod period)
    {
        Assert.True(SummaryWindow.TryParse(text, out var parsed));
        Assert.Equal(period, parsed);
        Assert.Equal(text, SummaryWindow.UrlValue(period));
    }

    [Fact]
    public void an_unknown_period_is_refused()
    {
        Assert.False(SummaryWindow.TryParse("1y", out _));
        Assert.Null(SummaryEndpoints.Parse(new Microsoft.AspNetCore.Http.QueryCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues> { ["period"] = "1y" }), out var error));
        Assert.Contains("period", error, StringComparison.Ordinal);
    }

    [Fact]
    public void the_stall_boundary_counts_working_hours_only_and_skips_the_weekend()
    {
        var calendar = WorkingCalendar.Load(RepoPaths.Holidays);

        // Wednesday 17:00 in Vietnam, 8 working hours back: 09:00 the same day.
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero), StallBoundary.Before(calendar, new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(8)));

        // Monday 10:00 in Vietnam has 2.5 working hours; 5.5 more from Friday (ends 17:00) reach back past 11:30: Friday 11:00.
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 4, 0, 0, TimeSpan.Zero), StallBoundary.Before(calendar, new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(8)));
    }

    [Fact]
    public void trend_follows_the_on_time_rate_first_then_overdue_then_availability()
    {
        static Figures F(long resolved, long onTime, long overdue, double? availability = null) => new(availability, 0, resolved, onTime, overdue, 0, 0, 0, 0);

        Assert.Equal(Trend.Worsening, SummaryBuilder.TrendOf(F(100, 80, 0), F(100, 90, 50)));
        Assert.Equal(Trend.Improving, SummaryBuilder.TrendOf(F(100, 95, 50), F(100, 90, 0)));
        Assert.Equal(Trend.Worsening, SummaryBuilder.TrendOf(F(100, 90, 20), F(100, 90, 10)));
        Assert.Equal(Trend.Improving, SummaryBuilder.TrendOf(F(0, 0, 5), F(0, 0, 10)));
        Assert.Equal(Trend.Worsening, SummaryBuilder.TrendOf(F(0, 0, 0, 0.90), F(0, 0, 0, 0.99)));
        Assert.Equal(Trend.Steady, SummaryBuilder.TrendOf(F(100, 90, 10, 0.99), F(100, 91, 10, 0.995)));
    }

    [Theory]
    [InlineData("Phường Tân Định", "Phường Tân Định")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    public void csv_fields_are_quoted_as_rfc_4180_says(string value, string field) =>
        Assert.Equal(field, SummaryCsv.Field(value));

    [Fact]
    public void csv_files_start_with_a_bom_use_crlf_and_keep_vietnamese_names()
    {
        var unit = new UnitRow(1, "26737", "Phường Tân Định, \"cũ\"", "79", "Hồ Chí Minh", true,
            new Figures(0.5, 30, 15, 10, 8, 1, 0, 0, 0), Figures.Empty);
        var sheet = new SummarySheet(SummaryWindow.For(SummaryPeriod.Days7, Wednesday), SummaryScope.Province, null, "79", "Hồ Chí Minh",
            Figures.Empty, Figures.Empty, [], [], [unit], [], Wednesday);

        Assert.True(SummaryCsv.TryWrite(sheet, "communes", out var bytes));
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        var lines = text.Split("\r\n");
        Assert.Equal(3, lines.Length);
        Assert.Equal(string.Empty, lines[2]);
        Assert.StartsWith("hang,ma,ten,ma_tinh,tinh,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("1,26737,\"Phường Tân Định, \"\"cũ\"\"\",79,Hồ Chí Minh,1,50.00,30,15,10,66.67,8,", lines[1], StringComparison.Ordinal);
        Assert.False(SummaryCsv.TryWrite(sheet, "nope", out _));
    }

    [Fact]
    public void the_region_table_names_file_and_line_for_a_bad_row()
    {
        var path = Path.Combine(Path.GetTempPath(), $"regions-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "code,name_vi,region,region_vi,macro,macro_vi\n01,Hà Nội,red-river-delta,Đồng bằng sông Hồng,north,Miền Bắc\n04,Cao Bằng,x,X,west,Tây\n");
        try
        {
            var error = Assert.Throws<FormatException>(() => RegionMap.Load(path));
            Assert.Equal($"{path}:3: macro 'west' must be north, central or south", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void the_shipped_region_table_covers_every_province_of_the_inventory_in_six_regions()
    {
        var regions = RegionMap.Load(RepoPaths.Combine("config", "vn-regions.csv"));

        Assert.All(TestInventory.Value.Provinces, p => Assert.NotNull(regions.Of(p.Id)));
        Assert.Equal(6, regions.Regions.Count);
        Assert.Equal("mekong-delta", regions.Of("92")!.Key);
        Assert.Equal("central", regions.Of("48")!.Macro);
    }
}
