namespace Supervision.Dashboard.Summaries;

/// <summary>Vietnamese wording and number formats shared by the pages, the print page and the CSV files.</summary>
public static class SummaryText
{
    /// <summary>Vietnamese culture: thousands with dots, decimals with commas.</summary>
    public static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>The period's name.</summary>
    public static string Period(SummaryPeriod period) => period switch
    {
        SummaryPeriod.Today => "Hôm nay",
        SummaryPeriod.Days30 => "30 ngày",
        SummaryPeriod.Week => "Tuần",
        SummaryPeriod.Month => "Tháng",
        _ => "7 ngày",
    };

    /// <summary>What the comparison window is called.</summary>
    public static string PreviousPeriod(SummaryPeriod period) => period switch
    {
        SummaryPeriod.Today => "cùng giờ hôm qua",
        SummaryPeriod.Days30 => "30 ngày trước đó",
        SummaryPeriod.Week => "tuần trước",
        SummaryPeriod.Month => "tháng trước",
        _ => "7 ngày trước đó",
    };

    /// <summary>A reason of the early-warning list.</summary>
    public static string Reason(WarningReason reason) => reason switch
    {
        WarningReason.Stalled => "Đình trệ",
        WarningReason.Slow => "Tỉ lệ đúng hạn thấp",
        WarningReason.OverdueRising => "Quá hạn tăng",
        _ => "Hệ thống gián đoạn",
    };

    /// <summary>A trend.</summary>
    public static string Trend(Trend trend) => trend switch
    {
        Summaries.Trend.Worsening => "Xấu đi",
        Summaries.Trend.Improving => "Cải thiện",
        _ => "Ổn định",
    };

    /// <summary>A system key's Vietnamese name.</summary>
    public static string System(string key) => key switch
    {
        "edoc" => "Văn bản điện tử",
        "dossier" => "Hệ thống TTHC",
        "portal" => "Kết nối Cổng DVC quốc gia",
        "opsmgmt" => "Quản lý điều hành",
        "meeting" => "Phòng họp không giấy",
        "handbook" => "Sổ tay đảng viên",
        "network" => "Mạng chuyên dùng",
        _ => key,
    };

    /// <summary>A share as a Vietnamese percentage ("93,5 %"), or an em dash.</summary>
    public static string Percent(double? ratio) =>
        ratio is { } r ? (r * 100).ToString("0.0", Vietnamese) + " %" : "—";

    /// <summary>A count with Vietnamese thousands separators.</summary>
    public static string Count(long value) => value.ToString("#,0", Vietnamese);

    /// <summary>The change of a share in percentage points, signed, or empty.</summary>
    public static string PointChange(double? now, double? before) =>
        now is { } a && before is { } b ? ((a - b) * 100).ToString("+0.0;-0.0;0.0", Vietnamese) + " điểm" : string.Empty;

    /// <summary>The change of a count, signed, or empty when there is nothing to compare.</summary>
    public static string CountChange(long now, long before) =>
        (now - before).ToString("+#,0;-#,0;0", Vietnamese);

    /// <summary>An instant in Vietnam time, e.g. "30/11/2026 14:00".</summary>
    public static string Instant(DateTimeOffset instant) =>
        Core.Calendar.VietnamTime.ToVietnam(instant).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
}
