namespace Supervision.Core.Messages;

/// <summary>
/// One rule a target's exposition breaks, as the collector found it while scraping: what to tell the system's
/// owner (the rule, an example line) and since when. Listed by the collector's <c>GET /api/exposition-problems</c>
/// and pushed to the Dashboard (<see cref="ExpositionProblemReport"/>), which shows it on the unit page and the console.
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
public sealed record ExpositionProblem(
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

/// <summary>
/// A collector's whole current list of exposition problems: it replaces the list the Dashboard held for that
/// collector. Pushed when the list changed (a rule appeared or cleared, an example changed) and at least every
/// <see cref="RefreshInterval"/>; a list older than <see cref="ForgetAfter"/> is dropped (its collector is gone).
/// </summary>
/// <param name="CollectorId">The reporting agent.</param>
/// <param name="At">When the collector made the list.</param>
/// <param name="Problems">Every target's current problems, by unit, system and rule.</param>
public sealed record ExpositionProblemReport(string CollectorId, DateTimeOffset At, IReadOnlyList<ExpositionProblem> Problems)
{
    /// <summary>An unchanged list is pushed again this often, so a live collector's list never ages out.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(60);

    /// <summary>The Dashboard drops a collector's list not renewed for this long.</summary>
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromMinutes(3);
}
