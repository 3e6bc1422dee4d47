using Supervision.Simulator.Fleet;

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
        foreach (var drop in _faults.DropHistory)
        {
            if (!drop.Matches(_index) || instant <= drop.StartedAt)
            {
                continue;
            }

            var end = drop.End < instant ? drop.End : instant;
            if (end > drop.StartedAt)
            {
                total -= (1 - drop.Spec.Parameters.Factor) * (_curve.Cumulative(end) - _curve.Cumulative(drop.StartedAt));
            }
        }

        return total;
    }
}
