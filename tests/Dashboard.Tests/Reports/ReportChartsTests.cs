using System.Diagnostics;
using System.Globalization;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Influx;
using Supervision.Dashboard.Reports;
using Supervision.Dashboard.Summaries;
using Supervision.Testing;

namespace Supervision.Dashboard.Tests.Reports;

/// <summary>
/// The charts of a scheduled report, drawn from figures this test writes into a real influxd and rolls up with the
/// project's continuous queries: the November 2026 report's HTML holds the four trends ending at the month's end (with the
/// period before) and the provinces' ranking, with the values worked out here; Debian's Chromium prints it to an A4 PDF
/// whose text (pdftotext) carries the charts' titles, axis and province names.
/// </summary>
public sealed class ReportChartsTests(InfluxServerFixture influx) : IClassFixture<InfluxServerFixture>, IAsyncLifetime
{
    /// <summary>The monthly report of November 2026 ends at 1 December 00:00 in Vietnam.</summary>
    private static readonly DateTimeOffset End = new(2026, 11, 30, 17, 0, 0, TimeSpan.Zero);

    /// <summary>The charts' first week boundary (eight weeks before the end) and their first day (sixty days before).</summary>
    private static readonly DateTimeOffset Weeks0 = End.AddDays(-56);

    private static readonly DateTimeOffset Days0 = End.AddDays(-60);

    /// <summary>Written from before the previous month's start (31 October 00:00 in Vietnam, less the 6-hour look-back).</summary>
    private static readonly DateTimeOffset First = new(2026, 9, 29, 17, 0, 0, TimeSpan.Zero);

    /// <summary>The current period's availability day left without scrapes: a hatched gap, not 0.</summary>
    private const int GapDay = 40;

    private WebApplication _app = null!;

    /// <summary>Dossiers resolved on time per hour in week <paramref name="w"/> of the charts (weeks before the first count as week 0).</summary>
    private static double OnTimePerHour(string province, int w) => province == "79" ? 4 + Math.Max(w, 0) : 10;

    private static double LatePerHour(string province) => province == "79" ? 1 : 2;

    private static int Week(DateTimeOffset hour) => (int)Math.Floor((hour - Weeks0).TotalDays / 7);

    /// <summary>Scrapes up of 79's dossier system in each hour of day <paramref name="d"/> of 60 (of 240).</summary>
    private static int Up(int d) => 240 - (d % 5);

