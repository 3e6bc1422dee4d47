using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Supervision.Collector.Parsing;
using Supervision.Collector.Storage;
using Supervision.Core.Domain;
using Supervision.Core.Influx;

namespace Supervision.Benchmarks.Collector;

/// <summary>
/// Parser throughput on a node_exporter-sized body (<see cref="NodeExporterPayload"/>), in both formats:
/// <see cref="Parse"/> is the parser alone in strict mode, as <c>check</c> runs it (text → samples handed to a
/// visitor that only counts); <see cref="ScrapePath"/> is what a scrape does with a body: UTF-8 bytes → chars →
/// tolerant parse (problems recorded) → line-protocol points. Goal: no allocation per sample (the B/sample column), once the parser has seen the family names.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputColumns))]
public class ExpositionParserBenchmarks
{
    private readonly ExpositionParser _parser = new();
    private readonly CountingVisitor _counter = new();
    private readonly SamplePointWriter _points = new();
    private readonly ExpositionProblems _problems = new();
    private readonly LineProtocolBuilder _lines = new(1024 * 1024);
    private readonly Target _target = new("26737", "opsmgmt", "79", UnitLevel.Commune, new Uri("http://127.0.0.1:9100/t/26737/opsmgmt"), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10));
    private string _text = string.Empty;
    private byte[] _bytes = [];
    private char[] _chars = [];

    /// <summary>The exposition format.</summary>
    [Params(ExpositionFormat.PrometheusText, ExpositionFormat.OpenMetrics)]
    public ExpositionFormat Format { get; set; }

    /// <summary>Builds the payload and warms the parser's family names (as after a target's first scrape).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _text = NodeExporterPayload.Create(Format);
        _bytes = Encoding.UTF8.GetBytes(_text);
        _chars = new char[Encoding.UTF8.GetMaxCharCount(_bytes.Length)];
        if (_parser.Parse(_text, Format, _counter) is { } error)
        {
            throw new InvalidOperationException("the generated payload is invalid: " + error);
        }
    }

    /// <summary>The parser alone.</summary>
    [Benchmark(Baseline = true)]
    public int Parse()
    {
        _counter.Count = 0;
        _parser.Parse(_text, Format, _counter);
        return _counter.Count;
    }

    /// <summary>Bytes to InfluxDB points, as a scrape does.</summary>
    [Benchmark]
    public int ScrapePath()
    {
        var length = Encoding.UTF8.GetChars(_bytes, _chars);
        _lines.Clear();
        _points.Reset(_lines, _target, 1_763_866_800_000);
        _parser.Parse(_chars.AsSpan(0, length), Format, _points, _problems);
        return _lines.Points;
    }

    /// <summary>Counts samples and touches every label so nothing is optimised away.</summary>
    private sealed class CountingVisitor : ISampleVisitor
    {
        public int Count;
        public int Chars;

        public void OnSample(in ParsedSample sample)
        {
            Count++;
            for (var i = 0; i < sample.LabelCount; i++)
            {
                Chars += sample.LabelValue(i).Length;
            }
        }
    }

    /// <summary>Adds MB/s, samples/s and bytes allocated per sample, from the median time.</summary>
    private sealed class ThroughputColumns : ManualConfig
    {
        public ThroughputColumns()
        {
            AddColumn(StatisticColumn.Median);
            AddColumn(new PayloadColumn("Body KB", (bytes, _, _, _) => bytes / 1024.0, "F0"));
            AddColumn(new PayloadColumn("Samples", (_, samples, _, _) => samples, "F0"));
            AddColumn(new PayloadColumn("MB/s", (bytes, _, ns, _) => bytes / 1e6 / (ns / 1e9), "F1"));
            AddColumn(new PayloadColumn("Msamples/s", (_, samples, ns, _) => samples / 1e6 / (ns / 1e9), "F2"));
            AddColumn(new PayloadColumn("B/sample", (_, samples, _, allocated) => allocated / (double)samples, "F3"));
        }
    }

    private sealed class PayloadColumn(string name, Func<int, int, double, long, double> compute, string format) : IColumn
    {
        public string Id => nameof(PayloadColumn) + name;

        public string ColumnName => name;

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => name switch
        {
            "MB/s" => "UTF-8 body megabytes per second at the median time",
            "Msamples/s" => "millions of samples per second at the median time",
            "B/sample" => "bytes allocated per operation divided by the samples in the body",
            _ => name + " of the generated body",
        };

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        {
            var report = summary[benchmarkCase];
            if (report?.ResultStatistics is not { } stats)
            {
                return "-";
            }

            var exposition = (ExpositionFormat)benchmarkCase.Parameters["Format"];
            var text = NodeExporterPayload.Create(exposition);
            var samples = ExpositionParser.ParseToList(text, exposition).Samples.Count;
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) ?? 0;
            return compute(Encoding.UTF8.GetByteCount(text), samples, stats.Median, allocated).ToString(format, System.Globalization.CultureInfo.InvariantCulture);
        }

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
