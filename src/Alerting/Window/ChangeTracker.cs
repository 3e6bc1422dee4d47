namespace Supervision.Alerting.Window;

/// <summary>
/// Whether one field of one series changed value, over spans of hours or days, without keeping its points: the
/// latest value, the times of the latest points and of the latest changes (each with the time of the point before
/// it). That answers "unchanged over (from, to]" exactly — every point in the span holds one value exactly when no
/// change has both its previous point and itself inside the span — for as long as the kept changes reach back far
/// enough; otherwise it says it cannot tell, and the question goes to InfluxDB.
/// </summary>
internal sealed class ChangeTracker
{
    private const int RecentKept = 8;
    private const int ChangesKept = 4;

    private readonly long[] _recent = new long[RecentKept];
    private readonly Change[] _changes = new Change[ChangesKept];
    private int _recentCount;
    private int _changeCount;
    private int _changeNext;
    private bool _changesDropped;
    private double _value;
    private long _dirtyUntil = long.MinValue;

    /// <summary>The time of the latest point (Unix ns), or <see cref="long.MinValue"/> before the first.</summary>
    public long LastTime { get; private set; } = long.MinValue;

    /// <summary>
    /// Takes a point. A late point (older than the latest) is placed when what is kept says which value held at its
    /// time (it narrows a change or repeats a run's value); when it cannot be placed, spans reaching before the latest
    /// point are unknown from then on.
    /// </summary>
    public void Put(long time, double value)
    {
        if (LastTime == long.MinValue)
        {
            Accept(time, value);
            return;
        }

        if (time < LastTime)
        {
            if (!PlaceLate(time, value))
            {
                _dirtyUntil = Math.Max(_dirtyUntil, LastTime);
            }

            return;
        }

        if (time == LastTime)
        {
            if (value != _value)
            {
                // The latest point rewritten with another value: which changes that makes is not worth the bookkeeping.
                _dirtyUntil = Math.Max(_dirtyUntil, LastTime);
            }

            return;
        }

        if (value != _value)
        {
            _changes[_changeNext] = new Change(LastTime, time, _value, value);
            _changeNext = (_changeNext + 1) % ChangesKept;
            _changesDropped |= _changeCount == ChangesKept;
            _changeCount = Math.Min(_changeCount + 1, ChangesKept);
        }

        Accept(time, value);
    }

    /// <summary>
    /// Whether every point in (<paramref name="from"/>, <paramref name="to"/>] holds one value: true or false, with
    /// <paramref name="hasPoints"/> false when the span holds none; null when what is kept cannot tell.
    /// </summary>
    public bool? Unchanged(long from, long to, out bool hasPoints)
    {
        hasPoints = false;
        if (from < _dirtyUntil)
        {
            return null;
        }

        var allAfter = _recentCount > 0;
        for (var i = 0; i < _recentCount; i++)
        {
            var t = _recent[i];
            hasPoints |= t > from && t <= to;
            allAfter &= t > to;
        }

        if (!hasPoints)
        {
            // The kept times are the latest points in a row: none inside the span means there is none, unless all
            // of them lie after it and older ones were dropped.
            return allAfter && _recentCount == RecentKept ? null : true;
        }

        var oldestBefore = long.MaxValue;
        for (var i = 0; i < _changeCount; i++)
        {
            var c = _changes[i];
            if (c.Before > from && c.At <= to)
            {
                return false;
            }

            oldestBefore = Math.Min(oldestBefore, c.Before);
        }

        // A dropped change is older than every kept one; it could fall inside the span only if the oldest kept
        // change's previous point does.
        return _changesDropped && oldestBefore > from ? null : true;
    }

    private bool PlaceLate(long time, double value)
    {
        // A point seen before (delivered again by a second InfluxDB server): at either end of a kept change its value is
        // known; elsewhere it is placed as any late point, and Remember keeps its time once.
        for (var i = 0; i < _changeCount; i++)
        {
            var c = _changes[i];
            if (time == c.Before || time == c.At)
            {
                return value == (time == c.At ? c.New : c.Old);
            }
        }

        // Between a change's two points the late point moves one of them; elsewhere it must repeat the value that held.
        var latestAtBefore = -1;
        var earliest = -1;
        for (var i = 0; i < _changeCount; i++)
        {
            var c = _changes[i];
            if (c.Before < time && time < c.At)
            {
                if (value == c.Old || value == c.New)
                {
                    _changes[i] = value == c.Old ? c with { Before = time } : c with { At = time };
                    return true;
                }

                return false;
            }

            if (c.At <= time && (latestAtBefore < 0 || c.At > _changes[latestAtBefore].At))
            {
                latestAtBefore = i;
            }

            if (earliest < 0 || c.At < _changes[earliest].At)
            {
                earliest = i;
            }
        }

        double held;
        if (latestAtBefore >= 0)
        {
            held = _changes[latestAtBefore].New;
        }
        else if (earliest >= 0 && !_changesDropped)
        {
            held = _changes[earliest].Old;
        }
        else if (_changeCount == 0 && !_changesDropped)
        {
            held = _value;
        }
        else
        {
            return false;
        }

        if (value != held)
        {
            return false;
        }

        Remember(time);
        return true;
    }

    // The kept times must stay the latest points in a row: a newer point (late or not) takes the oldest one's place.
    private void Remember(long time)
    {
        if (_recent.AsSpan(0, _recentCount).Contains(time))
        {
            return;
        }

        if (_recentCount < RecentKept)
        {
            _recent[_recentCount++] = time;
            return;
        }

        var oldest = 0;
        for (var i = 1; i < RecentKept; i++)
        {
            if (_recent[i] < _recent[oldest])
            {
                oldest = i;
            }
        }

        if (time > _recent[oldest])
        {
            _recent[oldest] = time;
        }
    }

    private void Accept(long time, double value)
    {
        _value = value;
        LastTime = time;
        Remember(time);
    }

    private readonly record struct Change(long Before, long At, double Old, double New);
}
