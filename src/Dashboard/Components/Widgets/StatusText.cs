namespace Supervision.Dashboard.Components.Widgets;

/// <summary>Words and colours for statuses, in Vietnamese (default) or English.</summary>
public static class StatusText
{
    /// <summary>CSS class of a status.</summary>
    public static string Css(TargetStatus status) => status switch
    {
        TargetStatus.Up => "st-up",
        TargetStatus.Degraded => "st-degraded",
        TargetStatus.Down => "st-down",
        _ => "st-unknown",
    };

    /// <summary>Why a province is marked partly stale: the absent collector shards and how many of its targets lack fresh data.</summary>
    public static string AbsentShards(Live.ProvinceSummary province, bool english)
    {
        ArgumentNullException.ThrowIfNull(province);
        var shards = string.Join(", ", province.StaleFromAbsentShards);
        return english
            ? $"{province.StaleTargets} targets without fresh data: collector shard {shards} absent"
            : $"{province.StaleTargets} hệ thống không có dữ liệu mới: phân đoạn thu thập {shards} vắng mặt";
    }

    /// <summary>Where a click on a province (tile or map) goes: its own board, in the page's language.</summary>
    public static string ProvinceLink(string code, bool english) => "/provinces/" + code + (english ? "?lang=en" : string.Empty);

    /// <summary>The status in words.</summary>
    public static string Label(TargetStatus status, bool english) => (status, english) switch
    {
        (TargetStatus.Up, false) => "Hoạt động",
        (TargetStatus.Degraded, false) => "Suy giảm",
        (TargetStatus.Down, false) => "Mất kết nối",
        (_, false) => "Không rõ",
        (TargetStatus.Up, true) => "Up",
        (TargetStatus.Degraded, true) => "Degraded",
        (TargetStatus.Down, true) => "Down",
        _ => "Unknown",
    };

    /// <summary>A figure as the wall shows it: Vietnamese digit grouping, one decimal below 100.</summary>
    public static string Number(double value) =>
        value.ToString(Math.Abs(value) < 100 && value % 1 != 0 ? "N1" : "N0", System.Globalization.CultureInfo.GetCultureInfo("vi-VN"));

    /// <summary>A duration as the wall shows it: 45 s, 12 phút (12 min), 3 giờ 05 (3 h 05).</summary>
    public static string Age(TimeSpan age, bool english) =>
        age.TotalSeconds < 60 ? $"{Math.Max(0, (int)age.TotalSeconds)} s"
        : age.TotalMinutes < 60 ? $"{(int)age.TotalMinutes} {(english ? "min" : "phút")}"
        : $"{(int)age.TotalHours} {(english ? "h" : "giờ")} {age.Minutes:00}";

    /// <summary>The wall clock in Vietnam time (UTC+7).</summary>
    public static string Clock(DateTimeOffset now) =>
        Supervision.Core.Calendar.VietnamTime.ToVietnam(now).ToString("HH:mm:ss dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture) + " (UTC+7)";

    /// <summary>A severity in words.</summary>
    public static string Severity(string severity, bool english) => (severity, english) switch
    {
        ("critical", false) => "NGHIÊM TRỌNG",
        ("warning", false) => "CẢNH BÁO",
        ("info", false) => "THÔNG TIN",
        _ => severity.ToUpperInvariant(),
    };

    /// <summary>What an incident covers, e.g. <c>+224 cảnh báo · 56 đơn vị</c>.</summary>
    public static string Covered(int alerts, int units, bool english) => (units, english) switch
    {
        (0, false) => $"+{alerts} cảnh báo gộp",
        (_, false) => $"+{alerts} cảnh báo · {units} đơn vị",
        (0, true) => $"+{alerts} folded",
        _ => $"+{alerts} alerts · {units} units",
    };

    /// <summary>An alert's state in words.</summary>
    public static string State(AlertState state, bool english) => (state, english) switch
    {
        (AlertState.Firing, false) => "đang kích hoạt",
        (AlertState.Pending, false) => "đang chờ",
        (AlertState.Resolved, false) => "đã hết",
        (_, false) => "không hoạt động",
        _ => state.ToString().ToLowerInvariant(),
    };

    /// <summary>Why a target is not up, in words (Vietnamese unless <paramref name="english"/>).</summary>
    public static string Reason(StatusReason reason, bool english) => (reason, english) switch
    {
        (StatusReason.None, _) => string.Empty,
        (StatusReason.Timeout, false) => "quá thời gian chờ",
        (StatusReason.Refused, false) => "từ chối kết nối",
        (StatusReason.HttpStatus, false) => "lỗi HTTP",
        (StatusReason.UnhealthyEntry, false) => "kiểm tra sức khỏe không đạt",
        (StatusReason.ParseError, false) => "dữ liệu sai định dạng",
        (StatusReason.Oversize, false) => "phản hồi quá lớn",
        (StatusReason.Stale, false) => "dữ liệu cũ",
        (StatusReason.NeverSeen, false) => "chưa từng thu thập",
        (StatusReason.Timeout, true) => "timeout",
        (StatusReason.Refused, true) => "connection refused",
        (StatusReason.HttpStatus, true) => "HTTP error",
        (StatusReason.UnhealthyEntry, true) => "unhealthy check",
        (StatusReason.ParseError, true) => "unreadable metrics",
        (StatusReason.Oversize, true) => "response too large",
        (StatusReason.Stale, true) => "stale",
        (StatusReason.NeverSeen, true) => "never scraped",
        _ => reason.ToString(),
    };
}
