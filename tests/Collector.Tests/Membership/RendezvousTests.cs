using Supervision.Collector.Membership;

namespace Supervision.Collector.Tests.Membership;

public sealed class RendezvousTests
{
    private static readonly string[] Targets = Enumerable.Range(0, 13_527).Select(i => $"{i:D5}/{(i % 3 == 0 ? "edoc" : i % 3 == 1 ? "dossier" : "network")}").ToArray();

    private static Dictionary<string, string> Assign(params string[] agents) =>
        Targets.ToDictionary(t => t, t => Rendezvous.Owner(t, agents)!, StringComparer.Ordinal);

    [Fact]
    public void three_agents_share_a_national_fleet_about_evenly()
    {
        var counts = Assign("collector-0of3", "collector-1of3", "collector-2of3").Values.GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, n => Assert.InRange(n, Targets.Length / 3 * 0.9, Targets.Length / 3 * 1.1));
    }

    [Fact]
    public void removing_an_agent_moves_only_its_targets_spread_over_the_others_and_adding_it_back_restores_the_assignment()
    {
        var before = Assign("collector-0of3", "collector-1of3", "collector-2of3");
        var without = Assign("collector-0of3", "collector-2of3");

        var moved = Targets.Where(t => before[t] != without[t]).ToArray();
        Assert.NotEmpty(moved);
        Assert.All(moved, t => Assert.Equal("collector-1of3", before[t]));
        Assert.Equal(before.Count(kv => kv.Value == "collector-1of3"), moved.Length);

        // The dead agent's targets go to both survivors, not all to one of them.
        var takers = moved.GroupBy(t => without[t]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(2, takers.Count);
        Assert.All(takers.Values, n => Assert.InRange(n, moved.Length * 0.4, moved.Length * 0.6));

        Assert.Equal(before, Assign("collector-0of3", "collector-1of3", "collector-2of3"));
    }

    [Fact]
    public void the_order_agents_are_listed_in_does_not_matter()
    {
        Assert.Equal(Assign("a", "b", "c", "d"), Assign("d", "b", "a", "c"));
    }

    [Fact]
    public void no_agent_means_no_owner()
    {
        Assert.Null(Rendezvous.Owner("79/edoc", []));
        Assert.Equal(-1, Rendezvous.Owner(Rendezvous.Hash("79/edoc"), ReadOnlySpan<ulong>.Empty));
    }
}
