using Bunit;
using Supervision.Core.Messages;
using Supervision.Dashboard.Components.Widgets;

namespace Supervision.Dashboard.Tests.Widgets;

public sealed class AlertListTests : BunitContext
{
    private IRenderedComponent<AlertList> RenderList(IReadOnlyList<AlertView> alerts, int max = 12, bool english = false, IReadOnlyList<string>? severities = null) =>
        Render<AlertList>(p => p.Add(x => x.Alerts, alerts).Add(x => x.Now, WidgetData.Now).Add(x => x.Max, max).Add(x => x.English, english).Add(x => x.Severities, severities ?? []));

    [Fact]
    public void no_alerts_says_so()
    {
        var cut = RenderList([]);
        Assert.Equal("Không có cảnh báo", cut.Find("[data-testid=no-alerts]").TextContent);
    }

    [Fact]
    public void an_acknowledged_alert_shows_who_and_when_and_is_marked_acknowledged()
    {
        var cut = RenderList([WidgetData.Alert("a1", ackBy: "nguyen.van.an"), WidgetData.Alert("a2")]);
        var acked = cut.Find("[data-testid=alert-a1]");
        Assert.Contains("acked", acked.ClassList);
        Assert.Equal("true", acked.GetAttribute("data-acked"));
        Assert.Equal("✔ nguyen.van.an · 2 phút", cut.Find("[data-testid=ack-a1]").TextContent);
        Assert.DoesNotContain("acked", cut.Find("[data-testid=alert-a2]").ClassList);
        Assert.Empty(cut.FindAll("[data-testid=ack-a2]"));
    }

    [Fact]
    public void age_and_time_in_state_are_shown_separately()
    {
        var cut = RenderList([WidgetData.Alert("a1", age: TimeSpan.FromMinutes(125), inState: TimeSpan.FromMinutes(40))], english: true);
        Assert.Equal("2 h 05", cut.Find("[data-testid=age-a1]").TextContent);
        Assert.Equal("firing 40 min", cut.Find("[data-testid=instate-a1]").TextContent);
    }

    [Fact]
    public void durations_are_in_vietnamese_and_the_summary_has_a_line_of_its_own()
    {
        var cut = RenderList([WidgetData.Alert("a1", age: TimeSpan.FromMinutes(125), inState: TimeSpan.FromMinutes(40))]);
        Assert.Equal("2 giờ 05", cut.Find("[data-testid=age-a1]").TextContent);
        Assert.Equal("đang kích hoạt 40 phút", cut.Find("[data-testid=instate-a1]").TextContent);
        var summary = cut.Find("[data-testid=summary-a1]");
        Assert.Equal("alert-line", summary.ParentElement!.ClassName);
        Assert.Null(summary.ParentElement.QuerySelector(".alert-age"));
    }

    [Fact]
    public void severity_colours_state_and_inhibition_are_rendered()
    {
        var cut = RenderList([WidgetData.Alert("c", severity: "critical"), WidgetData.Alert("w", severity: "warning", state: AlertState.Pending, inhibitedBy: "parent")]);
        Assert.Contains("sev-critical", cut.Find("[data-testid=alert-c]").ClassList);
        var warning = cut.Find("[data-testid=alert-w]");
        Assert.Contains("sev-warning", warning.ClassList);
        Assert.Equal("Pending", warning.GetAttribute("data-state"));
        Assert.Contains("thuộc sự cố cấp trên", warning.TextContent, StringComparison.Ordinal);
        Assert.Equal("NGHIÊM TRỌNG", cut.Find("[data-testid=alert-c] .alert-sev").TextContent);
    }

    [Fact]
    public void more_alerts_than_fit_are_counted_not_scrolled()
    {
        var alerts = Enumerable.Range(0, 15).Select(i => WidgetData.Alert("a" + i)).ToArray();
        var cut = RenderList(alerts, max: 12);
        // Twelve lines: eleven rows and the "+N" line.
        Assert.Equal(11, cut.FindAll(".alert-row").Count);
        Assert.Equal("+4 sự cố", cut.Find("[data-testid=more-alerts]").TextContent);

        // As many as fit: all shown, no "+N".
        cut = RenderList(alerts[..12], max: 12);
        Assert.Equal(12, cut.FindAll(".alert-row").Count);
        Assert.Empty(cut.FindAll("[data-testid=more-alerts]"));
    }

