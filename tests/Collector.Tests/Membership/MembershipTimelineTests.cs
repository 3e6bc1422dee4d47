using Supervision.Collector.Membership;
using Supervision.Collector.Scheduling;

namespace Supervision.Collector.Tests.Membership;

/// <summary>The hand-over rule: every slot of every target has exactly one owner, whichever agent's snapshot decides it.</summary>
public sealed class MembershipTimelineTests
{
    private static readonly TimeSpan Expire = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Handover = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);
    private static readonly string[] Targets = Enumerable.Range(0, 3000).Select(i => $"{26000 + i}/edoc").ToArray();

    private static MembershipTimeline Timeline(DateTimeOffset now, params MemberRecord[] members) => new(new MembershipSnapshot(now, members), Expire, Handover);

    private static MemberRecord Live(string id, DateTimeOffset now, double joinedSecondsAgo = 600) => new(id, now.AddSeconds(-joinedSecondsAgo), now.AddMilliseconds(-300));

    /// <summary>Every slot due in [from, to) of every target, with the agents whose window holds it.</summary>
    private static IEnumerable<(string Target, DateTimeOffset Due, string[] Owners)> Slots(MembershipTimeline timeline, string[] agents, DateTimeOffset from, DateTimeOffset to)
    {
        foreach (var target in Targets)
        {
            var hash = Rendezvous.Hash(target);
            var windows = agents.Select(a => (a, w: timeline.Window(a, hash))).ToArray();
            for (var due = ScheduleMath.NextDue(from, Interval, ScheduleMath.Offset(target, Interval)); due < to; due += Interval)
            {
                yield return (target, due, windows.Where(x => x.w is { } w && w.Contains(due)).Select(x => x.a).ToArray());
            }
        }
    }

    [Fact]
    public void with_steady_agents_nothing_changes_and_every_slot_has_one_owner()
    {
        var timeline = Timeline(T0, Live("a", T0), Live("b", T0), Live("c", T0));
        Assert.Empty(timeline.Changes);
        Assert.Equal(["a", "b", "c"], timeline.LiveAgents);
        Assert.All(Slots(timeline, ["a", "b", "c"], T0, T0 + (2 * Interval)), s => Assert.Single(s.Owners));
    }

    [Fact]
    public void an_agent_that_stopped_heartbeating_is_taken_over_at_its_expiry_plus_the_delay_by_the_others()
    {
        var lastSeen = T0.AddSeconds(-5);
        var timeline = Timeline(T0, Live("a", T0), new MemberRecord("b", T0.AddHours(-1), lastSeen), Live("c", T0));
        var change = lastSeen + Expire + Handover;
        Assert.Equal([change], timeline.Changes);
        Assert.Equal(["a", "c"], timeline.LiveAgents);
        Assert.Equal(["a", "b", "c"], timeline.ActiveAt(T0));
        Assert.Equal(["a", "c"], timeline.ActiveAt(change));

        var bTargets = Targets.Where(t => timeline.OwnerAt(t, T0) == "b").ToArray();
        Assert.NotEmpty(bTargets);
        foreach (var target in bTargets)
        {
            var hash = Rendezvous.Hash(target);
            var taker = timeline.OwnerAt(target, change)!;
            Assert.NotEqual("b", taker);
            Assert.Equal(new OwnershipWindow(change, DateTimeOffset.MaxValue, TakenOver: true), timeline.Window(taker, hash));
            Assert.Equal(new OwnershipWindow(DateTimeOffset.MinValue, change), timeline.Window("b", hash));
        }

        // Everyone else's targets stay where they were, for good.
        Assert.All(Targets.Except(bTargets), t => Assert.Equal(OwnershipWindow.Always, timeline.Window(timeline.OwnerAt(t, T0)!, Rendezvous.Hash(t))));
        Assert.All(Slots(timeline, ["a", "b", "c"], T0, T0 + (2 * Interval)), s => Assert.Single(s.Owners));
    }

    [Fact]
    public void an_agent_that_returns_gets_exactly_its_targets_back_from_the_delay_after_its_first_heartbeat()
    {
        var joined = T0.AddMilliseconds(-700);
        var timeline = Timeline(T0, Live("a", T0), new MemberRecord("b", joined, joined), Live("c", T0));
        var change = joined + Handover;
        Assert.Equal([change], timeline.Changes);
        Assert.Equal(["a", "c"], timeline.ActiveAt(T0));

        var back = Targets.Where(t => timeline.OwnerAt(t, change) == "b").ToArray();
        Assert.Equal(Targets.Where(t => Rendezvous.Owner(t, ["a", "b", "c"]) == "b"), back);
        foreach (var target in back)
        {
            var hash = Rendezvous.Hash(target);
            var loser = timeline.OwnerAt(target, T0)!;
            Assert.Equal(new OwnershipWindow(DateTimeOffset.MinValue, change), timeline.Window(loser, hash));
            Assert.Equal(new OwnershipWindow(change, DateTimeOffset.MaxValue), timeline.Window("b", hash));
        }

        // No slot scraped twice, none left out, around the hand-over.
        Assert.All(Slots(timeline, ["a", "b", "c"], T0, T0 + (2 * Interval)), s => Assert.Single(s.Owners));
    }

    [Fact]
    public void a_clean_leave_hands_over_after_the_delay_from_now()
    {
        // The leave script sets the last heartbeat to "expired now".
        var timeline = Timeline(T0, Live("a", T0), new MemberRecord("b", T0.AddHours(-1), T0 - Expire), Live("c", T0));
        Assert.Equal([T0 + Handover], timeline.Changes);
        Assert.Equal(["a", "c"], timeline.LiveAgents);
        Assert.All(Slots(timeline, ["a", "b", "c"], T0, T0 + (2 * Interval)), s => Assert.Single(s.Owners));
    }

    [Fact]
    public void two_agents_reading_the_register_at_different_times_assign_every_slot_alike()
    {
        // Agent x reads just before b rejoins, agent y just after: each decides the slots up to its read + the delay.
        var joined = T0.AddMilliseconds(400);
        var x = Timeline(T0, Live("a", T0), Live("c", T0));
        var yNow = T0.AddMilliseconds(900);
        var y = Timeline(yNow, Live("a", yNow), new MemberRecord("b", joined, joined.AddMilliseconds(500)), Live("c", yNow));

        // x does not know b yet, and need not: b counts only from after the last slot x's read decides.
        Assert.Equal([joined + Handover], y.Changes);
        Assert.True(joined + Handover > T0 + Handover);
        foreach (var target in Targets)
        {
            var offset = ScheduleMath.Offset(target, TimeSpan.FromMilliseconds(100));
            for (var due = yNow + offset; due <= T0 + Handover; due += TimeSpan.FromMilliseconds(100))
            {
                Assert.Equal(x.OwnerAt(target, due), y.OwnerAt(target, due));
            }
        }
    }

    [Fact]
    public void the_key_ignores_heartbeats_of_live_agents_and_changes_with_a_departure()
    {
        var first = Timeline(T0, Live("a", T0), Live("b", T0, 60));
        var later = T0.AddSeconds(1);
        Assert.Equal(first.Key, Timeline(later, Live("a", later, 601), Live("b", later, 61)).Key);
        Assert.NotEqual(first.Key, Timeline(later.AddSeconds(10), Live("a", later.AddSeconds(10), 611), new MemberRecord("b", T0.AddSeconds(-60), T0)).Key);
    }

    [Fact]
    public void before_an_agent_counts_it_owns_nothing_and_when_it_is_alone_it_owns_everything_from_the_delay()
    {
        var timeline = Timeline(T0, new MemberRecord("a", T0, T0));
        Assert.Null(timeline.OwnerAt("79/edoc", T0));
        Assert.Equal(new OwnershipWindow(T0 + Handover, DateTimeOffset.MaxValue), timeline.Window("a", Rendezvous.Hash("79/edoc")));
    }
}
