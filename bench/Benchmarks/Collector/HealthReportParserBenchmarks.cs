using System.Text;
using BenchmarkDotNet.Attributes;
using Supervision.Collector.Parsing;

namespace Supervision.Benchmarks.Collector;

/// <summary>
/// Reading a <c>/health</c> answer, which every scrape does: the simulator's shape (ASP.NET Core health-check
/// JSON as HealthChecks.UI writes it, three entries each with data, description, duration, status and tags).
/// </summary>
[MemoryDiagnoser]
public class HealthReportParserBenchmarks
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""
        {"status":"Healthy","totalDuration":"00:00:00.0041234","entries":{"database":{"data":{},"description":"Database reachable.","duration":"00:00:00.0021000","status":"Healthy","tags":["db"]},"lgsp":{"data":{},"description":"LGSP gateway reachable.","duration":"00:00:00.0031000","status":"Healthy","tags":["dependency"]},"procedures":{"data":{},"description":"Dossiers are being resolved.","duration":"00:00:00.0003000","status":"Healthy","tags":["workflow"]}}}
        """);

    /// <summary>One body to a report.</summary>
    [Benchmark]
    public int TryParse() =>
        HealthReportParser.TryParse(Body, out var report, out var error) ? report!.Entries.Count : throw new InvalidOperationException(error);
}
