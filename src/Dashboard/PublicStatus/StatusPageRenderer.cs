namespace Supervision.Dashboard.PublicStatus;

/// <summary>
/// Writes the public page as one self-contained HTML document (styles inline, no script, no circuit): built once per
/// refresh and served from memory, so a citizen's phone gets it in one request and a burst costs the server only the copy.
/// </summary>
public static class StatusPageRenderer
{
    /// <summary>Incidents listed at most in each list (interrupted now, restored); the rest are counted.</summary>
    public const int MaxIncidents = 100;

    /// <summary>
    /// The page for <paramref name="report"/>. <paramref name="buildFailedSince"/> is set when the latest builds failed and
    /// this is the last good report shown again: the page then says since when it has not been updated.
    /// </summary>
    public static string Render(PublicStatusReport report, StatusPageOptions options, bool availabilityConfigured, DateTimeOffset? buildFailedSince = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        var html = new StringBuilder(64 * 1024);
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="refresh" content="{Math.Max(30, (int)options.Refresh.TotalSeconds)}">
            <title>Tình trạng dịch vụ công trực tuyến</title>
            <style>{Styles}</style></head>
            <body><main>
            <header class="top">
            <h1>Tình trạng dịch vụ công trực tuyến</h1>
            <p class="lead">Cổng dịch vụ công và hệ thống giải quyết thủ tục hành chính của {report.Provinces.Count} tỉnh, thành phố.</p>
            <p class="updated" data-testid="updated">Cập nhật lúc {E(StatusPageText.Clock(report.GeneratedAt))} ngày {E(StatusPageText.Date(report.GeneratedAt))} (giờ Việt Nam).</p>
            """);
        if (buildFailedSince is { } failed)
        {
            html.Append(CultureInfo.InvariantCulture, $"""<p class="warn" data-testid="build-failed">Trang chưa cập nhật được từ {E(StatusPageText.At(failed))}: số liệu dưới đây là của lúc {E(StatusPageText.At(report.GeneratedAt))}.</p>""").Append('\n');
        }

        html.Append(CultureInfo.InvariantCulture, $"""<p class="note{(report.AvailabilityFailedAt is null ? string.Empty : " warn")}" data-testid="availability-note">{E(AvailabilityNote(report, availabilityConfigured))}</p>""").Append('\n');
        var interrupted = report.Provinces.Count(p => IsInterrupted(p.Portal.State) || IsInterrupted(p.Dossier.State));
        html.Append(CultureInfo.InvariantCulture, $"""<p class="summary" data-testid="summary">{E(Summary(report.Provinces.Count, interrupted))}</p>""").Append('\n');
        html.Append("</header>\n");

        // What is interrupted now comes first; the week's restored interruptions after the provinces, so a phone shows
        // the current picture and its own province before a long history.
        var open = report.Incidents.Where(i => i.End is null).ToArray();
        if (open.Length > 0)
        {
            Incidents(html, "incidents-open", "Đang gián đoạn", open, string.Empty);
        }

        html.Append("""<section class="provinces"><h2>Theo tỉnh, thành phố</h2><div class="grid">""").Append('\n');
        foreach (var province in report.Provinces)
        {
            html.Append(CultureInfo.InvariantCulture, $"""<article class="province" data-testid="province-{E(province.Code)}"><h3>{E(province.Name)}</h3>""");
            Service(html, StatusPageModel.Portal, province.Portal);
            Service(html, StatusPageModel.Dossier, province.Dossier);
            html.Append("</article>\n");
        }

        html.Append("</div></section>\n");
        Incidents(html, "incidents", "Gián đoạn đã khôi phục trong 7 ngày qua", report.Incidents.Where(i => i.End is not null).ToArray(),
            "Không ghi nhận gián đoạn nào đã khôi phục trong 7 ngày qua.");
        var shortest = options.MinInterruption > TimeSpan.Zero ? $" Gián đoạn ngắn hơn {StatusPageText.Duration(options.MinInterruption)} không được liệt kê nhưng vẫn được tính vào tỷ lệ hoạt động." : string.Empty;
        html.Append(CultureInfo.InvariantCulture, $"""
            <footer><p>Số liệu do Trung tâm giám sát tự động kiểm tra các hệ thống. Tỷ lệ hoạt động: phần các lần kiểm tra thấy hệ thống hoạt động; "hôm nay" tính từ 0 giờ (giờ Việt Nam) đến giờ tròn gần nhất.{E(shortest)}</p>
            <p>Dữ liệu dạng máy đọc: <a href="/status.json">/status.json</a></p></footer>
            </main></body></html>
            """);
        return html.ToString();
    }

    private static void Incidents(StringBuilder html, string testId, string title, PublicIncident[] incidents, string none)
    {
        html.Append(CultureInfo.InvariantCulture, $"""<section class="incidents" data-testid="{testId}"><h2>{E(title)}</h2>""").Append('\n');
        if (incidents.Length == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"""<p class="none">{E(none)}</p>""").Append('\n');
        }
        else
        {
            html.Append("<ul>\n");
            foreach (var incident in incidents.Take(MaxIncidents))
            {
                html.Append(CultureInfo.InvariantCulture, $"""<li class="incident{(incident.End is null ? " open" : string.Empty)}" data-testid="incident" data-province="{E(incident.ProvinceCode)}" data-service="{E(incident.Service)}">{E(incident.Text)}</li>""").Append('\n');
            }

            html.Append("</ul>\n");
            if (incidents.Length > MaxIncidents)
            {
                html.Append(CultureInfo.InvariantCulture, $"""<p class="more">và {incidents.Length - MaxIncidents} gián đoạn khác.</p>""").Append('\n');
            }
        }

        html.Append("</section>\n");
    }

    private static void Service(StringBuilder html, string service, PublicServiceStatus status)
    {
        var state = StatusPageText.State(status.State);
        if (status.State == PublicServiceState.Partial)
        {
            state += $" ({status.Interrupted.ToString(CultureInfo.InvariantCulture)}/{status.Systems.ToString(CultureInfo.InvariantCulture)} hệ thống)";
        }

        html.Append(CultureInfo.InvariantCulture, $"""
            <div class="service s-{status.State.ToString().ToLowerInvariant()}" data-service="{service}"><div class="name">{E(StatusPageText.ServiceName(service))}</div><div class="state" data-testid="state">{E(state)}</div><dl><div><dt>Hôm nay</dt><dd data-testid="today">{E(StatusPageText.Percent(status.Today))}</dd></div><div><dt>7 ngày</dt><dd data-testid="days7">{E(StatusPageText.Percent(status.Days7))}</dd></div></dl></div>
            """);
    }

    private static bool IsInterrupted(PublicServiceState state) => state is PublicServiceState.Interrupted or PublicServiceState.Partial;

    private static string Summary(int provinces, int interrupted) => interrupted == 0
        ? $"Cả {provinces} tỉnh, thành phố không có gián đoạn."
        : $"{interrupted} trong {provinces} tỉnh, thành phố đang có gián đoạn.";

    private static string AvailabilityNote(PublicStatusReport report, bool configured)
    {
        if (!configured)
        {
            return "Tỷ lệ hoạt động chưa có: máy chủ chưa được cấu hình để lưu số liệu.";
        }

        if (report.AvailabilityThrough is not { } through)
        {
            return report.AvailabilityFailedAt is { } never
                ? $"Chưa đọc được số liệu tỷ lệ hoạt động (lần thử gần nhất lúc {StatusPageText.At(never)}); trang sẽ thử lại."
                : "Đang đọc số liệu tỷ lệ hoạt động.";
        }

        var note = $"Tỷ lệ hoạt động tính đến {StatusPageText.At(through)}.";
        return report.AvailabilityFailedAt is { } failed
            ? note + $" Lần cập nhật lúc {StatusPageText.At(failed)} không thành công; số liệu này đã cũ {StatusPageText.Duration(report.GeneratedAt - through)}, trang sẽ thử lại."
            : note;
    }

    // Only the five markup characters: WebUtility.HtmlEncode would also turn Vietnamese letters of Latin-1 (ô, à, …) into entities.
    private static string E(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal)
        .Replace("'", "&#39;", StringComparison.Ordinal);

    private const string Styles = """
        *{box-sizing:border-box}
        body{margin:0;font-family:"Noto Sans","DejaVu Sans",Arial,sans-serif;background:#f4f6f8;color:#1b2430;line-height:1.4}
        main{max-width:1880px;margin:0 auto;padding:16px}
        h1{font-size:1.6rem;margin:0 0 4px}
        h2{font-size:1.2rem;margin:20px 0 8px}
        h3{font-size:1.05rem;margin:0 0 8px;overflow-wrap:anywhere}
        p{margin:4px 0;overflow-wrap:anywhere}
        .lead{color:#44505e}
        .updated{font-weight:600}
        .warn{color:#8a1c00;font-weight:600}
        .summary{font-size:1.1rem}
        .incidents ul{margin:0;padding-left:20px}
        .incident{margin:2px 0;overflow-wrap:anywhere}
        .incident.open{color:#8a1c00;font-weight:600}
        .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:12px}
        .province{background:#fff;border:1px solid #d5dbe1;border-radius:6px;padding:12px;min-width:0}
        .service{border-left:6px solid #8c96a0;padding:4px 8px;margin-top:8px;min-width:0}
        .service .name{font-size:.9rem;color:#44505e;overflow-wrap:anywhere}
        .service .state{font-weight:600;overflow-wrap:anywhere}
        .s-normal{border-color:#2e7d32}.s-slow{border-color:#c77700}.s-partial{border-color:#d84315}.s-interrupted{border-color:#b71c1c}.s-nodata{border-color:#8c96a0}
        .s-interrupted .state,.s-partial .state{color:#8a1c00}
        dl{display:flex;flex-wrap:wrap;gap:4px 16px;margin:4px 0 0}
        dl div{display:flex;gap:6px}
        dt{color:#44505e}
        dd{margin:0;font-weight:600}
        footer{margin-top:24px;color:#44505e;font-size:.9rem}
        """;
}
