using Bunit;
using Supervision.Dashboard.Components.Charts;
using Supervision.Dashboard.Summaries;
using Supervision.Dashboard.Summaries.Charts;

namespace Supervision.Dashboard.Tests.Charts;

public sealed class ChartComponentTests : BunitContext
{
    private static readonly TrendWindow Window = new(new DateTimeOffset(2026, 12, 7, 17, 0, 0, TimeSpan.Zero));

    private static SummaryTrends Trends(bool withGap = false)
    {
        double?[] days = [.. Enumerable.Range(0, 30).Select(i => withGap && i == 10 ? (double?)null : 0.99 + (i % 3 * 0.002))];
        return new SummaryTrends(
            Window,
            new TrendSeries(days, [.. Enumerable.Range(0, 30).Select(_ => (double?)0.985)]),
            new TrendSeries([0.9, 0.91, 0.92, 0.93], [0.88, 0.88, 0.89, 0.9]),
            new TrendSeries([1200, 1300, 1250, 1100], [1400, 1350, 1300, 1250]),
            new TrendSeries([52_000, 50_000, 55_000, 51_000], [49_000, 48_000, null, 50_000]),
            new Dictionary<string, UnitSparks>());
    }

    [Fact]
    public void the_four_charts_draw_both_periods_with_vietnamese_titles_and_units()
    {
        var cut = Render<SummaryCharts>(p => p.Add(x => x.Trends, Trends()).Add(x => x.Scope, "Toàn quốc"));
        Assert.Equal(4, cut.FindAll("figure.chart[data-state=ok]").Count);
        var availability = cut.Find("[data-testid=chart-availability]");
        Assert.Contains("Khả dụng hệ thống theo ngày", availability.TextContent);
        Assert.Contains("30 ngày trước đó", availability.TextContent);
        Assert.False(string.IsNullOrEmpty(availability.QuerySelector("path.chart-prev")!.GetAttribute("d")));
        Assert.False(string.IsNullOrEmpty(availability.QuerySelector("path.chart-cur")!.GetAttribute("d")));
        Assert.Contains(availability.QuerySelectorAll("text.chart-ytick"), t => t.TextContent.EndsWith(" %", StringComparison.Ordinal) && t.TextContent.Contains(',', StringComparison.Ordinal));
        var documents = cut.Find("[data-testid=chart-documents]");
        Assert.Equal(4, documents.QuerySelectorAll("rect.chart-bar").Length);
        Assert.Equal(3, documents.QuerySelectorAll("rect.chart-bar-prev").Length);
        Assert.Equal("nghìn văn bản", documents.QuerySelector("text.chart-unit")!.TextContent);
        Assert.Contains("Tuần gần nhất 51.000", documents.QuerySelector("[data-testid=chart-cmp]")!.TextContent);
        Assert.Equal(4, documents.QuerySelectorAll("text.chart-xtick").Length);
    }

    [Fact]
    public void english_switches_the_words_and_number_formats()
    {
        var cut = Render<SummaryCharts>(p => p.Add(x => x.Trends, Trends()).Add(x => x.Text, new ChartText(true)));
        var documents = cut.Find("[data-testid=chart-documents]");
        Assert.Contains("E-documents sent and received, by week", documents.TextContent);
        Assert.Equal("thousand documents", documents.QuerySelector("text.chart-unit")!.TextContent);
        Assert.Contains("Latest week 51,000", documents.TextContent);
        Assert.Contains(cut.FindAll("[data-testid=chart-ontime] text.chart-ytick"), t => t.TextContent.EndsWith('%') && !t.TextContent.Contains(' ', StringComparison.Ordinal));
    }

