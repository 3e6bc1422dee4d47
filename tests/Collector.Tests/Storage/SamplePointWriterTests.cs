using System.Text;
using Supervision.Collector.Parsing;
using Supervision.Collector.Storage;
using Supervision.Core.Domain;
using Supervision.Core.Influx;

namespace Supervision.Collector.Tests.Storage;

public sealed class SamplePointWriterTests
{
    private static readonly Target Dossier = new("26737", "dossier", "79", UnitLevel.Commune, new Uri("http://127.0.0.1:1/t/26737/dossier"), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10));

    [Fact]
    public void samples_with_the_same_label_set_share_one_line_whatever_the_label_order()
    {
        var lines = Write("""
            dossier_received_total{procedure="1.1"} 10
            dossier_received_total{procedure="1.2"} 20
            dossier_overdue{procedure="1.2"} 2
            dossier_overdue{procedure="1.1"} 1
            dossier_resolved_total{timeliness="late",procedure="1.1"} 3
            dossier_in_progress{procedure="1.1"} 5
            other{b="2",a="1"} 7
            another{a="1",b="2"} 8
            """);

        Assert.Equal(
        [
            "dossier,procedure=1.1,unit=26737,province=79,system=dossier,level=commune dossier_received_total=10,dossier_overdue=1,dossier_in_progress=5 1000",
            "dossier,procedure=1.2,unit=26737,province=79,system=dossier,level=commune dossier_received_total=20,dossier_overdue=2 1000",
            "dossier,procedure=1.1,timeliness=late,unit=26737,province=79,system=dossier,level=commune dossier_resolved_total=3 1000",
            "dossier,a=1,b=2,unit=26737,province=79,system=dossier,level=commune other=7,another=8 1000",
        ], lines);
    }

    [Fact]
    public void a_repeated_metric_an_own_timestamp_and_a_colliding_label_each_keep_their_meaning()
    {
        var lines = Write("""
            m{procedure="1"} 1
            m{procedure="1"} 2
            n{procedure="1"} 3 5000
            k{unit="x"} 4
            """);

        Assert.Equal(
        [
            "dossier,procedure=1,unit=26737,province=79,system=dossier,level=commune n=3 5000",
            "dossier,procedure=1,unit=26737,province=79,system=dossier,level=commune m=1 1000",
            "dossier,procedure=1,unit=26737,province=79,system=dossier,level=commune m=2 1000",
            "dossier,exported_unit=x,unit=26737,province=79,system=dossier,level=commune k=4 1000",
        ], lines);
    }

    [Fact]
    public void a_warm_writer_allocates_nothing_per_scrape()
    {
        var body = string.Join('\n', Enumerable.Range(0, 20).Select(i => $"dossier_received_total{{procedure=\"{i}\"}} {i}\ndossier_overdue{{procedure=\"{i}\"}} 1")) + "\n";
        var (parser, writer, builder) = (new ExpositionParser(), new SamplePointWriter(), new LineProtocolBuilder(64 * 1024));
        void Once()
        {
            builder.Clear();
            writer.Reset(builder, Dossier, 1000);
            Assert.Null(parser.Parse(body, ExpositionFormat.PrometheusText, writer));
            writer.Finish();
        }

        Once();
        Once();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Once();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(20, builder.Points);
    }

    private static List<string> Write(string body)
    {
        var builder = new LineProtocolBuilder();
        var writer = new SamplePointWriter();
        writer.Reset(builder, Dossier, 1000);
        Assert.Null(new ExpositionParser().Parse(body + "\n", ExpositionFormat.PrometheusText, writer));
        writer.Finish();
        return Encoding.UTF8.GetString(builder.WrittenMemory.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
