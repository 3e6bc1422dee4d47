using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Supervision.Alerting.Notify.Channels;

/// <summary>
/// Turns a notification into readable text and HTML. Every alert line carries its summary, the commune and
/// province names, the start time in Vietnam time (UTC+7), a Dashboard link and the runbook link.
/// </summary>
public sealed class MessageRenderer
{
    // Vietnamese letters stay readable in the HTML source; markup characters are still encoded.
    private static readonly HtmlEncoder HtmlText = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly string _dashboardUrl;

    /// <summary>Creates the renderer.</summary>
    public MessageRenderer(IOptions<NotificationOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dashboardUrl = options.Value.DashboardUrl.TrimEnd('/');
    }

    /// <summary>The Dashboard page of an alert.</summary>
    public string AlertLink(NotificationAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return _dashboardUrl + "/alerts/" + Uri.EscapeDataString(alert.Id);
    }

    /// <summary>
    /// The Dashboard page of a notification's group (<c>/alerts/group?key=…</c>): the alerts the message is about, or
    /// straight the alert's page when it is about one.
    /// </summary>
    public string GroupLink(Notification n)
    {
        ArgumentNullException.ThrowIfNull(n);
        return _dashboardUrl + "/alerts/group?key=" + Uri.EscapeDataString(n.GroupKey);
    }

    /// <summary>The Dashboard's home.</summary>
    public string DashboardUrl => _dashboardUrl;