    [Fact]
    public void a_missing_day_is_a_hatched_band_named_in_the_legend_not_a_zero()
    {
        var cut = Render<SummaryCharts>(p => p.Add(x => x.Trends, Trends(withGap: true)));
        var chart = cut.Find("[data-testid=chart-availability]");
        var gap = chart.QuerySelector("rect.chart-gap")!;
        Assert.Equal("10", gap.GetAttribute("data-slot"));
        Assert.Contains("không có số liệu", gap.TextContent);
        Assert.Contains("không có số liệu", chart.QuerySelector(".chart-legend")!.TextContent);
        Assert.Equal(2, chart.QuerySelector("path.chart-cur")!.GetAttribute("d")!.Split('M', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void influxdb_unavailable_is_said_on_every_chart_instead_of_a_plot()
    {
        var cut = Render<SummaryCharts>(p => p.Add(x => x.Error, "Không đọc được số liệu từ InfluxDB: connection refused"));
        Assert.Equal(4, cut.FindAll("figure.chart[data-state=unavailable]").Count);
        Assert.Empty(cut.FindAll("svg.chart-plot"));
        Assert.All(cut.FindAll("[data-testid=chart-missing]"), m => Assert.Contains("connection refused", m.TextContent));
    }

    [Fact]
    public void a_scope_without_data_says_no_data_yet_and_why()
    {
        var empty = new SummaryTrends(Window, new TrendSeries(new double?[30], new double?[30]), new TrendSeries(new double?[4], new double?[4]),
            new TrendSeries(new double?[4], new double?[4]), new TrendSeries(new double?[4], new double?[4]), new Dictionary<string, UnitSparks>());
        var cut = Render<SummaryCharts>(p => p.Add(x => x.Trends, empty).Add(x => x.Scope, "Hồ Chí Minh"));
        Assert.Equal(4, cut.FindAll("figure.chart[data-state=empty]").Count);
        Assert.Contains("Chưa có số liệu", cut.Find("[data-testid=chart-availability] [data-testid=chart-missing]").TextContent);
        Assert.Contains("Hồ Chí Minh", cut.Find("[data-testid=chart-ontime] [data-testid=chart-missing]").TextContent);
        Assert.Empty(cut.FindAll("svg.chart-plot"));
    }

    [Fact]
    public void a_sparkline_draws_the_previous_weeks_apart_from_the_current_and_says_when_it_has_nothing()
    {
        var cut = Render<TrendSpark>(p => p.Add(x => x.Values, [0.8, 0.82, 0.81, 0.85, 0.86, null, 0.9, 0.91]).Add(x => x.Previous, 4).Add(x => x.Label, "79"));
        var paths = cut.FindAll("path");
        Assert.Equal(2, paths.Count);
        Assert.Equal("3 2", paths[0].GetAttribute("stroke-dasharray"));
        Assert.Contains("—", cut.Find("title").TextContent);
        Assert.Single(cut.FindAll("circle"));

        var none = Render<TrendSpark>(p => p.Add(x => x.Values, new double?[8]));
        Assert.Equal("không có số liệu", none.Find("[data-testid=spark-none]").TextContent);
    }

    [Fact]
    public void the_simulated_banner_shows_only_for_simulated_data()
    {
        Assert.Contains("Dữ liệu mô phỏng", Render<SimulatedBanner>(p => p.Add(x => x.Show, true)).Markup);
        Assert.Contains("Simulated data", Render<SimulatedBanner>(p => p.Add(x => x.Show, true).Add(x => x.Text, new ChartText(true))).Markup);
        Assert.DoesNotContain("simulated", Render<SimulatedBanner>(p => p.Add(x => x.Show, false)).Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void the_ranking_draws_a_row_per_province_with_a_rate_in_the_leagues_order_and_names_the_others()
    {
        static UnitRow Row(int rank, string code, string name, double? now, double? before) =>
            new(rank, code, name, code, name, false, Rates(now), Rates(before));
        UnitRow[] rows = [Row(1, "79", "Hồ Chí Minh", 0.92, 0.88), Row(2, "01", "Hà Nội", 0.85, null), Row(3, "48", "Đà Nẵng", null, 0.8)];
        var cut = Render<RankingChart>(p => p.Add(x => x.Rows, rows));
        var chart = cut.Find("[data-testid=chart-ranking]");
        Assert.Equal("ok", chart.GetAttribute("data-state"));
        Assert.Equal(["1. Hồ Chí Minh", "2. Hà Nội"], cut.FindAll("g.chart-rank").Select(g => g.GetAttribute("data-name")));
        Assert.Equal(["92,0 %", "85,0 %"], cut.FindAll("text.chart-rank-value").Select(t => t.TextContent));
        // Hà Nội had no rate before: its dot alone, no line to nowhere. Đà Nẵng has none now: named, not drawn as 0.
        Assert.Single(cut.FindAll("circle.chart-dot-prev"));
        Assert.Equal("không có số liệu (1): Đà Nẵng", cut.Find("[data-testid=chart-unranked]").TextContent);
        // The better rate sits further right, on the share axis zoomed on the values.
        var dots = cut.FindAll("circle.chart-dot").Select(c => double.Parse(c.GetAttribute("cx")!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.True(dots[0] > dots[1]);
        Assert.Contains(cut.FindAll("text.chart-xtick"), t => t.TextContent == "90 %");

        var none = Render<RankingChart>(p => p.Add(x => x.Rows, [Row(1, "48", "Đà Nẵng", null, null)]).Add(x => x.Scope, "Toàn quốc"));
        Assert.Equal("empty", none.Find("[data-testid=chart-ranking]").GetAttribute("data-state"));
        Assert.Contains("Toàn quốc", none.Find("[data-testid=chart-missing]").TextContent);
    }

    /// <summary>Figures whose on-time rate is <paramref name="rate"/> (of 1,000 resolved), or none resolved.</summary>
    private static Figures Rates(double? rate) => rate is { } r
        ? Figures.Empty with { Resolved = 1000, ResolvedOnTime = (long)Math.Round(r * 1000) }
        : Figures.Empty;
}
