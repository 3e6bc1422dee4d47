namespace Supervision.Dashboard.Tests.Summaries;

/// <summary>
/// The summary tests start their own InfluxDB and Dashboard: run them after the parallel ones, not beside
/// them, so they do not steal the CPU that the timing-sensitive hub tests need on a 2-core machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SummaryCollection
{
    public const string Name = "summaries with InfluxDB";
}
