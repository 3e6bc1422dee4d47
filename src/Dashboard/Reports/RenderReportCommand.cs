namespace Supervision.Dashboard.Reports;

/// <summary>
/// <c>render-report --kind weekly|monthly --period 2026-11-30|2026-11 --scope national|79 --out FILE [Dashboard settings…]</c>:
/// prints one report to a file as the schedule would (same read, same page, same Chromium), without sending or
/// archiving it, and tells how long each step took. For previews and for the render-time bench (bench/RESULTS.md).
/// </summary>
public static class RenderReportCommand
{
    /// <summary>The verb.</summary>
    public const string Verb = "render-report";

    /// <summary>Runs the verb; 0 when printed, 1 when reading or printing failed, 2 for bad arguments.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var (kind, period, scope, file, rest, problem) = Parse(args);
        if (problem is not null || !TryWindow(kind!, period!, out var reportKind, out var window, out problem))
        {
            await error.WriteLineAsync($"{Verb}: {problem}");
            await error.WriteLineAsync($"usage: {Verb} --kind weekly|monthly --period 2026-11-30|2026-11 --scope national|79 --out FILE [--inventory F --influx URL …]");
            return 2;
        }

        WebApplication app;
        try
        {
            // The verb serves nothing, so it needs no ingest key: a placeholder that a given --ingest-key overrides.
            app = DashboardApp.Build(["--Dashboard:IngestApiKeys:0=render-report-serves-nothing", .. rest]);
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync($"{Verb}: configuration is invalid: {string.Join("; ", ex.Failures)}");
            return 2;
        }

        await using var _ = app;
        var options = app.Services.GetRequiredService<IOptions<ReportOptions>>().Value;
        var renderer = app.Services.GetRequiredService<ReportRenderer>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        var due = new ReportDue(reportKind, window, scope!, window.End);
        try
        {
            var total = Stopwatch.StartNew();
            var figures = await renderer.FiguresAsync(due, CancellationToken.None);
            var sheet = figures.Sheet;
            var read = total.Elapsed;
            var title = ReportRenderer.Title(reportKind, window, sheet.Title);
            var html = await renderer.HtmlAsync(due.Id, title, figures);
            var render = total.Elapsed - read;
            var pdf = await new ChromiumPrinter(options.ChromiumPath, options.RenderTimeout, time).PrintAsync(html, CancellationToken.None);
            var print = total.Elapsed - read - render;
            await File.WriteAllBytesAsync(file!, pdf);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{due.Id}: read {read.TotalSeconds:0.00} s, render {render.TotalSeconds:0.00} s, print {print.TotalSeconds:0.00} s, total {total.Elapsed.TotalSeconds:0.00} s; {pdf.Length} bytes, {sheet.Provinces.Count} provinces, {sheet.Communes.Count} communes, {sheet.Warnings.Count} warnings → {file}"));
            return 0;
        }
        catch (Exception ex) when (ex is InfluxException or ReportRenderException or SummaryRequestException or IOException or HttpRequestException or InvalidOperationException)
        {
            await error.WriteLineAsync($"{Verb}: {due.Id}: {ex.Message}");
            return 1;
        }
    }

    private static (string? Kind, string? Period, string? Scope, string? File, string[] Remaining, string? Problem) Parse(string[] args)
    {
        string? kind = null, period = null, scope = null, file = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string? Value() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--kind": kind = Value(); break;
                case "--period": period = Value(); break;
                case "--scope": scope = Value()?.ToLowerInvariant(); break;
                case "--out": file = Value(); break;
                default: rest.Add(args[i]); break;
            }
        }

        var missing = new[] { ("--kind", kind), ("--period", period), ("--scope", scope), ("--out", file) }.Where(p => string.IsNullOrEmpty(p.Item2)).Select(p => p.Item1).ToList();
        return (kind, period, scope, file, rest.ToArray(), missing.Count > 0 ? "missing " + string.Join(", ", missing) : null);
    }

    private static bool TryWindow(string kind, string period, out ReportKind reportKind, out SummaryWindow window, out string? problem)
    {
        window = null!;
        problem = null;
        reportKind = kind == "monthly" ? ReportKind.Monthly : ReportKind.Weekly;
        if (kind == "weekly" && DateOnly.TryParseExact(period, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var monday) && monday.DayOfWeek == DayOfWeek.Monday)
        {
            window = SummaryWindow.Week(monday);
            return true;
        }

        if (kind == "monthly" && DateOnly.TryParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
        {
            window = SummaryWindow.Month(first.Year, first.Month);
            return true;
        }

        problem = kind is "weekly" or "monthly"
            ? $"--period '{period}' is not {(kind == "weekly" ? "a Monday (yyyy-MM-dd)" : "a month (yyyy-MM)")}"
            : $"--kind '{kind}' is neither weekly nor monthly";
        return false;
    }
}
