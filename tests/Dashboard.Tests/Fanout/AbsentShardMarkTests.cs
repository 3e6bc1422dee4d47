using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Domain;
using Supervision.Core.Messages;
using Supervision.Dashboard.Configuration;
using Supervision.Dashboard.Live;

namespace Supervision.Dashboard.Tests.Fanout;

/// <summary>
/// Expected agents on the wallboard: while an absent-shard alert fires, a province some of whose targets have no fresh
/// data is marked with the absent shard (its own data only in part stale, so not "STALE" as a whole).
/// </summary>
public sealed class AbsentShardMarkTests
{
    private const string Province = "79";

    [Fact]
    public void a_province_left_with_stale_targets_by_an_absent_shard_is_marked_and_sent_and_unmarked_when_the_shard_is_back()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero));
        var state = new LiveState(TestInventory.Value, Options.Create(new DashboardOptions()), time);
        var targets = TestInventory.Value.Targets.Where(t => t.ProvinceCode == Province).ToList();
        Assert.True(targets.Count >= 2);
        var now = time.GetUtcNow();
        // Two agents split the province's targets; then agent b stops (its targets' data ages), a beats on.
        state.Apply(targets.Where((_, i) => i % 2 == 0).Select(t => Up(t, now)), "collector-0of2");
        state.Apply(targets.Where((_, i) => i % 2 == 1).Select(t => Up(t, now)), "collector-1of2");
        state.TakeDeltas();
        time.Advance(TimeSpan.FromMinutes(5));
        state.Heartbeat("collector-0of2", time.GetUtcNow());

        // Stale targets but no absent-shard alert: not marked (the province rolls its unknowns up as ever).
        var before = Summary(state);
        Assert.Empty(before.StaleFromAbsentShards);
        Assert.False(before.Stale);
        state.TakeDeltas();

        state.Apply(new AlertChangeBatch([ShardAlert("1/2", AlertState.Firing)]));
        var marked = Summary(state);
        Assert.Equal(["1/2"], marked.StaleFromAbsentShards);
        Assert.Equal(targets.Count / 2, marked.StaleTargets);
        Assert.False(marked.Stale);
        var (national, _, _) = state.TakeDeltas();
        Assert.Contains(national!.Provinces, p => p.Code == Province && p.StaleFromAbsentShards.SequenceEqual(["1/2"]));

        // Shard takeover: the others scrape the absent agent's targets; fresh data, so no mark though the alert fires on.
        state.Apply(targets.Where((_, i) => i % 2 == 1).Select(t => Up(t, time.GetUtcNow())), "collector-0of2");
        Assert.Empty(Summary(state).StaleFromAbsentShards);
        var (after, _, _) = state.TakeDeltas();
        Assert.Contains(after!.Provinces, p => p.Code == Province && p.StaleFromAbsentShards.Count == 0);
    }

    private static ProvinceSummary Summary(LiveState state) => Assert.Single(state.National().Provinces, p => p.Code == Province);

    private static TargetState Up(Target t, DateTimeOffset at) => new(t.Id, TargetStatus.Up, StatusReason.None, null, at, at);

    private static AlertView ShardAlert(string shard, AlertState alertState)
    {
        var at = new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);
        return new AlertView("shard-" + shard, "collector-shard-absent", alertState, "critical", new Dictionary<string, string> { ["shard"] = shard },
            new Dictionary<string, string>(), at, at, null, at);
    }
}
