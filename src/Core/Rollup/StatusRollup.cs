namespace Supervision.Core.Rollup;

/// <summary>Counts of units by status.</summary>
/// <param name="Up">Up.</param>
/// <param name="Degraded">Degraded.</param>
/// <param name="Down">Down.</param>
/// <param name="Unknown">Unknown (never seen or stale).</param>
public sealed record StatusCounts(int Up, int Degraded, int Down, int Unknown)
{
    /// <summary>All counted.</summary>
    public int Total => Up + Degraded + Down + Unknown;
}

/// <summary>
/// The rollup of DESIGN.md: a unit is the worst of its systems; a province is the worst of its own
/// systems and of what its communes' shares say against the thresholds; the nation is the worst province.
/// Stale observations count as Unknown, so "no data" is never shown as "fine".
/// </summary>
public static class StatusRollup
{
    /// <summary>The effective status of a target state at <paramref name="now"/> (stale → Unknown).</summary>
    public static TargetStatus Effective(TargetState? state, DateTimeOffset now, TimeSpan staleAfter) =>
        state is null || now - state.ObservedAt > staleAfter ? TargetStatus.Unknown : state.Status;

    /// <summary>A unit's status: the worst of its targets; Unknown when it has none observed.</summary>
    public static TargetStatus Unit(IReadOnlyList<Target> targets, Func<string, TargetState?> state, DateTimeOffset now, TimeSpan staleAfter)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(state);
        if (targets.Count == 0)
        {
            return TargetStatus.Unknown;
        }

        var worst = TargetStatus.Up;
        foreach (var target in targets)
        {
            var s = Effective(state(target.Id), now, staleAfter);
            if (s > worst)
            {
                worst = s;
            }
        }

        return worst;
    }

    /// <summary>Counts statuses.</summary>
    public static StatusCounts Count(IEnumerable<TargetStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        int up = 0, degraded = 0, down = 0, unknown = 0;
        foreach (var s in statuses)
        {
            switch (s)
            {
                case TargetStatus.Up: up++; break;
                case TargetStatus.Degraded: degraded++; break;
                case TargetStatus.Down: down++; break;
                default: unknown++; break;
            }
        }

        return new StatusCounts(up, degraded, down, unknown);
    }

    /// <summary>A province's status from its own systems' status and its communes' counts.</summary>
    public static TargetStatus Province(TargetStatus ownSystems, StatusCounts communes, RollupThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(communes);
        ArgumentNullException.ThrowIfNull(thresholds);
        var fromCommunes = TargetStatus.Up;
        if (communes.Total > 0)
        {
            var downShare = (double)communes.Down / communes.Total;
            var badShare = (double)(communes.Down + communes.Degraded) / communes.Total;
            if (downShare >= thresholds.ProvinceDownShare)
            {
                fromCommunes = TargetStatus.Down;
            }
            else if (badShare >= thresholds.ProvinceDegradedShare)
            {
                fromCommunes = TargetStatus.Degraded;
            }
            else if (communes.Unknown == communes.Total)
            {
                fromCommunes = TargetStatus.Unknown;
            }
        }

        // Own systems Unknown only matters when nothing else is known either.
        if (ownSystems == TargetStatus.Unknown)
        {
            return fromCommunes;
        }

        return ownSystems > fromCommunes ? ownSystems : fromCommunes;
    }
}
