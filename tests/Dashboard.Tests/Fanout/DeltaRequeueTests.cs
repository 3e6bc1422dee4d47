using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Domain;
using Supervision.Core.Messages;
using Supervision.Dashboard.Configuration;
using Supervision.Dashboard.Live;

namespace Supervision.Dashboard.Tests.Fanout;

/// <summary>A round that could not be sent gives back what it took: the next round sends it.</summary>
public sealed class DeltaRequeueTests
{
    [Fact]
    public void a_requeued_round_is_taken_again_with_its_province_unit_and_alert()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero));
        var state = new LiveState(TestInventory.Value, Options.Create(new DashboardOptions()), time);
        var now = time.GetUtcNow();
        state.Apply([new TargetState("26737/edoc", TargetStatus.Down, StatusReason.Refused, null, now, now)]);
        var alert = new AlertView("a1", "target-down", AlertState.Firing, "critical", new Dictionary<string, string> { ["unit"] = "26737", ["province"] = "79" },
            new Dictionary<string, string>(), now, now, null, now);
        state.Apply(new AlertChangeBatch([alert]));

        var (national, provinces, _) = state.TakeDeltas();
        Assert.NotNull(national);
        Assert.Null(state.TakeDeltas().National);

        state.Requeue(national, provinces);
        var (again, againProvinces, pendingSince) = state.TakeDeltas();
        Assert.NotNull(again);
        Assert.NotEqual(0, pendingSince);
        Assert.Contains(again.Alerts, a => a.Id == "a1");
        var hcm = Assert.Single(againProvinces, p => p.Code == "79").Delta;
        Assert.Contains(hcm.Units, u => u.Id == "26737" && u.Status == TargetStatus.Down);
    }

    [Fact]
    public void the_revision_moves_with_every_change_a_delta_will_carry_and_not_with_a_repeat()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero));
        var state = new LiveState(TestInventory.Value, Options.Create(new DashboardOptions()), time);
        var now = time.GetUtcNow();
        var start = state.Revision;
        state.Apply([new TargetState("26737/edoc", TargetStatus.Down, StatusReason.Refused, null, now, now)]);
        var afterTarget = state.Revision;
        Assert.True(afterTarget > start);

        // The same state again is no change: no delta, no newer revision (a hub would not resend its snapshot).
        state.Apply([new TargetState("26737/edoc", TargetStatus.Down, StatusReason.Refused, null, now, now.AddSeconds(15))]);
        Assert.Equal(afterTarget, state.Revision);

        state.Apply(new AlertChangeBatch([new AlertView("a1", "target-down", AlertState.Firing, "critical",
            new Dictionary<string, string> { ["unit"] = "26737", ["province"] = "79" }, new Dictionary<string, string>(), now, now, null, now)]));
        Assert.True(state.Revision > afterTarget);
    }
}
