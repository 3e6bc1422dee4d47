namespace Supervision.Dashboard.PublicStatus;

/// <summary>The public page's words: plain Vietnamese for citizens, times in Vietnam time (UTC+7).</summary>
public static class StatusPageText
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>"Thành phố Hà Nội" for a city, "Tỉnh Cao Bằng" for a province.</summary>
    public static string ProvinceName(string kind, string name) => (kind == "city" ? "Thành phố " : "Tỉnh ") + name;

    /// <summary>A service's name as citizens know it.</summary>
    public static string ServiceName(string service) =>
        service == StatusPageModel.Portal ? "Cổng dịch vụ công" : "Hệ thống giải quyết thủ tục hành chính";

    /// <summary>A state in words.</summary>
    public static string State(PublicServiceState state) => state switch
    {
        PublicServiceState.Normal => "Hoạt động bình thường",
        PublicServiceState.Slow => "Hoạt động chậm",
        PublicServiceState.Partial => "Gián đoạn một phần",
        PublicServiceState.Interrupted => "Gián đoạn",
        _ => "Chưa có thông tin",
    };

    /// <summary>
    /// A share as a percentage with one decimal, rounded down so that a day with any interruption never reads 100%; the
    /// words "chưa có số liệu" (no figures yet) rather than a dash when there were no checks.
    /// </summary>
    public static string Percent(double? share) =>
        share is { } s ? (Math.Floor(s * 1000) / 10).ToString("0.0", Vietnamese) + "%" : "chưa có số liệu";

    /// <summary>"09:12" in Vietnam time.</summary>
    public static string Clock(DateTimeOffset instant) => VietnamTime.ToVietnam(instant).ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"07/12/2026" in Vietnam time.</summary>
    public static string Date(DateTimeOffset instant) => VietnamTime.ToVietnam(instant).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>"09:12 ngày 07/12/2026".</summary>
    public static string At(DateTimeOffset instant) => Clock(instant) + " ngày " + Date(instant);

    /// <summary>
    /// "Cổng dịch vụ công tỉnh Cao Bằng gián đoạn từ 09:12 đến 09:40 ngày 07/12/2026 (28 phút)." — across midnight both
    /// dates are written; while it lasts, "… gián đoạn từ 09:12 ngày 07/12/2026, chưa khôi phục."
    /// </summary>
    public static string Incident(string service, string provinceName, DateTimeOffset start, DateTimeOffset? end)
    {
        ArgumentNullException.ThrowIfNull(provinceName);
        var who = ServiceName(service) + " " + char.ToLower(provinceName[0], Vietnamese) + provinceName[1..];
        if (end is not { } e)
        {
            return $"{who} gián đoạn từ {At(start)}, chưa khôi phục.";
        }

        var span = Date(start) == Date(e) ? $"từ {Clock(start)} đến {Clock(e)} ngày {Date(e)}" : $"từ {At(start)} đến {At(e)}";
        return $"{who} gián đoạn {span} ({Duration(e - start)}).";
    }

    /// <summary>"dưới 1 phút", "28 phút", "2 giờ 5 phút", "1 ngày 3 giờ".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return "dưới 1 phút";
        }

        if (span < TimeSpan.FromHours(1))
        {
            return $"{(int)span.TotalMinutes} phút";
        }

        if (span < TimeSpan.FromDays(1))
        {
            return span.Minutes == 0 ? $"{(int)span.TotalHours} giờ" : $"{(int)span.TotalHours} giờ {span.Minutes} phút";
        }

        return span.Hours == 0 ? $"{(int)span.TotalDays} ngày" : $"{(int)span.TotalDays} ngày {span.Hours} giờ";
    }
}
