using System.Text;
using Supervision.Core.Influx;

namespace Supervision.Core.Tests.Influx;

public sealed class LineProtocolReaderTests
{
    private sealed record Parsed(int Line, string Measurement, Dictionary<string, string> Tags, Dictionary<string, (LineProtocolFieldKind Kind, double Number)> Fields, long? Timestamp, string SeriesKey);

    private static (List<Parsed> Points, List<string> Errors) Read(string body)
    {
        var points = new List<Parsed>();
        var errors = new List<string>();
        var reader = new LineProtocolReader(Encoding.UTF8.GetBytes(body));
        while (reader.TryRead(out var line, out var error))
        {
            if (error is not null)
            {
                errors.Add(error);
                continue;
            }

            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            var t = new LineProtocolTagEnumerator(line.Tags);
            while (t.MoveNext())
            {
                tags[LineProtocolReader.UnescapeKey(t.Current.Key)] = LineProtocolReader.UnescapeKey(t.Current.Value);
            }

            var fields = new Dictionary<string, (LineProtocolFieldKind, double)>(StringComparer.Ordinal);
            var f = new LineProtocolFieldEnumerator(line.Fields);
            while (f.MoveNext())
            {
                fields[LineProtocolReader.UnescapeKey(f.Current.Key)] = (f.Current.Kind, f.Current.Number);
            }

            Assert.Null(f.Error);
            points.Add(new Parsed(line.Number, LineProtocolReader.UnescapeMeasurement(line.Measurement), tags, fields, line.Timestamp, Encoding.UTF8.GetString(line.SeriesKey)));
        }

        return (points, errors);
    }

    [Fact]
    public void a_line_gives_its_measurement_tags_typed_fields_and_timestamp()
    {
        var (points, errors) = Read("scrape,province=04,unit=04-01 up=1i,status_code=3u,rtt=0.25,ok=t,gone=FALSE,note=\"a b\" 1700000000000000000\n");

        Assert.Empty(errors);
        var p = Assert.Single(points);
        Assert.Equal("scrape", p.Measurement);
        Assert.Equal("scrape,province=04,unit=04-01", p.SeriesKey);
        Assert.Equal(new Dictionary<string, string> { ["province"] = "04", ["unit"] = "04-01" }, p.Tags);
        Assert.Equal((LineProtocolFieldKind.Integer, 1d), p.Fields["up"]);
        Assert.Equal((LineProtocolFieldKind.Unsigned, 3d), p.Fields["status_code"]);
        Assert.Equal((LineProtocolFieldKind.Float, 0.25), p.Fields["rtt"]);
        Assert.Equal((LineProtocolFieldKind.Boolean, 1d), p.Fields["ok"]);
        Assert.Equal((LineProtocolFieldKind.Boolean, 0d), p.Fields["gone"]);
        Assert.Equal(LineProtocolFieldKind.String, p.Fields["note"].Kind);
        Assert.Equal(1700000000000000000, p.Timestamp);
    }

    [Fact]
    public void what_the_builder_escapes_reads_back_as_it_was_given()
    {
        var builder = new LineProtocolBuilder(64);
        builder.BeginPoint("my measure,x=1");
        builder.Tag("tag key,=", "va lue,=\"q\"");
        builder.Field("field key", "say \"hi\" \\ there\nbye, x=1 2");
        builder.Field("n", -3L);
        builder.Field("f", 1.5e-7);
        builder.EndPoint(1700000000000);
        builder.BeginPoint("second");
        builder.Tag("t", "v");
        builder.Field("v", 2.0);
        builder.EndPoint(1700000000001);

        var (points, errors) = Read(Encoding.UTF8.GetString(builder.WrittenMemory.Span));

        Assert.Empty(errors);
        Assert.Equal(2, points.Count);
        Assert.Equal("my measure,x=1", points[0].Measurement);
        Assert.Equal("va lue,=\"q\"", points[0].Tags["tag key,="]);
        Assert.Equal(LineProtocolFieldKind.String, points[0].Fields["field key"].Kind);
        Assert.Equal(-3d, points[0].Fields["n"].Number);
        Assert.Equal(1.5e-7, points[0].Fields["f"].Number);
        Assert.Equal(1700000000000, points[0].Timestamp);
        Assert.Equal("second", points[1].Measurement);
        Assert.Equal(2, points[1].Line);
    }

