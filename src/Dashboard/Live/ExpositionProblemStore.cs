namespace Supervision.Dashboard.Live;

/// <summary>
/// The collectors' current exposition problems (<see cref="ExpositionProblemReport"/>): each collector's latest
/// list replaces its previous one; a list not renewed within <see cref="ExpositionProblemReport.ForgetAfter"/> is
/// left out (its collector is gone, or its shard moved). Read by the unit page and the console.
/// </summary>
public sealed class ExpositionProblemStore(TimeProvider time)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ExpositionProblemReport> _reports = new(StringComparer.Ordinal);

    /// <summary>Takes a collector's list (one older than the list held for that collector is ignored).</summary>
    public void Apply(ExpositionProblemReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (_gate)
        {
            if (_reports.TryGetValue(report.CollectorId, out var held) && held.At > report.At)
            {
                return;
            }

            _reports[report.CollectorId] = report;
        }
    }

    /// <summary>
    /// Every current problem that <paramref name="include"/> keeps, by unit, system and rule. A target reported by
    /// two collectors (a shard moved between their lists) appears once, from the newer scrape.
    /// </summary>
    public IReadOnlyList<ExpositionProblem> Current(Func<ExpositionProblem, bool>? include = null)
    {
        var oldest = time.GetUtcNow() - ExpositionProblemReport.ForgetAfter;
        var byKey = new Dictionary<(string Target, string Rule), ExpositionProblem>();
        lock (_gate)
        {
            foreach (var report in _reports.Values)
            {
                if (report.At < oldest)
                {
                    continue;
                }

                foreach (var problem in report.Problems)
                {
                    if ((include is null || include(problem))
                        && (!byKey.TryGetValue((problem.Target, problem.Rule), out var other) || other.LastSeen < problem.LastSeen))
                    {
                        byKey[(problem.Target, problem.Rule)] = problem;
                    }
                }
            }
        }

        var list = byKey.Values.ToList();
        list.Sort(static (a, b) =>
            string.CompareOrdinal(a.Unit, b.Unit) is var byUnit && byUnit != 0 ? byUnit
            : string.CompareOrdinal(a.System, b.System) is var bySystem && bySystem != 0 ? bySystem
            : string.CompareOrdinal(a.Rule, b.Rule));
        return list;
    }
}
