namespace Supervision.Dashboard.PublicStatus;

/// <summary>The citizens' status page (section <c>Dashboard:StatusPage</c>; src/Dashboard/README.md, "Public status page").</summary>
public sealed class StatusPageOptions
{
    /// <summary>
    /// How often the page is rebuilt from the live state (default 60 s, 1 s .. 10 min). Requests are served from the last
    /// build and never reach InfluxDB; the availability figures are re-read from the roll-ups only when a new hour is rolled up.
    /// </summary>
    public TimeSpan Refresh { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// <c>Cache-Control: public, max-age</c> of the answers (default 30 s; 0 .. <see cref="Refresh"/>), so browsers and a
    /// proxy in front may keep the page that long.
    /// </summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Interruptions shorter than this are not listed (default 2 minutes; 0 .. 1 hour): a scrape that failed once, or the
    /// center's own start, is not news for citizens. The service's state and its availability figures count them all the same.
    /// </summary>
    public TimeSpan MinInterruption { get; set; } = TimeSpan.FromMinutes(2);
}
