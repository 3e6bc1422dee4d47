namespace Supervision.Alerting.Window;

/// <summary>
/// The recent points of one series (one measurement and tag set), the kept fields side by side over one time column,
/// ordered by time. Points arrive almost always in order, so a point is appended; a late one (a collector replaying
/// its disk buffer) is inserted in place; a second write at the same time overwrites the fields it carries, as
/// InfluxDB does, so a point delivered twice (two InfluxDB servers written alike, each forwarding it) is held once.
/// A field a point lacks holds NaN. Not thread-safe: <see cref="LiveWindow"/> guards it.
/// </summary>
internal sealed class LiveSeries
{
    private long[] _times;
    private readonly double[][] _values;
    private readonly Group[] _groups = [Group.None, Group.None, Group.None, Group.None];
    private int _start;
    private int _count;
    private int _nextGroup;

    public LiveSeries(string id, string measurement, IReadOnlyDictionary<string, string> tags, int fieldCount, int trackedCount, int capacity = 8)
    {
        Trackers = new ChangeTracker[trackedCount];
        for (var i = 0; i < trackedCount; i++)
        {
            Trackers[i] = new ChangeTracker();
        }

        Id = id;
        Measurement = measurement;
        Tags = tags;
        Unit = tags.TryGetValue(TagNames.Unit, out var unit) ? unit : null;
        _times = new long[capacity];
        _values = new double[fieldCount][];
        for (var f = 0; f < fieldCount; f++)
        {
            _values[f] = new double[capacity];
        }
    }

    /// <summary>The series key as written (<c>measurement,k=v,…</c>).</summary>
    public string Id { get; }

    public string Measurement { get; }

    public IReadOnlyDictionary<string, string> Tags { get; }

    /// <summary>The <c>unit</c> tag, or null.</summary>
    public string? Unit { get; }

    /// <summary>One per change-tracked field of the measurement.</summary>
    public ChangeTracker[] Trackers { get; }

    /// <summary>The latest point seen by any change tracker (Unix ns).</summary>
    public long TrackedUntil
    {
        get
        {
            var latest = long.MinValue;
            foreach (var t in Trackers)
            {
                latest = Math.Max(latest, t.LastTime);
            }

            return latest;
        }
    }

    /// <summary>Points held.</summary>
    public int Count => _count;

    /// <summary>
    /// Adds a point at <paramref name="time"/> (Unix ns) with one value per kept field (NaN: not in the point); false when
    /// a point at that time was held already (its fields are overwritten).
    /// </summary>
    public bool Put(long time, ReadOnlySpan<double> values)
    {
        var end = _start + _count;
        if (_count == 0 || time > _times[end - 1])
        {
            EnsureRoomAtEnd();
            Write(_start + _count, time, values);
            _count++;
            return true;
        }

        var at = Array.BinarySearch(_times, _start, _count, time);
        if (at >= 0)
        {
            for (var f = 0; f < _values.Length; f++)
            {
                if (!double.IsNaN(values[f]))
                {
                    _values[f][at] = values[f];
                }
            }

            return false;
        }

        EnsureRoomAtEnd();
        at = ~Array.BinarySearch(_times, _start, _count, time);
        var tail = _start + _count - at;
        Array.Copy(_times, at, _times, at + 1, tail);
        foreach (var column in _values)
        {
            Array.Copy(column, at, column, at + 1, tail);
        }

        Write(at, time, values);
        _count++;
        return true;
    }

    /// <summary>Drops the points at or before <paramref name="cutoff"/> (Unix ns).</summary>
    public void DropUpTo(long cutoff)
    {
        while (_count > 0 && _times[_start] <= cutoff)
        {
            _start++;
            _count--;
        }

        if (_count == 0)
        {
            _start = 0;
        }
    }

    /// <summary>Adds the values of field <paramref name="field"/> in (<paramref name="from"/>, <paramref name="to"/>] to <paramref name="sink"/>.</summary>
    public void Feed(int field, long from, long to, Data.SeriesAccumulator sink)
    {
        var end = _start + _count;
        var i = Array.BinarySearch(_times, _start, _count, from);
        i = i >= 0 ? i + 1 : ~i;
        var column = _values[field];
        for (; i < end && _times[i] <= to; i++)
        {
            var v = column[i];
            if (!double.IsNaN(v))
            {
                sink.Add(v, _times[i]);
            }
        }
    }

    /// <summary>
    /// This series' group under <paramref name="groupBy"/>: its key and projected tags. Rules ask with the same few
    /// tag lists every pass (the same instances), so the last four are remembered by reference.
    /// </summary>
    public (string Key, IReadOnlyDictionary<string, string> Tags) GroupOf(IReadOnlyList<string> groupBy, System.Text.StringBuilder scratch)
    {
        if (groupBy.Count == 0)
        {
            return (Id, Tags);
        }

        foreach (var g in _groups)
        {
            if (ReferenceEquals(g.By, groupBy))
            {
                return (g.Key, g.Tags);
            }
        }

        scratch.Clear();
        foreach (var k in groupBy)
        {
            scratch.Append(Tags.TryGetValue(k, out var v) ? v : string.Empty).Append('\u001f');
        }

        var group = new Group(groupBy, scratch.ToString(), Data.TagProjection.Of(Tags, groupBy));
        _groups[_nextGroup] = group;
        _nextGroup = (_nextGroup + 1) % _groups.Length;
        return (group.Key, group.Tags);
    }

    private void Write(int at, long time, ReadOnlySpan<double> values)
    {
        _times[at] = time;
        for (var f = 0; f < _values.Length; f++)
        {
            _values[f][at] = values[f];
        }
    }

    private void EnsureRoomAtEnd()
    {
        if (_start + _count < _times.Length)
        {
            return;
        }

        // Slide down when at least a quarter of the array is dropped history, grow otherwise.
        var capacity = _start >= _times.Length / 4 ? _times.Length : _times.Length * 2;
        _times = Move(_times, capacity);
        for (var f = 0; f < _values.Length; f++)
        {
            _values[f] = Move(_values[f], capacity);
        }

        _start = 0;
    }

    private T[] Move<T>(T[] source, int capacity)
    {
        var target = capacity == source.Length ? source : new T[capacity];
        Array.Copy(source, _start, target, 0, _count);
        return target;
    }

    private sealed record Group(IReadOnlyList<string>? By, string Key, IReadOnlyDictionary<string, string> Tags)
    {
        public static Group None { get; } = new(null, string.Empty, new Dictionary<string, string>());
    }
}
