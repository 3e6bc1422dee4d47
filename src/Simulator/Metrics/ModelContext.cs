namespace Supervision.Simulator.Metrics;

/// <summary>Everything a system model needs to compute one target's values at one instant.</summary>
public readonly ref struct ModelContext
{
    /// <summary>Binds a target, the clock reading and the faults on it.</summary>
    public ModelContext(TargetProfile profile, DateTimeOffset now, DayCurve curve, Throughput throughput, FaultEffects effects)
    {
        Profile = profile;
        Now = now;
        Curve = curve;
        Throughput = throughput;
        Effects = effects;
        Cumulative = throughput.Cumulative(now);
        Activity = curve.Activity(now) * effects.LoadFactor;
    }

    /// <summary>The target.</summary>
    public TargetProfile Profile { get; }

    /// <summary>The instant (read once per request).</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The day curve.</summary>
    public DayCurve Curve { get; }

    /// <summary>The target's cumulative work function.</summary>
    public Throughput Throughput { get; }

    /// <summary>Active faults' combined effect.</summary>
    public FaultEffects Effects { get; }

    /// <summary>Effective activity-seconds since the epoch, now.</summary>
    public double Cumulative { get; }

    /// <summary>Current load, 0..1 (times any drop factor).</summary>
    public double Activity { get; }

    /// <summary>A counter that does <paramref name="perWorkday"/> × the target's scale per working day, times <paramref name="share"/>.</summary>
    public double Count(double perWorkday, double share = 1) => Math.Floor(Rate(perWorkday) * share * Cumulative);

    /// <summary>Rate per activity-second of a quantity that does <paramref name="perWorkday"/> × scale per working day.</summary>
    public double Rate(double perWorkday) => perWorkday * Profile.Scale / Curve.WorkdayTotal;

    /// <summary>Minute-to-minute noise in [0, 1) for a purpose number.</summary>
    public double Noise(ulong purpose) => Profile.Noise(purpose, Now);

    /// <summary>Added latency of a slow fault, seconds.</summary>
    public double ExtraLatency => Effects.DelayMs / 1000.0;
}

/// <summary>Collects values in slot order.</summary>
public ref struct ValueSink
{
    private readonly Span<double> _values;
    private int _count;

    /// <summary>Writes into <paramref name="values"/>.</summary>
    public ValueSink(Span<double> values)
    {
        _values = values;
        _count = 0;
    }

    /// <summary>How many values were added.</summary>
    public readonly int Count => _count;

    /// <summary>Adds the next value.</summary>
    public void Add(double value) => _values[_count++] = value;

    /// <summary>Adds a value rounded to 6 decimals (keeps gauges short on the wire).</summary>
    public void AddRounded(double value) => _values[_count++] = Math.Round(value, 6);
}
