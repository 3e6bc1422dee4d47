using Supervision.Core.Contracts.Alerting;
using Supervision.Core.Messages;
using Supervision.Dashboard.OnCall;
using Supervision.Dashboard.Security;

namespace Supervision.Dashboard.Tests.OnCall;

public sealed class ConsoleLogicTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private static AlertView Alert(string? ackBy = null, DateTimeOffset? ackAt = null, DateTimeOffset? resolved = null) => new(
        "f00d", "target-down", resolved is null ? AlertState.Firing : AlertState.Resolved, "critical",
        new Dictionary<string, string> { ["unit"] = "26737", ["province"] = "79", ["system"] = "edoc" }, new Dictionary<string, string>(),
        T0, T0.AddMinutes(2), resolved, T0.AddMinutes(2), AcknowledgedBy: ackBy, AcknowledgedAt: ackAt);

    [Fact]
    public void prefilled_matchers_select_exactly_the_alerts_labels_and_parse_back()
    {
        var text = MatcherText.FromLabels(new Dictionary<string, string> { ["unit"] = "26737", ["province"] = "79", ["note"] = "say \"hi\"" });
        Assert.Equal("note=\"say \\\"hi\\\"\"\nprovince=\"79\"\nunit=\"26737\"\n", text);
        var (matchers, errors) = MatcherText.Parse(text);
        Assert.Empty(errors);
        Assert.Equal([new SilenceMatcher("note", "say \"hi\""), new SilenceMatcher("province", "79"), new SilenceMatcher("unit", "26737")], matchers);
    }

    [Fact]
    public void every_operator_parses_and_each_bad_line_is_named()
    {
        var (matchers, errors) = MatcherText.Parse("system!=\"edoc\"\nunit=~\"267.*\"\nprovince!~79\n\n=x\nbad line\n9x=\"1\"");
        Assert.Equal([new SilenceMatcher("system", "edoc", false, false), new SilenceMatcher("unit", "267.*", true, true), new SilenceMatcher("province", "79", true, false)], matchers);
        Assert.Equal(3, errors.Count);
        Assert.StartsWith("line 5:", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("line 6:", errors[1], StringComparison.Ordinal);
        Assert.StartsWith("line 7:", errors[2], StringComparison.Ordinal);
        Assert.Equal(["at least one matcher is required"], MatcherText.Parse("  \n").Errors);
    }

    [Fact]
    public void the_timeline_tells_fired_notified_acknowledged_escalated_and_resolved_in_order()
    {
        var alert = Alert("Lan", T0.AddMinutes(6), T0.AddMinutes(30));
        NotificationRecord[] notifications =
        [
            new(2, "key-2", "page-critical", "an.nguyen", "g1", "delivered", "firing", "escalation", 1, T0.AddMinutes(7), T0.AddMinutes(7).AddSeconds(1), null, []),
            new(1, "key-1", "ops-webhook", null, "g1", "delivered", "firing", "first", 1, T0.AddMinutes(2), T0.AddMinutes(2).AddSeconds(1), null, []),
            new(3, "key-3", "ops-webhook", null, "g1", "failed", "resolved", "resolved", 5, T0.AddMinutes(30), null, "503 Service Unavailable", []),
        ];
        AlertingAuditEntry[] alertingAudit =
        [
            new(1, T0.AddMinutes(5), "system", "escalation.resumed", "g1", null),
            new(2, T0.AddMinutes(5), "system", "escalation.resumed", "other-group", null),
        ];
        AuditEntry[] dashboardAudit =
        [
            new(T0.AddMinutes(6), "Lan", "alert.ack", "f00d", "ok", "đang xử lý"),
            new(T0.AddMinutes(6), "Bình", "alert.ack", "f00d", "denied", "outside provinces"),
            new(T0.AddMinutes(8), "Lan", "alert.ack", "other", "ok", null),
        ];
        var timeline = AlertTimeline.Build(alert, notifications, alertingAudit, dashboardAudit, english: true);
        Assert.Equal(
            [TimelineKind.Pending, TimelineKind.Fired, TimelineKind.Notified, TimelineKind.Escalated, TimelineKind.Acknowledged, TimelineKind.Notified, TimelineKind.Resolved, TimelineKind.Notified],
            timeline.Select(t => t.Kind));
        Assert.Equal("notified ops-webhook (firing, first)", timeline[2].Text);
        Assert.Equal("acknowledged by Lan: đang xử lý", timeline[4].Text);
        Assert.Equal("notified an.nguyen via page-critical (firing, escalation)", timeline[5].Text);
        Assert.Equal("notified ops-webhook (resolved, resolved) — failed: 503 Service Unavailable", timeline[7].Text);
    }

    [Fact]
    public void an_acknowledgement_made_elsewhere_still_shows_from_the_alert_itself()
    {
        var timeline = AlertTimeline.Build(Alert("Alerting API user", T0.AddMinutes(3)), [], [], [], english: true);
        Assert.Contains(timeline, t => t.Kind == TimelineKind.Acknowledged && t.Text == "acknowledged by Alerting API user" && t.At == T0.AddMinutes(3));
    }

    [Fact]
    public void the_timeline_is_vietnamese_by_default_with_escalations_in_words()
    {
        var alert = Alert("Lan", T0.AddMinutes(6), null);
        NotificationRecord[] notifications = [new(1, "key-1", "page", "an.nguyen", "g1", "delivered", "firing", "leo thang bước 2 (vòng 1)", 1, T0.AddMinutes(2), T0.AddMinutes(2), null, [])];
        AlertingAuditEntry[] alertingAudit = [new(1, T0.AddMinutes(3), "Kỹ sư trực", "escalation.manual", "g1", null)];
        var timeline = AlertTimeline.Build(alert, notifications, alertingAudit, []);
        Assert.Equal("đang kích hoạt", timeline.Single(t => t.Kind == TimelineKind.Fired).Text);
        Assert.Equal("đã báo an.nguyen qua page (firing, leo thang bước 2 (vòng 1))", timeline.Single(t => t.Kind == TimelineKind.Notified).Text);
        Assert.Equal("leo thang thủ công (Kỹ sư trực)", timeline.Single(t => t.Kind == TimelineKind.Escalated).Text);
        Assert.Equal("xác nhận bởi Lan", timeline.Single(t => t.Kind == TimelineKind.Acknowledged).Text);
    }
}
