using BenchmarkDotNet.Attributes;
using Supervision.Core.Influx;

namespace Supervision.Benchmarks;

/// <summary>
/// Line-protocol serialisation of scrape-like points into a warm builder. One operation writes
/// <see cref="PointsPerOp"/> points, so the reported time is per point (points/s = 1 / mean) and allocated
/// bytes are per point; the goal is 0 B: nothing beyond the builder's own output buffer, which is reused.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class LineProtocolBenchmarks
{
    private const int PointsPerOp = 1_000;
    private readonly LineProtocolBuilder _lines = new(1024 * 1024);
    private readonly string[] _units = [.. Enumerable.Range(0, PointsPerOp).Select(i => (26_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>A dossier sample: six tags, one float field, ms timestamp (plain ASCII, no escaping).</summary>
    [Benchmark(OperationsPerInvoke = PointsPerOp)]
    public int ScrapeSample()
    {
        _lines.Clear();
        for (var i = 0; i < PointsPerOp; i++)
        {
            _lines.BeginPoint("dossier");
            _lines.Tag("level", "commune");
            _lines.Tag("procedure", "1.001234");
            _lines.Tag("province", "79");
            _lines.Tag("system", "dossier");
            _lines.Tag("timeliness", "on_time");
            _lines.Tag("unit", _units[i]);
            _lines.Field("dossier_resolved_total", i * 1.5);
            _lines.EndPoint(1_700_000_000_000 + i);
        }

        return _lines.Length;
    }

    /// <summary>The synthesised scrape point: integer, string and float fields.</summary>
    [Benchmark(OperationsPerInvoke = PointsPerOp)]
    public int ScrapeStatus()
    {
        _lines.Clear();
        for (var i = 0; i < PointsPerOp; i++)
        {
            _lines.BeginPoint("scrape");
            _lines.Tag("collector", "c1");
            _lines.Tag("level", "commune");
            _lines.Tag("province", "79");
            _lines.Tag("system", "edoc");
            _lines.Tag("unit", _units[i]);
            _lines.Field("up", 1L);
            _lines.Field("status", "Up");
            _lines.Field("status_code", 0L);
            _lines.Field("reason", "None");
            _lines.Field("duration_seconds", 0.0123);
            _lines.Field("samples", 57L);
            _lines.EndPoint(1_700_000_000_000 + i);
        }

        return _lines.Length;
    }

    /// <summary>Names, tags and strings that need escaping and UTF-8 (Vietnamese unit names).</summary>
    [Benchmark(OperationsPerInvoke = PointsPerOp)]
    public int EscapedUnicode()
    {
        _lines.Clear();
        for (var i = 0; i < PointsPerOp; i++)
        {
            _lines.BeginPoint("health check");
            _lines.Tag("entry", "cơ sở dữ liệu, chính");
            _lines.Tag("unit name", "Phường Tân Định=Q.1");
            _lines.Field("message", "say \"xin chào\" C:\\dir");
            _lines.Field("status_code", 2L);
            _lines.EndPoint(1_700_000_000_000 + i);
        }

        return _lines.Length;
    }
}
