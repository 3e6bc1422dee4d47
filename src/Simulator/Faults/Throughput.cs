namespace Supervision.Simulator.Faults;

/// <summary>
/// The cumulative work of one target up to an instant: the day curve's integral, minus what drop
/// faults removed while they ran. Each drop contributes (1 − factor) × the curve's integral over the
/// part of its run before the instant, so the result is non-decreasing in time whatever faults come
/// and go, and counters built on it never go back.
/// </summary>
public readonly struct Throughput
{
    private readonly DayCurve _curve;
    private readonly FaultStore _faults;
    private readonly int _index;

    /// <summary>Binds the curve and the drop history to one target.</summary>
    public Throughput(DayCurve curve, FaultStore faults, int index)
    {
        _curve = curve;
        _faults = faults;
        _index = index;
    }

    /// <summary>Effective activity-seconds from the epoch to <paramref name="instant"/>.</summary>
    public double Cumulative(DateTimeOffset instant)
    {
        var total = _curve.Cumulative(instant);
        var history = _faults.DropHistory;
        var relevant = 0;
        foreach (var drop in history)
        {
            if (drop.Matches(_index) && instant > drop.StartedAt)
            {
                relevant++;
            }
        }

        if (relevant == 0)
        {
            return total;
        }

        // Overlapping drops multiply (two drops to 50% leave 25%), so the run is cut into segments at
        // every start and end, and each segment loses (1 − product of the factors active over it).
        Span<long> bounds = relevant <= 32 ? stackalloc long[2 * relevant] : new long[2 * relevant];
        var n = 0;
        foreach (var drop in history)
        {
            if (drop.Matches(_index) && instant > drop.StartedAt)
            {
                bounds[n++] = drop.StartedAt.UtcTicks;
                bounds[n++] = Math.Min(drop.End.UtcTicks, instant.UtcTicks);
            }
        }

        bounds.Sort();
        for (var k = 0; k + 1 < n; k++)
        {
            var from = bounds[k];
            var to = bounds[k + 1];
            if (to <= from)
            {
                continue;
            }

            var factor = 1.0;
            foreach (var drop in history)
            {
                if (drop.Matches(_index) && drop.StartedAt.UtcTicks <= from && drop.End.UtcTicks >= to)
                {
                    factor *= drop.Spec.Parameters.Factor;
                }
            }

            if (factor < 1)
            {
                var a = new DateTimeOffset(from, TimeSpan.Zero);
                var b = new DateTimeOffset(to, TimeSpan.Zero);
                total -= (1 - factor) * (_curve.Cumulative(b) - _curve.Cumulative(a));
            }
        }

        return total;
    }
}
