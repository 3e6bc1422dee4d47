namespace Supervision.Dashboard.Live;

/// <summary>Why the national figures are not current.</summary>
/// <param name="Since">The newest report behind the figures, or null when none ever came.</param>
/// <param name="Reason">What is missing, for operators (English; pages render their own words from <paramref name="Since"/>).</param>
public sealed record FigureStaleness(DateTimeOffset? Since, string Reason);

/// <summary>The wallboard's national figures (the <c>figures</c> of <c>GET /api/status</c>).</summary>
/// <param name="DocumentsPerMinute">E-documents sent nationwide in the last minute.</param>
/// <param name="DossiersResolvedToday">Dossiers resolved since midnight, Vietnam time.</param>
/// <param name="OverdueDossiers">Dossiers overdue now.</param>
/// <param name="At">The oldest collector report they add up (null when none came).</param>
/// <param name="Stale">Null while every collector that reports figures is current; else why not.</param>
public sealed record NationalFigures(double? DocumentsPerMinute, double? DossiersResolvedToday, double? OverdueDossiers, DateTimeOffset? At, FigureStaleness? Stale);

/// <summary>One minute of the national documents-per-minute figure.</summary>
/// <param name="Minute">Start of the minute.</param>
/// <param name="Value">The figure at the last report in it.</param>
public sealed record FigurePoint(DateTimeOffset Minute, double Value);

/// <summary>
/// Adds up the collectors' parts of the national figures (<see cref="FigureReport"/>, pushed every few seconds),
/// so the wallboard reads memory, not InfluxDB. A collector that stops reporting keeps its last part in the sum and
/// marks the figures stale, named, never a silent dash. Keeps the last hour of documents per minute for boards.
/// </summary>
public sealed class NationalFigureStore(TimeProvider time)
{
    /// <summary>A report older than this makes the figures stale (collectors push every 5 s).</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(20);

    /// <summary>A collector silent for this long is taken out of the sums (its shard was removed, or it is long dead).</summary>
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(1);

    private static readonly TimeSpan HistorySpan = TimeSpan.FromHours(1);

    private readonly object _gate = new();
    private readonly Dictionary<string, FigureReport> _reports = new(StringComparer.Ordinal);
    private readonly SortedDictionary<DateTimeOffset, double> _history = [];

    /// <summary>Raised after a report is taken.</summary>
    public event Action? Changed;

    /// <summary>Takes a collector's report (an older one than held is ignored).</summary>
    public void Apply(FigureReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (_gate)
        {
            if (_reports.TryGetValue(report.CollectorId, out var held) && held.At > report.At)
            {
                return;
            }

            _reports[report.CollectorId] = report;
            var now = time.GetUtcNow();
            var minute = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
            _history[minute] = _reports.Values.Sum(r => r.DocumentsPerMinute);
            while (_history.Count > 0 && _history.First().Key < minute - HistorySpan)
            {
                _history.Remove(_history.First().Key);
            }
        }

        Changed?.Invoke();
    }

    /// <summary>The national figures now.</summary>
    public NationalFigures Current()
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(VietnamTime.ToVietnam(now).DateTime);
        lock (_gate)
        {
            foreach (var gone in _reports.Values.Where(r => now - r.At > ForgetAfter).Select(r => r.CollectorId).ToArray())
            {
                _reports.Remove(gone);
            }

            if (_reports.Count == 0)
            {
                return new NationalFigures(null, null, null, null, new FigureStaleness(null, "no collector has reported figures in the last hour"));
            }

            double documents = 0, resolved = 0, overdue = 0;
            DateTimeOffset? oldest = null;
            var silent = new List<FigureReport>();
            foreach (var report in _reports.Values)
            {
                documents += report.DocumentsPerMinute;
                resolved += report.Day == today ? report.DossiersResolvedToday : 0;
                overdue += report.OverdueDossiers;
                oldest = oldest is null || report.At < oldest ? report.At : oldest;
                if (now - report.At > FreshFor)
                {
                    silent.Add(report);
                }
            }

            var stale = silent.Count == 0
                ? null
                : new FigureStaleness(silent.Min(r => r.At), "no figures from " + string.Join(", ", silent.Select(r => r.CollectorId).Order(StringComparer.Ordinal)) +
                    " since " + silent.Min(r => r.At).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            return new NationalFigures(documents, resolved, overdue, oldest, stale);
        }
    }

    /// <summary>Documents per minute over the last hour, a point per minute that had a report.</summary>
    public IReadOnlyList<FigurePoint> DocumentsHistory()
    {
        lock (_gate)
        {
            return _history.Select(h => new FigurePoint(h.Key, h.Value)).ToArray();
        }
    }
}