    public async Task InitializeAsync()
    {
        var lines = new StringBuilder();
        var cumulative = new Dictionary<string, (double OnTime, double Late)> { ["79"] = (0, 0), ["01"] = (0, 0) };
        for (var hour = First; hour < End.AddHours(1); hour = hour.AddHours(1))
        {
            foreach (var province in cumulative.Keys.ToList())
            {
                // Each point holds the counters at the end of its hour, as the hourly roll-up does.
                var (onTime, late) = cumulative[province];
                cumulative[province] = (onTime + OnTimePerHour(province, Week(hour)), late + LatePerHour(province));
                var (o, l) = cumulative[province];
                var hours = (hour - First).TotalHours + 1;
                var w = Math.Max(Week(hour), 0);
                var overdue = province == "79" ? 10 + w : 20 + (2 * w);
                var docs = province == "79" ? $",docs_sent={hours * 6},docs_received={hours * 3}" : string.Empty;
                lines.Append(CultureInfo.InvariantCulture,
                    $"summary_unit,level=province,province={province},unit={province} received={o + l + 50},on_time={o},late={l},overdue={overdue},in_progress=30{docs},up_sum=240i,scrapes=240i {hour.ToUnixTimeSeconds()}\n");
            }

            var day = (int)Math.Floor((hour - Days0).TotalDays);
            if (day != GapDay && hour >= Days0)
            {
                lines.Append(CultureInfo.InvariantCulture, $"summary_availability,level=province,province=79,system=dossier up_sum={Up(day)}i,scrapes=240i {hour.ToUnixTimeSeconds()}\n");
            }
        }

        using var http = new HttpClient();
        await new InfluxClient(http, new InfluxOptions { Url = influx.Url.ToString(), RetentionPolicy = "hourly", Gzip = false })
            .WriteAsync(Encoding.UTF8.GetBytes(lines.ToString()), InfluxPrecision.Seconds);
        await ContinuousQueries.RunAsync(influx.Client(), "cq_summary_", First.AddDays(-1), End.AddHours(2));

        _app = DashboardApp.Build([
            "--urls", "http://127.0.0.1:0",
            "--inventory", RepoPaths.NationalInventory,
            "--ingest-key", DashboardHost.Key,
            $"--Dashboard:Influx:Url={influx.Url}",
            "--Logging:LogLevel:Default=Warning",
            .. TestUsers.Arguments()], new FakeTimeProvider(End.AddHours(8)));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task the_national_monthly_report_draws_the_four_trends_to_the_months_end_and_the_provinces_ranking_with_the_data_written()
    {
        var renderer = _app.Services.GetRequiredService<ReportRenderer>();
        var due = new ReportDue(ReportKind.Monthly, SummaryWindow.Month(2026, 11), ReportOptions.National, End);
        var figures = await renderer.FiguresAsync(due, CancellationToken.None);
        var html = await renderer.HtmlAsync(due.Id, "Báo cáo tháng 11/2026 — Toàn quốc", figures);
        var document = await new HtmlParser().ParseDocumentAsync(html);

        Assert.Equal(5, document.QuerySelectorAll("figure.chart[data-state=ok]").Length);
        Assert.Contains("Biểu đồ: 30 ngày và 4 tuần đến hết kỳ báo cáo", document.QuerySelector("h2.report-charts-heading")!.TextContent, StringComparison.Ordinal);

        // On time by week, the last four weeks up to 30 November against the four before: 79 resolves (4 + w) on time and
        // 1 late an hour in week w, 01 always 10 and 2.
        var onTime = document.QuerySelector("[data-testid=chart-ontime]")!;
        string Rate(int w) => Percent((168 * (OnTimePerHour("79", w) + 10)) / (168 * (OnTimePerHour("79", w) + 1 + 10 + 2)));
        Assert.Equal([.. Enumerable.Range(4, 4).Select(Rate)], Values(onTime, "circle.chart-dot"));
        Assert.Equal([.. Enumerable.Range(0, 4).Select(Rate)], Values(onTime, "circle.chart-dot-prev"));
        Assert.Equal(["03/11–09/11", "10/11–16/11", "17/11–23/11", "24/11–30/11"], onTime.QuerySelectorAll("text.chart-xtick").Select(t => t.TextContent));
        Assert.Contains($"Tuần gần nhất {Rate(7)} · cùng kỳ trước {Rate(3)}", onTime.QuerySelector("[data-testid=chart-cmp]")!.TextContent, StringComparison.Ordinal);

        // Overdue at each week's end: 79 has 10 + w, 01 has 20 + 2w (w of the week that ends).
        var overdue = document.QuerySelector("[data-testid=chart-overdue]")!;
        Assert.Equal(["42", "45", "48", "51"], Values(overdue, "rect.chart-bar"));
        Assert.Equal(["30", "33", "36", "39"], Values(overdue, "rect.chart-bar-prev"));
        Assert.Equal("hồ sơ", overdue.QuerySelector("text.chart-unit")!.TextContent);

        // Documents: 79 sends 6 and receives 3 an hour, 9 × 168 = 1,512 a week in both periods.
        var documents = document.QuerySelector("[data-testid=chart-documents]")!;
        Assert.Equal(Enumerable.Repeat("1.512", 4), Values(documents, "rect.chart-bar"));
        Assert.Equal(Enumerable.Repeat("1.512", 4), Values(documents, "rect.chart-bar-prev"));

        // Availability by day over 30 days to 30 November: day 40 of the sixty (10 of the current) has no scrapes.
        var availability = document.QuerySelector("[data-testid=chart-availability]")!;
        Assert.Equal(["10"], availability.QuerySelectorAll("rect.chart-gap").Select(g => g.GetAttribute("data-slot")));
        Assert.Equal("30/11", availability.QuerySelectorAll("text.chart-xtick")[^1].TextContent);
        var current = Enumerable.Range(30, 30).Where(d => d != GapDay).Average(d => Up(d) / 240.0);
        var previous = Enumerable.Range(0, 30).Average(d => Up(d) / 240.0);
        Assert.Contains($"Trung bình {Percent(current)} · kỳ trước {Percent(previous)}", availability.TextContent, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(availability.QuerySelector("path.chart-prev")!.GetAttribute("d")));

        // The ranking of November against October from the sheet: Hà Nội 10 of 12 an hour throughout; Hồ Chí Minh's rate
        // climbs week by week. The 32 provinces without figures are named under the plot, not drawn as 0.
        var ranking = document.QuerySelector("[data-testid=chart-ranking]")!;
        var rows = ranking.QuerySelectorAll("g.chart-rank").Select(g => g.GetAttribute("data-name") ?? string.Empty).ToArray();
        var provinces = figures.Sheet.Provinces;
        Assert.Equal(["1. Hồ Chí Minh", "2. Hà Nội"], rows);
        Assert.Equal([.. provinces.Take(2).Select(p => Percent(p.Current.OnTimeRate!.Value))], ranking.QuerySelectorAll("text.chart-rank-value").Select(t => t.TextContent));
        Assert.Equal(Percent(10.0 / 12), ranking.QuerySelectorAll("text.chart-rank-value")[1].TextContent);
        Assert.Equal(2, ranking.QuerySelectorAll("circle.chart-dot-prev").Length);
        Assert.Contains("không có số liệu (32): ", ranking.QuerySelector("[data-testid=chart-unranked]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Đà Nẵng", ranking.QuerySelector("[data-testid=chart-unranked]")!.TextContent, StringComparison.Ordinal);

        // Printed by Chromium: an A4 PDF whose text holds the charts (SVG text stays text).
        var pdf = await new ChromiumPrinter("/usr/bin/chromium", TimeSpan.FromMinutes(2), TimeProvider.System).PrintAsync(html, CancellationToken.None);
        ReportPdf.AssertA4(pdf);
        // Kept with the run's screenshots, for a person to look at.
        Directory.CreateDirectory(RepoPaths.Combine("artifacts", "reports"));
        await File.WriteAllBytesAsync(RepoPaths.Combine("artifacts", "reports", due.Id + "-charts.pdf"), pdf);
        var text = await PdfTextAsync(pdf);
        Assert.Contains("Tỉ lệ giải quyết hồ sơ đúng hạn theo tuần", text, StringComparison.Ordinal);
        Assert.Contains("Xếp hạng tỉnh/thành theo tỉ lệ giải quyết hồ sơ đúng hạn", text, StringComparison.Ordinal);
        Assert.Contains("1. Hồ Chí Minh", text, StringComparison.Ordinal);
        Assert.Contains("24/11–30/11", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_province_report_draws_only_its_provinces_figures_and_no_ranking()
    {
        var renderer = _app.Services.GetRequiredService<ReportRenderer>();
        var due = new ReportDue(ReportKind.Weekly, SummaryWindow.Week(new DateOnly(2026, 11, 23)), "01", End.AddDays(-1));
        var html = await renderer.HtmlAsync(due.Id, "Báo cáo tuần — Hà Nội", await renderer.FiguresAsync(due, CancellationToken.None));
        var document = await new HtmlParser().ParseDocumentAsync(html);

        Assert.Null(document.QuerySelector("[data-testid=chart-ranking]"));
        // Hà Nội alone, up to the week's end (29 November): 10 of 12 on time every week, 20 + 2w overdue.
        Assert.Equal(Enumerable.Repeat(Percent(10.0 / 12), 4), Values(document.QuerySelector("[data-testid=chart-ontime]")!, "circle.chart-dot"));
        Assert.Equal(["28", "30", "32", "34"], Values(document.QuerySelector("[data-testid=chart-overdue]")!, "rect.chart-bar"));
        Assert.Equal("23/11–29/11", document.QuerySelectorAll("[data-testid=chart-ontime] text.chart-xtick")[^1].TextContent);
        // Only 79 has documents and availability: Hà Nội's charts of them say there is nothing, rather than draw 79's or 0.
        foreach (var key in new[] { "availability", "documents" })
        {
            var chart = document.QuerySelector($"[data-testid=chart-{key}]")!;
            Assert.Equal("empty", chart.GetAttribute("data-state"));
            Assert.Contains("Chưa có số liệu", chart.TextContent, StringComparison.Ordinal);
        }
    }

    /// <summary>The values in the marks' tooltips ("4 tuần qua, 24/11–30/11: 92,4 %" → "92,4 %").</summary>
    private static string[] Values(IElement chart, string selector) =>
        [.. chart.QuerySelectorAll(selector).Select(m => m.QuerySelector("title")!.TextContent.Split(": ")[^1])];

    private static string Percent(double share) => (share * 100).ToString("0.0", SummaryText.Vietnamese) + " %";

    private static async Task<string> PdfTextAsync(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), "report-charts-" + Guid.NewGuid().ToString("N") + ".pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-enc", "UTF-8", file, "-"]) { RedirectStandardOutput = true })
                ?? throw new InvalidOperationException("pdftotext did not start (apt-get install poppler-utils; scripts/deps.sh test)");
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"pdftotext exited with {process.ExitCode}");
            return text;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
