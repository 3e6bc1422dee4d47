using Supervision.Core.Calendar;

namespace Supervision.Collector.Rollups;

/// <summary>
/// This agent's part of the wallboard's national figures, kept from the scrapes themselves so the wallboard
/// never asks InfluxDB a fleet-wide question (each such read took 11–14 s at national scale). The definitions
/// are those of <see cref="FigureReport"/>; they equal the InfluxQL over the same stored points
/// (docs/storage.md, "Live figures").
/// </summary>
public sealed class LiveFigureTracker
{
    /// <summary>Span of the documents-per-minute figure.</summary>
    public static readonly TimeSpan MinuteWindow = TimeSpan.FromMinutes(1);

    /// <summary>How recent a target's overdue gauge must be to count.</summary>
    public static readonly TimeSpan GaugeWindow = TimeSpan.FromMinutes(2);

    private readonly object _gate = new();
    private readonly Dictionary<string, TargetFigures> _targets = new(StringComparer.Ordinal);
    private readonly Queue<(long At, double Increase)> _documents = new();
    private DateOnly _day;
    private double _resolvedToday;

    /// <summary>Adds one scrape of <paramref name="target"/> started at <paramref name="scrapeTime"/>.</summary>
    public void Record(Target target, DateTimeOffset scrapeTime, in ScrapeTotals totals)
    {
        ArgumentNullException.ThrowIfNull(target);
        if ((totals.Present & (TotalsPresent.DocsSent | TotalsPresent.OnTime | TotalsPresent.Late | TotalsPresent.Overdue)) == 0)
        {
            return;
        }

        var at = scrapeTime.ToUnixTimeMilliseconds();
        var day = Day(scrapeTime);
        var midnight = Midnight(day);
        lock (_gate)
        {
            if (!_targets.TryGetValue(target.Id, out var figures))
            {
                figures = new TargetFigures();
                _targets[target.Id] = figures;
            }

            if (totals.Has(TotalsPresent.DocsSent))
            {
                if (figures.DocsSent is { } before && at > figures.DocsAt)
                {
                    _documents.Enqueue((at, Increase(before, totals.DocsSent)));
                }

                if (at >= figures.DocsAt)
                {
                    (figures.DocsSent, figures.DocsAt) = (totals.DocsSent, at);
                }
            }

            if ((totals.Present & (TotalsPresent.OnTime | TotalsPresent.Late)) != 0)
            {
                if (day > _day)
                {
                    (_day, _resolvedToday) = (day, 0);
                }

                // Both ends since midnight, as a spread over today's points counts: the step from yesterday's last
                // scrape to today's first belongs to neither day.
                if (figures.Resolved is { } before && at > figures.ResolvedAt && figures.ResolvedAt >= midnight && day == _day)
                {
                    _resolvedToday += Increase(before, totals.Resolved);
                }

                if (at >= figures.ResolvedAt)
                {
                    (figures.Resolved, figures.ResolvedAt) = (totals.Resolved, at);
                }
            }

            if (totals.Has(TotalsPresent.Overdue) && at >= figures.OverdueAt)
            {
                (figures.Overdue, figures.OverdueAt) = (totals.Overdue, at);
            }
        }
    }

    /// <summary>The figures as of <paramref name="now"/>.</summary>
    public FigureReport Report(string collectorId, DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var minuteAgo = nowMs - (long)MinuteWindow.TotalMilliseconds;
        var gaugeSince = nowMs - (long)GaugeWindow.TotalMilliseconds;
        var today = Day(now);
        lock (_gate)
        {
            while (_documents.TryPeek(out var head) && head.At <= minuteAgo - (long)MinuteWindow.TotalMilliseconds)
            {
                _documents.Dequeue();
            }

            var documents = 0.0;
            foreach (var (at, increase) in _documents)
            {
                if (at > minuteAgo && at <= nowMs)
                {
                    documents += increase;
                }
            }

            double overdue = 0;
            int edocTargets = 0, dossierTargets = 0;
            foreach (var figures in _targets.Values)
            {
                if (figures.OverdueAt > gaugeSince)
                {
                    overdue += figures.Overdue;
                }

                edocTargets += figures.DocsAt > gaugeSince ? 1 : 0;
                dossierTargets += figures.ResolvedAt > gaugeSince || figures.OverdueAt > gaugeSince ? 1 : 0;
            }

            var resolved = today == _day ? _resolvedToday : 0;
            return new FigureReport(collectorId, now, today, documents, resolved, overdue, edocTargets, dossierTargets);
        }
    }

    /// <summary>What a restart needs to go on counting today's resolved dossiers.</summary>
    public LiveFigureState Save()
    {
        lock (_gate)
        {
            return new LiveFigureState(_day, _resolvedToday, _targets.Select(t => new TargetFigureState(
                t.Key, t.Value.DocsSent, t.Value.DocsAt, t.Value.Resolved, t.Value.ResolvedAt, t.Value.Overdue, t.Value.OverdueAt)).ToArray());
        }
    }

    /// <summary>Takes back a saved state (after a restart; the gap's increase is counted at the next scrape).</summary>
    public void Restore(LiveFigureState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (_gate)
        {
            (_day, _resolvedToday) = (state.Day, state.ResolvedToday);
            foreach (var t in state.Targets)
            {
                _targets[t.Target] = new TargetFigures
                {
                    DocsSent = t.DocsSent, DocsAt = t.DocsAt, Resolved = t.Resolved, ResolvedAt = t.ResolvedAt, Overdue = t.Overdue, OverdueAt = t.OverdueAt,
                };
            }
        }
    }

    /// <summary>The Vietnam calendar day of <paramref name="instant"/>.</summary>
    public static DateOnly Day(DateTimeOffset instant) => DateOnly.FromDateTime(VietnamTime.ToVietnam(instant).DateTime);

    private static long Midnight(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), VietnamTime.Offset).ToUnixTimeMilliseconds();

    // A counter that went down was reset: what it counts now is all new (Prometheus's rule).
    private static double Increase(double before, double now) => now >= before ? now - before : now;

    private sealed class TargetFigures
    {
        public double? DocsSent;
        public long DocsAt = long.MinValue;
        public double? Resolved;
        public long ResolvedAt = long.MinValue;
        public double Overdue;
        public long OverdueAt = long.MinValue;
    }
}

/// <summary>A saved <see cref="LiveFigureTracker"/>.</summary>
/// <param name="Day">The Vietnam day counted.</param>
/// <param name="ResolvedToday">Dossiers resolved that day so far.</param>
/// <param name="Targets">Each target's latest values.</param>
public sealed record LiveFigureState(DateOnly Day, double ResolvedToday, IReadOnlyList<TargetFigureState> Targets);

/// <summary>A target's latest values (times in Unix milliseconds).</summary>
public sealed record TargetFigureState(string Target, double? DocsSent, long DocsAt, double? Resolved, long ResolvedAt, double Overdue, long OverdueAt);
