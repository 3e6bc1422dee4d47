namespace Supervision.Simulator.Fleet;

/// <summary>
/// When each target's latest <c>/health</c> requests were made (the last <see cref="SimulatorOptions.RequestLog"/> of each,
/// off by default): the slot's planned start when the collector sends <see cref="SlotHeader"/>, else the arrival. The
/// witness harnesses and tests use to count scrapes per slot (a collector scrape asks <c>/health</c> once) without
/// mistaking a request that queued for seconds on a loaded machine for one of the next slot. Served by
/// <c>GET /control/requests/health</c>.
/// </summary>
public sealed class RequestLog
{
    /// <summary>The collector's header with the planned start of the slot a request scrapes (Unix ms).</summary>
    public const string SlotHeader = "X-Supervision-Scrape-Slot";

    private readonly int _capacity;
    private readonly long[]?[] _times;
    private readonly int[] _counts;

    /// <summary>Sized for <paramref name="fleet"/>.</summary>
    public RequestLog(SimulatedFleet fleet, IOptions<SimulatorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(options);
        _capacity = options.Value.RequestLog;
        _times = new long[]?[_capacity == 0 ? 0 : fleet.Profiles.Count];
        _counts = new int[_times.Length];
    }

    /// <summary>True when requests are logged.</summary>
    public bool Enabled => _capacity > 0;

    /// <summary>Notes a <c>/health</c> request for the target of index <paramref name="index"/> at <paramref name="at"/>.</summary>
    public void Record(int index, DateTimeOffset at)
    {
        if (_capacity == 0)
        {
            return;
        }

        var ring = _times[index] ??= InitRing(index);
        lock (ring)
        {
            ring[_counts[index] % _capacity] = at.ToUnixTimeMilliseconds();
            _counts[index]++;
        }
    }

    /// <summary>The logged arrival times (Unix ms, oldest first) of the target of index <paramref name="index"/>.</summary>
    public long[] Times(int index)
    {
        if (_capacity == 0 || Volatile.Read(ref _times[index]) is not { } ring)
        {
            return [];
        }

        lock (ring)
        {
            var count = Math.Min(_counts[index], _capacity);
            var result = new long[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = ring[(_counts[index] - count + i) % _capacity];
            }

            return result;
        }
    }

    private long[] InitRing(int index)
    {
        Interlocked.CompareExchange(ref _times[index], new long[_capacity], null);
        return _times[index]!;
    }
}