    [Fact]
    public void a_severity_filter_keeps_only_those_severities_and_counts_only_them()
    {
        var alerts = new[] { WidgetData.Alert("c1"), WidgetData.Alert("w1", severity: "warning"), WidgetData.Alert("c2") };
        var cut = RenderList(alerts, max: 1, severities: ["critical"]);
        Assert.Single(cut.FindAll(".alert-row"));
        Assert.Equal("c1", cut.Find(".alert-row").GetAttribute("data-testid")![6..]);
        Assert.Equal("+1 sự cố", cut.Find("[data-testid=more-alerts]").TextContent);
    }

    [Fact]
    public void a_province_outage_is_one_row_counting_what_it_covers_and_another_provinces_critical_alert_is_not_pushed_below_it()
    {
        static AlertView In(AlertView a, string province, string unit) =>
            a with { Labels = new Dictionary<string, string> { ["province"] = province, ["unit"] = unit } };
        var outage = In(WidgetData.Alert("04-network", age: TimeSpan.FromMinutes(20)), "04", "04");
        // 224 commune alerts (56 communes × 4 systems), all covered by the province's outage, older than anything else.
        var covered = Enumerable.Range(0, 224)
            .Select(i => In(WidgetData.Alert($"c{i}", severity: "warning", age: TimeSpan.FromMinutes(30), inhibitedBy: outage.Id), "04", (1000 + (i / 4)).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();
        var other = In(WidgetData.Alert("79-edoc", age: TimeSpan.FromMinutes(1)), "79", "79");
        var warning = In(WidgetData.Alert("48-latency", severity: "warning", age: TimeSpan.FromMinutes(50)), "48", "48");

        var cut = RenderList([.. covered, warning, other, outage], max: 7);

        var rows = cut.FindAll(".alert-row").Select(r => r.GetAttribute("data-testid") ?? string.Empty).ToArray();
        // Critical first (oldest first among them), then the warning; the covered alerts are folded, not rows.
        Assert.Equal(["alert-04-network", "alert-79-edoc", "alert-48-latency"], rows);
        Assert.Equal("224", cut.Find("[data-testid=alert-04-network]").GetAttribute("data-children"));
        Assert.Equal("+224 cảnh báo · 56 đơn vị", cut.Find("[data-testid=children-04-network]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=more-alerts]"));
        Assert.Equal("/alerts/79-edoc", cut.Find("[data-testid=alert-79-edoc]").GetAttribute("href"));
    }

    [Fact]
    public void pending_silenced_and_alerts_covered_by_a_parent_outside_the_list_come_after_firing_ones()
    {
        var cut = RenderList([
            WidgetData.Alert("orphan", age: TimeSpan.FromHours(2), inhibitedBy: "elsewhere"),
            WidgetData.Alert("silenced", age: TimeSpan.FromHours(1)) with { Silenced = true },
            WidgetData.Alert("pending", state: AlertState.Pending, age: TimeSpan.FromMinutes(50)),
            WidgetData.Alert("info", severity: "info", age: TimeSpan.FromMinutes(5)),
            WidgetData.Alert("critical", age: TimeSpan.FromMinutes(1)),
        ]);
        Assert.Equal(
            ["alert-critical", "alert-info", "alert-pending", "alert-silenced", "alert-orphan"],
            cut.FindAll(".alert-row").Select(r => r.GetAttribute("data-testid") ?? string.Empty).ToArray());
        Assert.Contains("covered", cut.Find("[data-testid=alert-orphan]").ClassList);
    }

    [Fact]
    public void after_effects_of_a_parent_no_longer_listed_are_one_row_not_one_per_commune()
    {
        var effects = Enumerable.Range(0, 163).Select(i => WidgetData.Alert($"w{i}", severity: "warning", age: TimeSpan.FromMinutes(10 + i), inhibitedBy: "resolved-outage")).ToArray();
        var cut = RenderList([.. effects, WidgetData.Alert("critical")]);
        Assert.Equal(2, cut.FindAll(".alert-row").Count);
        var row = cut.Find("[data-testid=alert-w162]");
        Assert.Equal("162", row.GetAttribute("data-children"));
        Assert.Contains("covered", row.ClassList);
    }
}
