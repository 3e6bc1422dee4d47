using System.Globalization;
using BenchmarkDotNet.Attributes;
using Supervision.Collector.Scraping;
using Supervision.Core.Domain;

namespace Supervision.Benchmarks.Collector;

/// <summary>
/// The two requests of a scrape as <c>TargetScraper</c> builds them: <see cref="FromTarget"/> works out the URLs
/// and the timeout header from the <see cref="Target"/> on every scrape (as the collector did before
/// <see cref="PreparedTarget"/>); <see cref="FromPreparedTarget"/> takes them from the target's prepared form.
/// </summary>
[MemoryDiagnoser]
public class ScrapeRequestBenchmarks
{
    private readonly Target _target = new("26737", "opsmgmt", "79", UnitLevel.Commune, new Uri("http://127.0.0.1:9100/t/26737/opsmgmt"), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10));
    private PreparedTarget _prepared = null!;

    /// <summary>Prepares the target once, as the scheduler does when it adds one.</summary>
    [GlobalSetup]
    public void Setup() => _prepared = new PreparedTarget(_target);

    /// <summary>URLs and header worked out per scrape.</summary>
    [Benchmark(Baseline = true)]
    public int FromTarget()
    {
        var timeout = _target.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return Requests(_target.HealthUrl, _target.MetricsUrl, timeout);
    }

    /// <summary>URLs and header from the prepared target.</summary>
    [Benchmark]
    public int FromPreparedTarget() => Requests(_prepared.HealthUrl, _prepared.MetricsUrl, _prepared.TimeoutSeconds);

    private static int Requests(Uri health, Uri metrics, string timeout)
    {
        using var first = new HttpRequestMessage(HttpMethod.Get, health);
        first.Headers.TryAddWithoutValidation("X-Prometheus-Scrape-Timeout-Seconds", timeout);
        using var second = new HttpRequestMessage(HttpMethod.Get, metrics);
        second.Headers.TryAddWithoutValidation("X-Prometheus-Scrape-Timeout-Seconds", timeout);
        return first.Headers.NonValidated.Count + second.Headers.NonValidated.Count;
    }
}
