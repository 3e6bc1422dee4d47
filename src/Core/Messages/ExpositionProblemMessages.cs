namespace Supervision.Collector.Problems;

/// <summary>
/// One rule a target's exposition breaks, as the collector's <c>/api/exposition-problems</c> lists it: what
/// to tell the system's owner (rule, an example line), and since when.
/// </summary>
/// <param name="Target">Target id, <c>{unit}/{system}</c>.</param>
/// <param name="Unit">Unit id.</param>
/// <param name="System">System kind.</param>
/// <param name="Rule">Rule id: an exposition rule (<c>counter-value</c>, …) or <c>unstorable-{part}</c> for samples InfluxDB would refuse.</param>
/// <param name="Fatal">True when the body could not be read at all (nothing of the scrape was stored).</param>
/// <param name="Count">Times the rule was broken in the target's last scrape.</param>
/// <param name="Total">Times counted since the collector started.</param>
/// <param name="Line">1-based line of the first occurrence in the last scrape that changed the example.</param>
/// <param name="Example">That line (cut at 200 characters), or for unstorable samples the sample and the reason.</param>
/// <param name="FirstSeen">First scrape in which the rule was broken (since it was last clean).</param>
/// <param name="LastSeen">Last scrape in which it was broken.</param>
public sealed record TargetProblem(
    string Target,
    string Unit,
    string System,
    string Rule,
    bool Fatal,
    int Count,
    long Total,
    int Line,
    string Example,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen);
