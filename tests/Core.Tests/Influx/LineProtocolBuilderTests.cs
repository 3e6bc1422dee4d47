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
}
