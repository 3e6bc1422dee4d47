namespace Supervision.Alerting.Notify.Channels;

/// <summary>The language a receiver's messages are written in (<c>language:</c> in notifications.yaml; default Vietnamese).</summary>
public enum MessageLanguage
{
    /// <summary>Tiếng Việt: the control room's and the provinces' language.</summary>
    Vietnamese,

    /// <summary>English, for receivers that ask for it.</summary>
    English,
}

/// <summary>The fixed words of a message in one language; alert texts themselves come from the rules' annotations.</summary>
/// <param name="Firing">Head of a firing message (<c>[FIRING:n]</c>).</param>
/// <param name="Resolved">Head of a resolved message.</param>
/// <param name="FiringLine">Marker of a firing alert line.</param>
/// <param name="ResolvedLine">Marker of a resolved alert line.</param>
/// <param name="Reason">Why the message went out.</param>
/// <param name="Where">Where the alert is.</param>
/// <param name="Since">When it started.</param>
/// <param name="ResolvedAt">When it resolved.</param>
/// <param name="AcknowledgedBy">Who acknowledged it.</param>
/// <param name="Dashboard">The Dashboard link.</param>
/// <param name="Runbook">The runbook link.</param>
/// <param name="Status">Table heading: status.</param>
/// <param name="Summary">Table heading: summary.</param>
/// <param name="SinceVn">Table heading: since, Vietnam time.</param>
/// <param name="Links">Table heading: links.</param>
/// <param name="OpenDashboard">The closing link's text.</param>
/// <param name="Units">"units" after a count.</param>
/// <param name="HtmlLang">The HTML document's language.</param>
/// <param name="Covers">What an incident folds under it: format with the communes ({0}) and the alerts ({1}).</param>
public sealed record MessageWords(
    string Firing, string Resolved, string FiringLine, string ResolvedLine, string Reason, string Where, string Since, string ResolvedAt,
    string AcknowledgedBy, string Dashboard, string Runbook, string Status, string Summary, string SinceVn, string Links, string OpenDashboard,
    string Units, string HtmlLang, string Covers)
{
    /// <summary>Vietnamese.</summary>
    public static MessageWords Vietnamese { get; } = new(
        "CẢNH BÁO", "ĐÃ KHẮC PHỤC", "● CẢNH BÁO", "✔ ĐÃ KHẮC PHỤC", "Lý do", "Nơi", "Từ lúc", "Khắc phục lúc",
        "Đã xác nhận bởi", "Trang cảnh báo", "Hướng dẫn xử lý", "Trạng thái", "Nội dung", "Từ lúc (UTC+7)", "Liên kết", "Mở màn hình giám sát",
        "đơn vị", "vi", "Bao gồm: {0} xã, {1} cảnh báo được gộp vào sự cố này");

    /// <summary>English.</summary>
    public static MessageWords English { get; } = new(
        "FIRING", "RESOLVED", "● FIRING", "✔ RESOLVED", "Reason", "Where", "Since", "Resolved",
        "Acknowledged by", "Dashboard", "Runbook", "Status", "Summary", "Since (UTC+7)", "Links", "Open the Dashboard",
        "units", "en", "Covers: {0} communes, {1} alerts folded under this incident");

    /// <summary>The line saying what an alert's incident covers (its <c>covers_communes</c> and <c>inhibited_alerts</c> annotations), or null.</summary>
    public string? CoversLine(IReadOnlyDictionary<string, string> annotations)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        return annotations.TryGetValue("inhibited_alerts", out var alerts) && alerts != "0"
            ? string.Format(System.Globalization.CultureInfo.InvariantCulture, Covers, annotations.GetValueOrDefault("covers_communes", "0"), alerts)
            : null;
    }

    /// <summary>The words of a language.</summary>
    public static MessageWords Of(MessageLanguage language) => language == MessageLanguage.English ? English : Vietnamese;
}
