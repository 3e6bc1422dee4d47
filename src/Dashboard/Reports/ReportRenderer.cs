using Microsoft.AspNetCore.Components.Web;
using Supervision.Dashboard.Summaries.Charts;

namespace Supervision.Dashboard.Reports;

/// <summary>Builds a report's sheet from the summaries (same read-outs as the pages) and renders its HTML document.</summary>
public sealed class ReportRenderer(IServiceProvider services, ILoggerFactory loggers, SummaryService summaries, Inventory inventory)
{
    private static readonly Lazy<string> Css = new(() =>
    {
        // summaries.css is embedded (Supervision.Dashboard.csproj) so that the report needs no web root.
        using var stream = typeof(ReportRenderer).Assembly.GetManifestResourceStream("summaries.css")
            ?? throw new InvalidOperationException("summaries.css is not embedded in the Dashboard assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>
    /// The figures of <paramref name="due"/> (every province for the national report, one province otherwise): the sheet of
    /// its period and the charts ending at the period's end, read side by side. A failed read fails the render (retried).
    /// </summary>
    public async Task<ReportFigures> FiguresAsync(ReportDue due, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(due);
        var request = new SummaryRequest(due.Window.Period, Province: due.Scope == ReportOptions.National ? null : due.Scope);
        var sheet = summaries.GetAsync(due.Window, request, null, cancellationToken);
        var trends = summaries.GetTrendsAsync(TrendWindow.At(due.Window.End), request, null, cancellationToken);
        return new ReportFigures(await sheet, await trends);
    }

    /// <summary>The Vietnamese name of a report's scope ("Toàn quốc", or the province's name).</summary>
    public string ScopeName(string scope) =>
        scope == ReportOptions.National ? "Toàn quốc" : inventory.FindUnit(scope)?.Name ?? scope;

    /// <summary>The title, e.g. "Báo cáo tuần 30/11/2026 – 06/12/2026 — Toàn quốc", "Báo cáo tháng 11/2026 — Hồ Chí Minh".</summary>
    public static string Title(ReportKind kind, SummaryWindow window, string scopeName)
    {
        ArgumentNullException.ThrowIfNull(window);
        var start = VietnamTime.ToVietnam(window.Start);
        var last = VietnamTime.ToVietnam(window.End).AddDays(-1);
        var period = kind == ReportKind.Weekly
            ? $"tuần {start.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)} – {last.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}"
            : $"tháng {start.ToString("MM/yyyy", CultureInfo.InvariantCulture)}";
        return $"Báo cáo {period} — {scopeName}";
    }

    /// <summary>The whole HTML document of a report.</summary>
    public async Task<string> HtmlAsync(string id, string title, ReportFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        await using var renderer = new HtmlRenderer(services, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(ReportDocument.Id)] = id,
                [nameof(ReportDocument.Title)] = title,
                [nameof(ReportDocument.Sheet)] = figures.Sheet,
                [nameof(ReportDocument.Trends)] = figures.Trends,
                [nameof(ReportDocument.Css)] = Css.Value,
            });
            var output = await renderer.RenderComponentAsync<ReportDocument>(parameters);
            return output.ToHtmlString();
        });
    }
}
