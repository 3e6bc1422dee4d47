namespace Supervision.Alerting.Notify.Channels;

/// <summary>Builds the Alertmanager v4 webhook body of a notification.</summary>
public static class WebhookPayloadBuilder
{
    /// <summary>Alertmanager writes the zero time for an alert that has not ended.</summary>
    public static readonly DateTimeOffset ZeroTime = new(1, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The body; at most <paramref name="maxAlerts"/> alerts (0 = all), the rest counted in truncatedAlerts.</summary>
    public static WebhookPayload Build(Notification n, MessageRenderer renderer, string externalUrl, int maxAlerts, MessageLanguage language = MessageLanguage.Vietnamese)
    {
        ArgumentNullException.ThrowIfNull(n);
        ArgumentNullException.ThrowIfNull(renderer);
        var take = maxAlerts > 0 ? Math.Min(maxAlerts, n.Alerts.Count) : n.Alerts.Count;
        var alerts = new WebhookAlert[take];
        for (var i = 0; i < take; i++)
        {
            var a = n.Alerts[i];
            alerts[i] = new WebhookAlert(
                a.Status,
                LabelsOf(a),
                AnnotationsOf(a, renderer, language),
                a.StartsAt,
                a.EndsAt ?? ZeroTime,
                renderer.AlertLink(a),
                a.Id);
        }

        return new WebhookPayload(
            "4",
            n.GroupKey,
            n.Alerts.Count - take,
            n.Status,
            n.RouteReceiver,
            n.GroupLabels,
            Common(alerts, static a => a.Labels),
            Common(alerts, static a => a.Annotations),
            externalUrl,
            alerts,
            n.IdempotencyKey);
    }

    private static Dictionary<string, string> LabelsOf(NotificationAlert a)
    {
        var labels = new Dictionary<string, string>(a.Labels, StringComparer.Ordinal);
        labels.TryAdd("alertname", a.Rule);
        labels.TryAdd("severity", a.Severity);
        return labels;
    }

    // Names and local time are added as annotations so plain webhook receivers show them too.
    // An English receiver reads the rule's English summary as `summary`, as any Alertmanager receiver expects.
    private static Dictionary<string, string> AnnotationsOf(NotificationAlert a, MessageRenderer renderer, MessageLanguage language)
    {
        var ann = new Dictionary<string, string>(a.Annotations, StringComparer.Ordinal);
        if (language == MessageLanguage.English && a.Annotations.TryGetValue("summary_en", out var en) && !string.IsNullOrWhiteSpace(en))
        {
            ann["summary"] = en;
        }

        if (a.ProvinceName is not null) { ann.TryAdd("province_name", a.ProvinceName); }
        if (a.UnitName is not null) { ann.TryAdd("unit_name", a.UnitName); }
        ann.TryAdd("starts_at_vn", MessageRenderer.VietnamTimeText(a.StartsAt));
        ann.TryAdd("dashboard_url", renderer.AlertLink(a));
        return ann;
    }

    private static SortedDictionary<string, string> Common(WebhookAlert[] alerts, Func<WebhookAlert, IReadOnlyDictionary<string, string>> pick)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (alerts.Length == 0)
        {
            return result;
        }

        foreach (var (k, v) in pick(alerts[0]))
        {
            var shared = true;
            for (var i = 1; i < alerts.Length && shared; i++)
            {
                shared = pick(alerts[i]).TryGetValue(k, out var other) && other == v;
            }

            if (shared)
            {
                result[k] = v;
            }
        }

        return result;
    }
}