    /// <summary>Start time as Vietnam time, e.g. <c>22/11/2026 08:05 (UTC+7)</c>.</summary>
    public static string VietnamTimeText(DateTimeOffset instant) =>
        VietnamTime.ToVietnam(instant).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture) + " (UTC+7)";

    /// <summary>Where the alert is, e.g. <c>Phường Tân Định, Hồ Chí Minh</c>.</summary>
    public static string Place(NotificationAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.UnitName is not null && alert.ProvinceName is not null && alert.UnitName != alert.ProvinceName)
        {
            return alert.UnitName + ", " + alert.ProvinceName;
        }

        return alert.UnitName ?? alert.ProvinceName ?? (alert.Labels.TryGetValue("unit", out var u) ? u : "-");
    }

    /// <summary>One-line title: status, counts and what is affected, in the receiver's language (default Vietnamese).</summary>
    public static string Title(Notification n, MessageLanguage language = MessageLanguage.Vietnamese)
    {
        ArgumentNullException.ThrowIfNull(n);
        var w = MessageWords.Of(language);
        var firing = Count(n, NotificationAlert.Firing);
        var head = n.Status == NotificationAlert.Firing ? $"[{w.Firing}:{firing}]" : $"[{w.Resolved}:{n.Alerts.Count}]";
        var first = n.Alerts.Count > 0 ? n.Alerts[0] : null;
        var what = first is null ? n.GroupKey : first.SummaryIn(language);
        var where = first is null ? string.Empty : " — " + CommonPlace(n, w);
        var more = n.Alerts.Count > 1 ? $" (+{n.Alerts.Count - 1})" : string.Empty;
        return head + " " + what + more + where;
    }

    /// <summary>Plain-text body.</summary>
    public string Text(Notification n, MessageLanguage language = MessageLanguage.Vietnamese)
    {
        ArgumentNullException.ThrowIfNull(n);
        var w = MessageWords.Of(language);
        var sb = new StringBuilder(256 + (n.Alerts.Count * 200));
        sb.AppendLine(Title(n, language));
        if (n.Reason.Length > 0)
        {
            sb.Append(w.Reason).Append(": ").AppendLine(n.Reason);
        }

        sb.AppendLine();
        foreach (var a in n.Alerts)
        {
            sb.Append(a.Status == NotificationAlert.Firing ? w.FiringLine : w.ResolvedLine).Append(" [").Append(a.Severity).Append("] ").AppendLine(a.SummaryIn(language));
            sb.Append("  ").Append(w.Where).Append(": ").AppendLine(Place(a));
            if (w.CoversLine(a.Annotations) is { } covers)
            {
                sb.Append("  ").AppendLine(covers);
            }

            sb.Append("  ").Append(w.Since).Append(": ").AppendLine(VietnamTimeText(a.StartsAt));
            if (a.EndsAt is { } end)
            {
                sb.Append("  ").Append(w.ResolvedAt).Append(": ").AppendLine(VietnamTimeText(end));
            }

            if (a.AcknowledgedBy is not null)
            {
                sb.Append("  ").Append(w.AcknowledgedBy).Append(": ").AppendLine(a.AcknowledgedBy);
            }

            sb.Append("  ").Append(w.Dashboard).Append(": ").AppendLine(AlertLink(a));
            sb.Append("  ").Append(w.Runbook).Append(": ").AppendLine(a.RunbookUrl ?? "-");
        }

        sb.AppendLine().Append(w.OpenDashboard).Append(": ").AppendLine(GroupLink(n));
        return sb.ToString();
    }

    /// <summary>HTML body: a heading and one table row per alert; every value is encoded.</summary>
    public string Html(Notification n, MessageLanguage language = MessageLanguage.Vietnamese)
    {
        ArgumentNullException.ThrowIfNull(n);
        var w = MessageWords.Of(language);
        static string E(string? s) => HtmlText.Encode(s ?? string.Empty);
        var sb = new StringBuilder(512 + (n.Alerts.Count * 400));
        var colour = n.Status == NotificationAlert.Firing ? "#b00020" : "#1b7f3b";
        sb.Append("<!DOCTYPE html><html lang=\"").Append(w.HtmlLang).Append("\"><head><meta charset=\"utf-8\"><title>").Append(E(Title(n, language))).Append("</title></head>")
          .Append("<body style=\"font-family:Arial,sans-serif;font-size:14px;color:#222\">")
          .Append("<h2 style=\"color:").Append(colour).Append("\">").Append(E(Title(n, language))).Append("</h2>");
        if (n.Reason.Length > 0)
        {
            sb.Append("<p><em>").Append(E(n.Reason)).Append("</em></p>");
        }

        sb.Append("<table cellpadding=\"6\" style=\"border-collapse:collapse\">")
          .Append("<tr style=\"background:#eee\"><th align=\"left\">").Append(w.Status).Append("</th><th align=\"left\">").Append(w.Summary).Append("</th><th align=\"left\">").Append(w.Where)
          .Append("</th><th align=\"left\">").Append(w.SinceVn).Append("</th><th align=\"left\">").Append(w.Links).Append("</th></tr>");
        foreach (var a in n.Alerts)
        {
            sb.Append("<tr style=\"border-top:1px solid #ddd\"><td>").Append(a.Status == NotificationAlert.Firing ? w.Firing : w.Resolved)
              .Append(" (").Append(E(a.Severity)).Append(")</td><td>").Append(E(a.SummaryIn(language)));
            if (w.CoversLine(a.Annotations) is { } covers)
            {
                sb.Append("<br><small>").Append(E(covers)).Append("</small>");
            }

            if (a.AcknowledgedBy is not null)
            {
                sb.Append("<br><small>").Append(w.AcknowledgedBy).Append(' ').Append(E(a.AcknowledgedBy)).Append("</small>");
            }

            sb.Append("</td><td>").Append(E(Place(a))).Append("</td><td>").Append(E(VietnamTimeText(a.StartsAt))).Append("</td><td>")
              .Append("<a href=\"").Append(E(AlertLink(a))).Append("\">").Append(w.Dashboard).Append("</a>");
            if (a.RunbookUrl is { } rb)
            {
                sb.Append(" · <a href=\"").Append(E(rb)).Append("\">").Append(w.Runbook).Append("</a>");
            }

            sb.Append("</td></tr>");
        }

        sb.Append("</table><p><a href=\"").Append(E(GroupLink(n))).Append("\">").Append(w.OpenDashboard).Append("</a></p></body></html>");
        return sb.ToString();
    }

    /// <summary>Variables offered to HTTP templates (see <see cref="MessageTemplate.Variables"/>).</summary>
    public Func<string, string?> Variables(Notification n, HttpTemplateSettings settings, MessageLanguage language = MessageLanguage.Vietnamese)
    {
        ArgumentNullException.ThrowIfNull(n);
        ArgumentNullException.ThrowIfNull(settings);
        var first = n.Alerts.Count > 0 ? n.Alerts[0] : null;
        return name => name switch
        {
            "status" => n.Status,
            "receiver" => n.RouteReceiver,
            "recipient" => n.Recipient ?? settings.Recipient,
            "title" => Title(n, language),
            "text" => Text(n, language),
            "summary" => first?.SummaryIn(language),
            "alert_count" => n.Alerts.Count.ToString(CultureInfo.InvariantCulture),
            "firing_count" => Count(n, NotificationAlert.Firing).ToString(CultureInfo.InvariantCulture),
            "resolved_count" => Count(n, NotificationAlert.Resolved).ToString(CultureInfo.InvariantCulture),
            "group_key" => n.GroupKey,
            "dashboard_url" => first is null ? _dashboardUrl : AlertLink(first),
            "group_url" => GroupLink(n),
            "runbook_url" => first?.RunbookUrl,
            "province_name" => first?.ProvinceName,
            "unit_name" => first?.UnitName,
            "starts_at" => first is null ? null : VietnamTimeText(first.StartsAt),
            "severity" => first?.Severity,
            "reason" => n.Reason,
            _ when name.StartsWith("secret.", StringComparison.Ordinal) => settings.Secrets.GetValueOrDefault(name[7..]),
            _ => null,
        };
    }

    private static int Count(Notification n, string status)
    {
        var c = 0;
        foreach (var a in n.Alerts)
        {
            if (a.Status == status)
            {
                c++;
            }
        }

        return c;
    }

    private static string CommonPlace(Notification n, MessageWords w)
    {
        var first = n.Alerts[0];
        var sameUnit = true;
        var sameProvince = true;
        foreach (var a in n.Alerts)
        {
            sameUnit &= a.UnitName == first.UnitName;
            sameProvince &= a.ProvinceName == first.ProvinceName;
        }

        if (sameUnit)
        {
            return Place(first);
        }

        return sameProvince && first.ProvinceName is not null ? $"{first.ProvinceName} ({n.Alerts.Count} {w.Units})" : $"{n.Alerts.Count} {w.Units}";
    }
}
