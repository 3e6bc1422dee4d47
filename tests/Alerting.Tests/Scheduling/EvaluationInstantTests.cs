using Supervision.Alerting.Engine;
using Supervision.Alerting.Scheduling;
using Supervision.Core.Messages;

namespace Supervision.Alerting.Tests.Scheduling;

public sealed class EvaluationInstantTests
{
    private static readonly DateTimeOffset Slot = new(2026, 11, 30, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void a_pass_run_a_little_late_is_stamped_with_its_slot()
    {
        Assert.Equal(Slot, EvaluationInstant.Choose(Slot, Slot.AddMilliseconds(40)));
    }

    [Fact]
    public void a_pass_run_long_after_its_slot_or_without_one_uses_the_wall_clock()
    {
        var wall = Slot + EvaluationInstant.MaxLag + TimeSpan.FromMilliseconds(1);
        Assert.Equal(wall, EvaluationInstant.Choose(Slot, wall));
        Assert.Equal(wall, EvaluationInstant.Choose(null, wall));
        Assert.Equal(Slot, EvaluationInstant.Choose(Slot.AddSeconds(1), Slot)); // a slot ahead of the clock is not trusted
    }

    [Fact]
    public void for_20s_on_a_10s_group_fires_on_the_second_pass_after_the_first_hit_even_when_the_first_ran_late()
    {
        var forDuration = TimeSpan.FromSeconds(20);
        var alert = new AlertRecord { Id = "a", Rule = "r", Labels = new Dictionary<string, string>(), State = AlertState.Inactive, ActiveSince = Slot, StateSince = Slot };

        // Wall clocks of the three passes: the first ran 80 ms after its slot, the third 10 ms after.
        AlertLifecycle.Active(alert, EvaluationInstant.Choose(Slot, Slot.AddMilliseconds(80)), forDuration);
        AlertLifecycle.Active(alert, EvaluationInstant.Choose(Slot.AddSeconds(10), Slot.AddSeconds(10.02)), forDuration);
        Assert.Equal(AlertState.Pending, alert.State);
        AlertLifecycle.Active(alert, EvaluationInstant.Choose(Slot.AddSeconds(20), Slot.AddSeconds(20.01)), forDuration);
        Assert.Equal(AlertState.Firing, alert.State);
    }
}
