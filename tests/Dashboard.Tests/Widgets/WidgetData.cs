using Supervision.Core.Domain;
using Supervision.Core.Messages;
using Supervision.Core.Rollup;
using Supervision.Dashboard.Live;

namespace Supervision.Dashboard.Tests.Widgets;

/// <summary>Builders of the views the widgets render.</summary>
public static class WidgetData
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero); // 09:00 in Vietnam

    public static ProvinceSummary Province(string code = "79", TargetStatus status = TargetStatus.Up, bool stale = false, int down = 0, int degraded = 0) =>
        new(code, "Thành phố Hồ Chí Minh", status, stale, stale ? Now.AddMinutes(-20) : Now, new StatusCounts(168 - down - degraded, degraded, down, 0),
            new Dictionary<string, TargetStatus>(), 10.78, 106.7, new StatusCounts(700, 0, 0, 0));

    public static UnitView Commune(string id, TargetStatus status) =>
        new(id, "Phường " + id, "ward", status, [new TargetState(id + "/edoc", status, status == TargetStatus.Up ? StatusReason.None : StatusReason.Refused, null, Now, Now)]);

    public static AlertView Alert(string id, AlertState state = AlertState.Firing, string severity = "critical", string? ackBy = null, TimeSpan? age = null, TimeSpan? inState = null, string? inhibitedBy = null) =>
        new(id, "TargetDown", state, severity,
            new Dictionary<string, string> { ["province"] = "79", ["unit"] = "26737" },
            new Dictionary<string, string> { ["summary"] = "Phường Tân Định: edoc down " + id },
            Now - (age ?? TimeSpan.FromMinutes(10)), state == AlertState.Firing ? Now - (age ?? TimeSpan.FromMinutes(10)) : null, null,
            Now - (inState ?? age ?? TimeSpan.FromMinutes(10)), inhibitedBy, ackBy, ackBy is null ? null : Now.AddMinutes(-2));
}
