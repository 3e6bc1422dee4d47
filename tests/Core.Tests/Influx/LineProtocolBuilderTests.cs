using System.Text;
using Supervision.Core.Influx;

namespace Supervision.Core.Tests.Influx;

public sealed class LineProtocolBuilderTests
{
    private static string Build(Action<LineProtocolBuilder> write)
    {
        var builder = new LineProtocolBuilder(16);
        write(builder);
        return Encoding.UTF8.GetString(builder.WrittenMemory.Span);
    }

    [Fact]
    public void each_part_escapes_its_own_special_characters()
    {
        var line = Build(b =>
        {
            b.BeginPoint("my measure,x=1");
            b.Tag("tag key,=", "va lue,=\"q\"");
            b.Field("field key", "say \"hi\" \\ there\nbye");
            b.Field("n", 3L);
            b.Field("f", 0.1);
            b.EndPoint(1700000000000);
        });
        Assert.Equal("my\\ measure\\,x=1,tag\\ key\\,\\==va\\ lue\\,\\=\"q\" field\\ key=\"say \\\"hi\\\" \\\\ there\nbye\",n=3i,f=0.1 1700000000000\n", line);
    }

    [Fact]
    public void backslashes_in_tags_stay_single_except_before_a_special_character_or_at_the_end()
    {
        Assert.Equal("m,p=C:\\dir\\\\ v=1i 1\n", Build(b => { b.BeginPoint("m"); b.Tag("p", "C:\\dir\\"); b.Field("v", 1L); b.EndPoint(1); }));
    }

    [Fact]
    public void non_finite_floats_and_empty_tags_are_left_out_and_a_point_without_fields_is_dropped()
    {
        var line = Build(b =>
        {
            b.BeginPoint("m");
            b.Tag("empty", string.Empty);
            Assert.False(b.Field("nan", double.NaN));
            b.EndPoint(1);
            b.BeginPoint("m");
            b.Field("ok", 1.5);
            b.EndPoint(2);
        });
        Assert.Equal("m ok=1.5 2\n", line);
    }

    [Fact]
    public void rollback_forgets_what_was_written_after_the_mark()
    {
        var builder = new LineProtocolBuilder();
        builder.BeginPoint("a");
        builder.Field("v", 1L);
        builder.EndPoint(1);
        var mark = builder.Mark();
        builder.BeginPoint("b");
        builder.Field("v", 2L);
        builder.EndPoint(2);
        builder.Rollback(mark);
        Assert.Equal(1, builder.Points);
        Assert.Equal("a v=1i 1\n", Encoding.UTF8.GetString(builder.WrittenMemory.Span));
    }

