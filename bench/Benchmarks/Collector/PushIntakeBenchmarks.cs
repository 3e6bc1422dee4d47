using System.Text;
using BenchmarkDotNet.Attributes;
using Supervision.Collector.Parsing;
using Supervision.Collector.Push;
using Supervision.Collector.Storage;
using Supervision.Core.Domain;
using Supervision.Core.Influx;
using Supervision.Testing;

namespace Supervision.Benchmarks.Collector;

/// <summary>
/// CPU per sample of the push intake against the scrape path, on the same 1,586 samples (<see cref="NodeExporterPayload"/>,
/// Prometheus text): <see cref="ScrapePath"/> is exposition bytes → points as a scrape does; <see cref="LineProtocol"/>
/// is the same samples pushed as line protocol (one line per sample, ns timestamps) → the center's points;
/// <see cref="DecodeRemoteWrite"/> is the same samples as a snappy-compressed remote_write request → points. Work per
/// request only: HTTP, limits and the write pipeline are the harness's (push-intake) business.
/// </summary>
[MemoryDiagnoser]
public class PushIntakeBenchmarks
{
    private readonly ExpositionParser _parser = new();
    private readonly SamplePointWriter _points = new();
    private readonly ExpositionProblems _problems = new();
    private readonly LineProtocolBuilder _lines = new(1024 * 1024);
    private readonly PushedPoints _pushed = new();
    private readonly RemoteWriteDecoder _decoder = new(StorePolicy.All);
    private readonly Target _target = new("26737", "opsmgmt", "79", UnitLevel.Commune, new Uri("http://127.0.0.1:9100/t/26737/opsmgmt"), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), null, Mode: TargetMode.Push);
    private PushTargetState _state = null!;
    private byte[] _exposition = [];
    private char[] _chars = [];
    private byte[] _lineProtocol = [];
    private byte[] _remoteWrite = [];
    private byte[] _decoded = [];

    /// <summary>Samples in each body.</summary>
    public int Samples { get; private set; }

    /// <summary>Builds the three bodies of the same samples and warms each path once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var text = NodeExporterPayload.Create(ExpositionFormat.PrometheusText);
        _exposition = Encoding.UTF8.GetBytes(text);
        _chars = new char[Encoding.UTF8.GetMaxCharCount(_exposition.Length)];
        _state = new PushTargetState(_target, DateTimeOffset.UnixEpoch);
        var (samples, error) = ExpositionParser.ParseToList(text, ExpositionFormat.PrometheusText);
        if (error is not null)
        {
            throw new InvalidOperationException("the generated payload is invalid: " + error);
        }

        var finite = samples.Where(s => double.IsFinite(s.Value)).ToList();
        Samples = finite.Count;
        var lines = new LineProtocolBuilder(1024 * 1024) { Precision = InfluxPrecision.Nanoseconds };
        foreach (var sample in finite)
        {
            lines.BeginPoint("node");
            foreach (var (name, value) in sample.Labels)
            {
                lines.Tag(name, value);
            }

            lines.Field(sample.Name, sample.Value);
            lines.EndPoint(1_763_866_800_000_000_000);
        }

        _lineProtocol = lines.WrittenMemory.ToArray();
        var raw = RemoteWrite.Encode(finite.Select(s => new RemoteWrite.Series(
            [("__name__", s.Name), .. s.Labels.Select(l => (l.Key, l.Value))], [(s.Value, 1_763_866_800_000L)])));
        _decoded = new byte[raw.Length];
        _remoteWrite = RemoteWrite.Snappy(raw);
        if (ScrapePath() == 0 || LineProtocol() != Samples || DecodeRemoteWrite() != Samples)
        {
            throw new InvalidOperationException("a path lost samples");
        }
    }

    /// <summary>Exposition bytes to points, as a scrape does.</summary>
    [Benchmark(Baseline = true)]
    public int ScrapePath()
    {
        var length = Encoding.UTF8.GetChars(_exposition, _chars);
        _lines.Clear();
        _points.Reset(_lines, _target, 1_763_866_800_000);
        _parser.Parse(_chars.AsSpan(0, length), ExpositionFormat.PrometheusText, _points, _problems);
        _points.Finish();
        return _lines.Points;
    }

    /// <summary>A pushed line-protocol body to the center's points.</summary>
    [Benchmark]
    public int LineProtocol()
    {
        _pushed.Clear();
        LineProtocolIntake.Parse(_lineProtocol, _state.CenterTags, 1, 0, int.MaxValue, _pushed);
        return _pushed.Count;
    }

    /// <summary>A remote_write request (snappy, protobuf) to the center's points.</summary>
    [Benchmark]
    public int DecodeRemoteWrite()
    {
        _pushed.Clear();
        var size = Snappier.Snappy.Decompress(_remoteWrite, _decoded);
        _decoder.Decode(_decoded.AsSpan(0, size), _target, int.MaxValue, _pushed, out _);
        return _pushed.Count;
    }
}
