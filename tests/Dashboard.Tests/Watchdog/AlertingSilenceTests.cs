using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Messages;
using Supervision.Dashboard.Configuration;
using Supervision.Dashboard.Live;

namespace Supervision.Dashboard.Tests.Watchdog;

public sealed class AlertingSilenceTests
{
    [Fact]
    public void alerting_counts_as_silent_after_two_beats_without_a_push_and_a_beat_ends_the_silence()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero));
        var state = new LiveState(TestInventory.Value, Options.Create(new DashboardOptions()), time);
        var twoBeats = new DashboardOptions().AlertingBeat * 2;

        Assert.False(state.AlertingSilent(time.GetUtcNow(), twoBeats));
        time.Advance(twoBeats + TimeSpan.FromSeconds(1));
        // Never heard since the start: silent.
        Assert.True(state.AlertingSilent(time.GetUtcNow(), twoBeats));

        // The watchdog's beat is an empty batch.
        state.Apply(new AlertChangeBatch([]));
        Assert.False(state.AlertingSilent(time.GetUtcNow(), twoBeats));
        Assert.Equal(time.GetUtcNow(), state.LastAlertingAt);
        time.Advance(twoBeats + TimeSpan.FromSeconds(1));
        Assert.True(state.AlertingSilent(time.GetUtcNow(), twoBeats));
    }
}