    [Fact]
    public void a_warm_builder_allocates_nothing_per_point()
    {
        var builder = new LineProtocolBuilder(1024 * 1024);
        var units = Enumerable.Range(0, 1000).Select(i => (26_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        void Write()
        {
            builder.Clear();
            foreach (var unit in units)
            {
                builder.BeginPoint("dossier");
                builder.Tag("unit", unit);
                builder.Tag("name", "Phường Tân Định, Q.1");
                builder.Field("resolved", 1.5);
                builder.Field("open", 3L);
                builder.Field("note", "say \"hi\"");
                builder.EndPoint(1_700_000_000_000);
            }
        }

        Write();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Write();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1000, builder.Points);
    }

    /// <summary>A point with one bad part each; InfluxDB answers 400 to a batch holding any of them.</summary>
    public static TheoryData<string, LineProtocolPart, LineProtocolFault> Refused => new()
    {
        { "empty measurement", LineProtocolPart.Measurement, LineProtocolFault.Empty },
        { "empty tag key", LineProtocolPart.TagKey, LineProtocolFault.Empty },
        { "tag key time", LineProtocolPart.TagKey, LineProtocolFault.Reserved },
        { "lone surrogate in tag value", LineProtocolPart.TagValue, LineProtocolFault.InvalidText },
        { "empty field key", LineProtocolPart.FieldKey, LineProtocolFault.Empty },
        { "field key time", LineProtocolPart.FieldKey, LineProtocolFault.Reserved },
        { "lone surrogate in measurement", LineProtocolPart.Measurement, LineProtocolFault.InvalidText },
        { "lone surrogate in string field", LineProtocolPart.FieldValue, LineProtocolFault.InvalidText },
        { "series key over 64 KiB", LineProtocolPart.SeriesKey, LineProtocolFault.TooLong },
        { "series key just over with its field key", LineProtocolPart.SeriesKey, LineProtocolFault.TooLong },
        { "timestamp past the year 2262", LineProtocolPart.Timestamp, LineProtocolFault.OutOfRange },
    };

    private static void WriteBad(LineProtocolBuilder b, string which)
    {
        b.BeginPoint(which switch { "empty measurement" => "", "lone surrogate in measurement" => "m\uD800", _ => "m" });
        b.Tag(which switch { "empty tag key" => "", "tag key time" => "time", _ => "k" }, which == "lone surrogate in tag value" ? "v\uDC00" : "v");
        if (which == "series key over 64 KiB")
        {
            b.Tag("big", new string('x', 65_536));
        }

        if (which == "series key just over with its field key")
        {
            // "m,k=v,b=" (8 bytes) + 65,523 + "#!~#" (4) + field key "f" (1) = 65,536: one byte over.
            b.Tag("b", new string('x', 65_523));
        }

        b.Field(which switch { "empty field key" => "", "field key time" => "time", _ => "f" }, 1.0);
        b.Field("s", which == "lone surrogate in string field" ? "\uD800x" : "ok");
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void a_point_influxdb_would_reject_is_refused_naming_the_part_and_nothing_of_it_is_kept(string which, LineProtocolPart part, LineProtocolFault fault)
    {
        var builder = new LineProtocolBuilder(64);
        builder.BeginPoint("good");
        builder.Field("v", 1L);
        builder.EndPoint(1);

        WriteBad(builder, which);
        var timestamp = which == "timestamp past the year 2262" ? 9_223_372_036_855L : 2L;
        var error = Assert.Throws<LineProtocolException>(() => builder.EndPoint(timestamp));

        Assert.Equal((part, fault), (error.Part, error.Fault));
        Assert.Equal(LineProtocolException.Describe(part, fault), error.Message);
        Assert.Equal(("good v=1i 1\n", 1), (Encoding.UTF8.GetString(builder.WrittenMemory.Span), builder.Points));

        WriteBad(builder, which);
        Assert.False(builder.TryEndPoint(timestamp, out var tryPart, out var tryFault));
        Assert.Equal((part, fault), (tryPart, tryFault));
        Assert.Equal(1, builder.Points);
    }

    [Theory]
    [InlineData(InfluxPrecision.Milliseconds, -9_223_372_036_854L, 9_223_372_036_854L)]
    [InlineData(InfluxPrecision.Seconds, -9_223_372_036L, 9_223_372_036L)]
    [InlineData(InfluxPrecision.Nanoseconds, long.MinValue + 2, long.MaxValue - 1)]
    public void timestamps_are_accepted_up_to_influxdbs_limits_in_the_builders_precision_and_refused_beyond(InfluxPrecision precision, long min, long max)
    {
        var builder = new LineProtocolBuilder(64) { Precision = precision };
        foreach (var (timestamp, ok) in new[] { (min, true), (max, true), (min - 1, false), (max + 1, false) })
        {
            builder.BeginPoint("m");
            builder.Field("v", 1L);
            Assert.Equal(ok, builder.TryEndPoint(timestamp, out _, out _));
        }

        Assert.Equal(2, builder.Points);
    }

    [Fact]
    public void the_largest_key_influxdb_takes_is_accepted()
    {
        var builder = new LineProtocolBuilder(64);
        builder.BeginPoint("m");
        builder.Tag("k", new string('x', 65_526));
        builder.Field("f", 1L);
        Assert.True(builder.TryEndPoint(1, out _, out _));
    }

    [Fact]
    public void a_tag_with_an_empty_value_is_still_left_out_whatever_its_key()
    {
        Assert.Equal("m v=1i 1\n", Build(b => { b.BeginPoint("m"); b.Tag(string.Empty, string.Empty); b.Tag("time", string.Empty); b.Field("v", 1L); b.EndPoint(1); }));
    }
}
