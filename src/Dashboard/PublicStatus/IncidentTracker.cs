namespace Supervision.Dashboard.PublicStatus;

/// <summary>One interruption as the tracker holds it.</summary>
/// <param name="Province">Province code.</param>
/// <param name="Service"><see cref="StatusPageModel.Portal"/> or <see cref="StatusPageModel.Dossier"/>.</param>
/// <param name="Start">When the service stopped working (the down state's own start).</param>
/// <param name="End">When it worked again, or null while it lasts.</param>
public sealed record TrackedIncident(string Province, string Service, DateTimeOffset Start, DateTimeOffset? End);

/// <summary>
/// The interruptions of the last <c>keep</c> days, from what the live state says at each build of the page: a service is
/// interrupted while its target is down; the start and end are the states' own <c>Since</c> times, so they are exact even
/// though the page is built once a minute. A state the center does not know (stale) neither opens nor closes one.
/// In memory: after a restart the list starts again (the availability figures still count earlier interruptions).
/// </summary>
public sealed class IncidentTracker(TimeSpan keep)
{
    // Bounds the memory whatever happens: 34 provinces × 2 services × a flapping target every minute for 7 days stays far below.
    private const int MaxClosed = 5000;
    private readonly Dictionary<(string Province, string Service), DateTimeOffset> _open = [];
    private readonly List<TrackedIncident> _closed = [];

    /// <summary>
    /// Notes a service's state at <paramref name="now"/>: <paramref name="interrupted"/> true (down since <paramref name="since"/>),
    /// false (working since <paramref name="since"/>) or null (unknown: nothing changes).
    /// </summary>
    public void Observe(string province, string service, bool? interrupted, DateTimeOffset since, DateTimeOffset now)
    {
        var key = (province, service);
        if (interrupted == true)
        {
            _open.TryAdd(key, since);
        }
        else if (interrupted == false && _open.Remove(key, out var start))
        {
            // A state's Since before the outage's start would be a message from before it: end it now instead.
            _closed.Add(new TrackedIncident(province, service, start, since > start ? since : now));
            if (_closed.Count > MaxClosed)
            {
                _closed.RemoveRange(0, _closed.Count - MaxClosed);
            }
        }
    }

    /// <summary>
    /// The open interruptions and those that ended within the kept days of <paramref name="now"/>, newest start first; those
    /// that lasted (or have lasted so far) less than <paramref name="shortest"/> are left out.
    /// </summary>
    public IReadOnlyList<TrackedIncident> Current(DateTimeOffset now, TimeSpan shortest)
    {
        _closed.RemoveAll(i => i.End < now - keep);
        return [.. _open.Select(o => new TrackedIncident(o.Key.Province, o.Key.Service, o.Value, null))
            .Concat(_closed)
            .Where(i => (i.End ?? now) - i.Start >= shortest)
            .OrderByDescending(i => i.Start)
            .ThenBy(i => i.Province, StringComparer.Ordinal)
            .ThenBy(i => i.Service, StringComparer.Ordinal)];
    }
}