    [Fact]
    public void blank_lines_comments_crlf_and_a_missing_timestamp_are_accepted()
    {
        var (points, errors) = Read("# header\r\n\r\nm v=1\r\n  \nm v=2 5\n");

        Assert.Empty(errors);
        Assert.Equal([3, 5], points.Select(p => p.Line));
        Assert.Null(points[0].Timestamp);
        Assert.Equal(5, points[1].Timestamp);
    }

    [Theory]
    [InlineData("m", "line 1: missing fields")]
    [InlineData("m ", "line 1: missing fields")]
    [InlineData(" v=1", "line 1: missing fields")]
    [InlineData(",t=1 v=1", "line 1: missing measurement")]
    [InlineData("m,t v=1", "line 1: a tag needs a key and a value")]
    [InlineData("m,t= v=1", "line 1: a tag needs a key and a value")]
    [InlineData("m v", "line 1: a field needs a value")]
    [InlineData("m =1", "line 1: a field needs a key")]
    [InlineData("m v=", "line 1: a field needs a value")]
    [InlineData("m v=1x", "line 1: invalid value for field 'v'")]
    [InlineData("m v=12.5i", "line 1: invalid value for field 'v'")]
    [InlineData("m v=-1u", "line 1: invalid value for field 'v'")]
    [InlineData("m v=yes", "line 1: invalid value for field 'v'")]
    [InlineData("m v=\"open", "line 1: invalid value for field 'v'")]
    [InlineData("m v=NaN", "line 1: invalid value for field 'v'")]
    [InlineData("m v=1 12:00", "line 1: bad timestamp '12:00'")]
    public void a_bad_line_is_named_with_what_is_wrong(string line, string expected)
    {
        var (points, errors) = Read(line);

        Assert.Empty(points);
        Assert.Equal(expected, Assert.Single(errors));
    }

    [Fact]
    public void a_bad_line_loses_only_itself_and_later_lines_keep_their_numbers()
    {
        var (points, errors) = Read("m v=1 1\nm v=oops 2\nm w=3 3\n");

        Assert.Equal([1, 3], points.Select(p => p.Line));
        Assert.Equal("line 2: invalid value for field 'v'", Assert.Single(errors));
    }

    [Fact]
    public void a_newline_inside_a_quoted_string_does_not_end_the_line()
    {
        var (points, errors) = Read("m s=\"two\nlines\",v=1 7\nm v=2 8");

        Assert.Empty(errors);
        Assert.Equal(2, points.Count);
        Assert.Equal(1d, points[0].Fields["v"].Number);
        Assert.Equal(7, points[0].Timestamp);
    }

    [Fact]
    public void an_escaped_quote_and_a_trailing_escaped_backslash_are_inside_the_string()
    {
        var (points, errors) = Read("m s=\"say \\\"x\\\"\",t=\"dir\\\\\" 1");

        Assert.Empty(errors);
        Assert.Equal(LineProtocolFieldKind.String, points.Single().Fields["s"].Kind);
        Assert.Equal(LineProtocolFieldKind.String, points.Single().Fields["t"].Kind);
    }

    [Fact]
    public void a_backslash_before_an_ordinary_character_stays_as_influxdb_stores_it()
    {
        var (points, _) = Read("m,p=C:\\dir\\\\ v=1i 1");

        Assert.Equal("C:\\dir\\\\", points.Single().Tags["p"]);
    }
}
