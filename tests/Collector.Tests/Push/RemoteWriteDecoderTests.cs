using System.Text;
using Supervision.Collector.Push;
using Supervision.Collector.Storage;
using Supervision.Testing;
using Supervision.Core.Domain;

namespace Supervision.Collector.Tests.Push;

public sealed class RemoteWriteDecoderTests
{
    private static readonly Target Target = new("79", "portal", "79", UnitLevel.Province, new Uri("http://unused"), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), null, Mode: TargetMode.Push);

    private static (string[] Lines, PushedPoints Points, bool Ok, string? Error) Decode(byte[] request, StorePolicy? policy = null, int maxPoints = 1000)
    {
        var points = new PushedPoints();
        var ok = new RemoteWriteDecoder(policy ?? StorePolicy.All).Decode(request, Target, maxPoints, points, out var error);
        return (Encoding.UTF8.GetString(points.Lines.WrittenMemory.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries), points, ok, error);
    }

    [Fact]
    public void samples_are_mapped_as_the_scrape_path_maps_them()
    {
        var request = RemoteWrite.Encode(
            new RemoteWrite.Series([("__name__", "portal_sync_lag_seconds"), ("instance", "a:9100"), ("job", "portal"), ("unit", "01"), ("time", "x"), ("note", "a b,c=d")],
                [(1.5, 1_700_000_000_000), (2, 1_700_000_015_000)]),
            new RemoteWrite.Series([("__name__", "up"), ("empty", "")], [(1, 1_700_000_000_000)]));

        var (lines, points, ok, error) = Decode(request);

        Assert.True(ok, error);
        Assert.Equal(3, points.Count);
        Assert.Equal(
        [
            "portal,instance=a:9100,job=portal,exported_unit=01,exported_time=x,note=a\\ b\\,c\\=d,unit=79,province=79,system=portal,level=province portal_sync_lag_seconds=1.5 1700000000000",
            "portal,instance=a:9100,job=portal,exported_unit=01,exported_time=x,note=a\\ b\\,c\\=d,unit=79,province=79,system=portal,level=province portal_sync_lag_seconds=2 1700000015000",
            "portal,unit=79,province=79,system=portal,level=province up=1 1700000000000",
        ], lines);
        Assert.Equal(points[0].SeriesHash, points[1].SeriesHash);
    }

    [Fact]
    public void stale_markers_and_what_the_store_policy_drops_are_skipped_and_counted()
    {
        var staleNaN = BitConverter.Int64BitsToDouble(0x7ff0000000000002);
        var request = RemoteWrite.Encode(
            new RemoteWrite.Series([("__name__", "a_bucket"), ("le", "1")], [(3, 1)]),
            new RemoteWrite.Series([("__name__", "b")], [(staleNaN, 1), (double.PositiveInfinity, 2), (4, 3)]));
        var policy = new StorePolicy(new Dictionary<string, StoreRuleOptions> { ["*"] = new() { Drop = ["*_bucket"] } });

        var (lines, points, ok, _) = Decode(request, policy);

        Assert.True(ok);
        Assert.Equal(["portal,unit=79,province=79,system=portal,level=province b=4 3"], lines);
        Assert.Equal(3, points.Skipped);
    }

    [Theory]
    [InlineData(new byte[] { 0x0A, 0x05, 0x01 }, "runs past the end")]
    [InlineData(new byte[] { 0x0A, 0x02, 0x12, 0x00 }, "no __name__")]
    [InlineData(new byte[] { 0x0B }, "wire type 3")]
    [InlineData(new byte[] { 0x08, 0xFF }, "varint is cut short")]
    public void bytes_that_are_not_a_write_request_are_refused_whole(byte[] request, string expected)
    {
        var (_, points, ok, error) = Decode(request);

        Assert.False(ok);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(0, points.Count);
    }

    [Fact]
    public void more_samples_than_allowed_stops_with_no_error_for_a_413()
    {
        var request = RemoteWrite.Encode(new RemoteWrite.Series([("__name__", "x")], [(1, 1), (2, 2), (3, 3)]));

        var (_, _, ok, error) = Decode(request, maxPoints: 2);

        Assert.False(ok);
        Assert.Null(error);
    }
}
