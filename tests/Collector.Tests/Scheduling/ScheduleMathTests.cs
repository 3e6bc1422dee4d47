using Supervision.Collector.Scheduling;
using Supervision.Collector.Targets;

namespace Supervision.Collector.Tests.Scheduling;

public sealed class ScheduleMathTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    [Fact]
    public void offsets_are_stable_and_spread_evenly_over_the_interval()
    {
        var ids = Enumerable.Range(0, 13_000).Select(i => $"{i:D5}/edoc").ToArray();
        var offsets = ids.Select(id => ScheduleMath.Offset(id, Interval)).ToArray();
        Assert.Equal(offsets, ids.Select(id => ScheduleMath.Offset(id, Interval)));
        Assert.All(offsets, o => Assert.InRange(o, TimeSpan.Zero, Interval - TimeSpan.FromTicks(1)));

        var perSecond = offsets.GroupBy(o => (int)o.TotalSeconds).Select(g => g.Count()).ToArray();
        Assert.Equal(15, perSecond.Length);
        Assert.All(perSecond, n => Assert.InRange(n, 13_000 / 15 * 0.8, 13_000 / 15 * 1.2));
    }

    [Fact]
    public void due_times_are_the_interval_grid_shifted_by_the_offset_so_they_never_drift()
    {
        var offset = TimeSpan.FromMilliseconds(4200);
        var now = new DateTimeOffset(2026, 11, 23, 1, 2, 3, 500, TimeSpan.Zero);
        var due = ScheduleMath.NextDue(now, Interval, offset);
        Assert.True(due >= now && due - now < Interval);
        Assert.Equal(offset.Ticks, (due - DateTimeOffset.UnixEpoch).Ticks % Interval.Ticks);
        Assert.Equal(due, ScheduleMath.NextDue(due, Interval, offset));
        Assert.Equal(due + Interval, ScheduleMath.NextDue(due.AddTicks(1), Interval, offset));
    }

    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("1/2", 1, 2)]
    public void shards_parse_from_i_slash_n(string text, int index, int count)
    {
        Assert.True(ShardSelector.TryParse(text, out var shard, out _));
        Assert.Equal(new ShardSelector(index, count), shard);
    }

    [Theory]
    [InlineData("2/2")]
    [InlineData("1")]
    [InlineData("a/b")]
    [InlineData("0/0")]
    [InlineData("-1/2")]
    public void malformed_shards_are_rejected(string text)
    {
        Assert.False(ShardSelector.TryParse(text, out _, out var error));
        Assert.Contains(text, error, StringComparison.Ordinal);
    }

    [Fact]
    public void shards_partition_the_targets_and_roughly_balance_them()
    {
        var ids = Enumerable.Range(0, 10_000).Select(i => $"{i:D5}/dossier").ToArray();
        var shards = Enumerable.Range(0, 3).Select(i => new ShardSelector(i, 3)).ToArray();
        Assert.All(ids, id => Assert.Single(shards, s => s.Owns(id)));
        Assert.All(shards, s => Assert.InRange(ids.Count(s.Owns), 3000, 3700));
        Assert.Equal(0xe40c292cu, ShardSelector.Hash("a")); // the FNV-1a test vector: agents built apart must agree
    }
}
