using System.Text;
using Supervision.Collector.Push;
using Supervision.Core.Domain;
using Supervision.Core.Influx;

namespace Supervision.Collector.Tests.Push;

public sealed class LineProtocolIntakeTests
{
    private static readonly Target Target = new("26737", "edoc", "79", UnitLevel.Commune, new Uri("http://unused"), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), null, Mode: TargetMode.Push);

    private static (string[] Lines, PushedPoints Points) Parse(string body, string precision = "ns", long nowMs = 1_700_000_000_123, int maxPoints = 1000)
    {
        Assert.True(LineProtocolReader.TryPrecision(precision, out var nanos));
        var points = new PushedPoints();
        Assert.True(LineProtocolIntake.Parse(Encoding.UTF8.GetBytes(body), new PushTargetState(Target, DateTimeOffset.UnixEpoch).CenterTags, nanos, nowMs, maxPoints, points));
        var text = Encoding.UTF8.GetString(points.Lines.WrittenMemory.Span);
        return (text.Split('\n', StringSplitOptions.RemoveEmptyEntries), points);
    }

    [Fact]
    public void the_center_sets_the_target_tags_and_a_body_tag_that_conflicts_is_overwritten()
    {
        var (lines, points) = Parse("edoc,unit=01001,channel=lgsp,province=01,system=x,level=central sent=1 1700000000000000000\n");

        Assert.Equal(1, points.Count);
        Assert.Equal("edoc,channel=lgsp,unit=26737,province=79,system=edoc,level=commune sent=1 1700000000000", lines[0]);
    }

    [Fact]
    public void numbers_become_floats_strings_and_booleans_stay_and_timestamps_become_milliseconds()
    {
        var (lines, _) = Parse("cpu,host=a\\ b usage=12i,big=18446744073709551615u,ok=true,note=\"a \\\"quoted\\\", text\" 1700000000\ncpu v=-1.5e3\n", "s");

        Assert.Equal("cpu,host=a\\ b,unit=26737,province=79,system=edoc,level=commune usage=12,big=1.8446744073709552E+19,ok=true,note=\"a \\\"quoted\\\", text\" 1700000000000", lines[0]);
        Assert.Equal("cpu,unit=26737,province=79,system=edoc,level=commune v=-1500 1700000000123", lines[1]);
    }

    [Theory]
    [InlineData("n", 1_700_000_000_123_456_789L, 1_700_000_000_123L)]
    [InlineData("u", 1_700_000_000_123_456L, 1_700_000_000_123L)]
    [InlineData("ms", 1_700_000_000_123L, 1_700_000_000_123L)]
    [InlineData("m", 28_333_333L, 1_699_999_980_000L)]
    [InlineData("h", 472_222L, 1_699_999_200_000L)]
    [InlineData("ns", -1_500_000L, -2L)]
    public void precision_converts_to_milliseconds_rounding_down(string precision, long stamp, long expectedMs)
    {
        var (lines, _) = Parse($"m v=1 {stamp}\n", precision);

        Assert.EndsWith(" " + expectedMs, lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void bad_lines_are_refused_with_their_number_and_the_good_lines_are_kept()
    {
        var (lines, points) = Parse(string.Join('\n',
            "# a comment",
            "m v=1 1",
            "m v=",
            "scrape,unit=26737 up=1i",
            "m,time=x v=1",
            "m time=1",
            "m v=1 99999999999999999999",
            "summary_unit_part v=1",
            "m v=2 2",
            "m v=NaN"));

        Assert.Equal(2, points.Count);
        Assert.Equal(7, points.Rejected);
        Assert.Equal(["m,unit=26737,province=79,system=edoc,level=commune v=1 0", "m,unit=26737,province=79,system=edoc,level=commune v=2 0"], lines);
        var errors = points.DescribeErrors();
        foreach (var line in new[] { 3, 4, 5, 6, 7, 8, 10 })
        {
            Assert.Contains($"line {line}: ", errors, StringComparison.Ordinal);
        }

        Assert.Contains("'scrape' is the center's own", errors, StringComparison.Ordinal);
        Assert.Contains("tag key 'time'", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void invalid_utf8_is_refused_naming_the_line()
    {
        var body = Encoding.UTF8.GetBytes("m v=1\nm,t=").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes(" v=1\n")).ToArray();
        var points = new PushedPoints();

        Assert.True(LineProtocolIntake.Parse(body, new PushTargetState(Target, DateTimeOffset.UnixEpoch).CenterTags, 1, 0, 10, points));

        Assert.Equal(1, points.Count);
        Assert.Equal("line 2: not valid UTF-8", points.DescribeErrors());
    }

    [Fact]
    public void more_points_than_allowed_stops_the_parse()
    {
        var points = new PushedPoints();
        var body = Encoding.UTF8.GetBytes("m v=1\nm v=2\nm v=3\n");

        Assert.False(LineProtocolIntake.Parse(body, new PushTargetState(Target, DateTimeOffset.UnixEpoch).CenterTags, 1, 0, 2, points));
    }

    [Fact]
    public void the_same_series_hashes_alike_and_another_differently()
    {
        var (_, points) = Parse("m,a=1 v=1 1\nm,a=1 w=2 2\nm,a=2 v=1 1\n");

        Assert.Equal(points[0].SeriesHash, points[1].SeriesHash);
        Assert.NotEqual(points[0].SeriesHash, points[2].SeriesHash);
        Assert.Equal([1, 2, 3], new[] { points[0].Line, points[1].Line, points[2].Line });
    }
}
