using Supervision.Core.Domain;
using Supervision.Dashboard.Summaries;
using Supervision.Dashboard.Summaries.Charts;

namespace Supervision.Dashboard.Tests.Charts;

public sealed class SummaryTrendsTests
{
    private static readonly TrendWindow Window = new(new DateTimeOffset(2026, 12, 7, 17, 0, 0, TimeSpan.Zero));

    private static readonly AdministrativeUnit Province = new("79", "Hồ Chí Minh", "Ho Chi Minh", UnitLevel.Province, "79", "city");
    private static readonly AdministrativeUnit Commune = new("26737", "Phường Tân Định", "Phuong Tan Dinh", UnitLevel.Commune, "79", "ward");
    private static readonly AdministrativeUnit NewCommune = new("25747", "Phường Thủ Dầu Một", "Phuong Thu Dau Mot", UnitLevel.Commune, "79", "ward");

    [Fact]
    public void the_window_has_sixty_days_and_nine_week_boundaries_ending_at_the_hour()
    {
        Assert.Equal(60, Window.DayStarts.Count);
        Assert.Equal(Window.End.AddDays(-1), Window.DayStarts[^1]);
        Assert.Equal(9, Window.WeekBoundaries.Count);
        Assert.Equal(Window.End, Window.WeekBoundaries[^1]);
        Assert.Equal(Window.End.AddDays(-56), Window.WeekBoundaries[0]);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 21, 0, 0, TimeSpan.Zero), TrendWindow.At(new DateTimeOffset(2026, 12, 7, 21, 59, 0, TimeSpan.Zero)).End);
    }

    [Fact]
    public void weekly_figures_are_increases_between_boundaries_and_a_unit_counts_only_with_both_ends()
    {
        var data = new TrendData(Window);
        for (var b = 0; b < 9; b++)
        {
            // 79: 100 resolved a week, 90 on time; overdue grows by 5 a week; 1,000 documents a week.
            data.Dossier[b]["79"] = new DossierPoint(1000 + (100 * b), 90 * b, 10 * b, 5 * b, 20);
            data.Edoc[b]["79"] = new EdocPoint(600 * b, 400 * b);
        }

        // Tân Định stops reporting after boundary 5: weeks 5–7 leave it out (no end), it is not counted as 0.
        for (var b = 0; b <= 5; b++)
        {
            data.Dossier[b]["26737"] = new DossierPoint(0, 50 * b, 50 * b, 1, 1);
        }

        // Thủ Dầu Một appears at boundary 7 with large counters: week 6 (no start) must not count them.
        data.Dossier[7]["25747"] = new DossierPoint(0, 5000, 0, 3, 3);
        data.Dossier[8]["25747"] = new DossierPoint(0, 5010, 10, 4, 3);

        var trends = SummaryTrends.Build(data, [Province, Commune, NewCommune]);

        // Previous weeks 0–3: 79 (90 of 100) plus Tân Định (50 of 100) → 140 / 200.
        Assert.Equal([0.7, 0.7, 0.7, 0.7], trends.OnTime.Previous.Select(v => Math.Round(v!.Value, 6)));
        // Current: week 4 both units (0.7); weeks 5–6 only 79 (0.9); week 7: 79 plus Thủ Dầu Một (10 of 20) → 100/120.
        Assert.Equal(0.7, trends.OnTime.Current[0]!.Value, 6);
        Assert.Equal(0.9, trends.OnTime.Current[1]!.Value, 6);
        Assert.Equal(0.9, trends.OnTime.Current[2]!.Value, 6);
        Assert.Equal(100.0 / 120, trends.OnTime.Current[3]!.Value, 6);
        // Overdue at each week's end, of the units that have a value there.
        Assert.Equal(25 + 1, trends.Overdue.Current[0]);
        Assert.Equal(40 + 4, trends.Overdue.Current[3]);
        Assert.Equal(1000, trends.Documents.Current[2]);
        Assert.Equal(1000, trends.Documents.Previous[0]);
        // Sparklines: the province's 8 weeks (its communes included), and each commune's own.
        Assert.Equal(8, trends.Sparks["79"].OnTimeWeekly.Count);
        Assert.Null(trends.Sparks["26737"].OnTimeWeekly[6]);
        Assert.Equal(0.5, trends.Sparks["26737"].OnTimeWeekly[0]);
    }

    [Fact]
    public void a_scope_without_any_figures_has_nulls_not_zeros()
    {
        var trends = SummaryTrends.Build(new TrendData(Window), [Province, Commune]);
        Assert.False(trends.Availability.HasData);
        Assert.All(trends.Availability.Current, v => Assert.Null(v));
        Assert.All(trends.OnTime.Current.Concat(trends.Overdue.Current).Concat(trends.Documents.Current), v => Assert.Null(v));
    }

    [Fact]
    public void daily_availability_adds_up_the_provinces_in_scope_only_and_a_day_without_scrapes_is_null()
    {
        var data = new TrendData(Window);
        var hcm = new AvailabilityCount[60];
        var hanoi = new AvailabilityCount[60];
        for (var d = 0; d < 60; d++)
        {
            hcm[d] = d == 45 ? default : new AvailabilityCount(99, 100);
            hanoi[d] = new AvailabilityCount(50, 100);
        }

        data.DailyAvailability["79"] = hcm;
        data.DailyAvailability["01"] = hanoi;
        var trends = SummaryTrends.Build(data, [Province, Commune]);
        Assert.Equal(30, trends.Availability.Current.Count);
        Assert.Equal(0.99, trends.Availability.Current[0]!.Value, 6);
        Assert.Null(trends.Availability.Current[15]);
        Assert.Equal(0.99, trends.Availability.Previous[0]!.Value, 6);
        Assert.Equal(30, trends.Sparks["79"].AvailabilityDaily.Count);
    }
}
