namespace Supervision.Alerting.Window;

/// <summary>
/// The recent points of the kept fields (and the changes of change-tracked ones), fed by InfluxDB's subscription
/// stream and queried like InfluxDB.
/// </summary>
/// <remarks>
/// InfluxDB 1.6 spends its time per series, not per point: any question over the whole fleet's <c>scrape</c>
/// measurement (13,500 series) costs it 0.5–1 s of CPU however short the window, and the default rules asked three such
/// questions per cycle. The stream hands over every point as it is written, so the same questions are answered here in
/// milliseconds — Kapacitor's way of reading InfluxDB. A query is answered only when the window is known to hold
/// everything InfluxDB holds for it: its range starts after the stream began (or after the last gap in the stream) and
/// within the kept horizon; anything else goes to InfluxDB (<see cref="LiveMetricSource"/>).
/// </remarks>
internal sealed class LiveWindow
{
    private const long NanosPerMilli = 1_000_000;
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _time;
    private readonly TimeSpan _gapAfter;
    private readonly Kept[] _kept;
    private readonly int _maxFields;
    private readonly Dictionary<string, LiveSeries> _series = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LiveSeries>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Lock _gate = new();
    private char[] _keyChars = new char[512];
    private DateTimeOffset? _coveredSince;
    private DateTimeOffset _lastArrival;
    private DateTimeOffset _lastSweep;
    private long _points;

    public LiveWindow(TimeProvider time, IReadOnlyList<KeptSeries> keep, TimeSpan gapAfter)
    {
        _time = time;
        _gapAfter = gapAfter;
        _kept = new Kept[keep.Count];
        for (var i = 0; i < keep.Count; i++)
        {
            _kept[i] = new Kept(keep[i]);
            _maxFields = Math.Max(_maxFields, keep[i].Fields.Count + keep[i].Changes.Count);
        }

        _lookup = _series.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Series held.</summary>
    public int SeriesCount
    {
        get
        {
            lock (_gate)
            {
                return _series.Count;
            }
        }
    }

    /// <summary>Points held (including ones already past their horizon and not yet swept).</summary>
    public long PointCount => Interlocked.Read(ref _points);

    /// <summary>Since when the window holds every point InfluxDB holds (null before the stream's first point).</summary>
    public DateTimeOffset? CoveredSince
    {
        get
        {
            lock (_gate)
            {
                return _coveredSince;
            }
        }
    }

    /// <summary>
    /// Declares the window complete from <paramref name="since"/> on: for a benchmark or test that started the stream
    /// before it wrote the history it then evaluates, which the window cannot tell by itself.
    /// </summary>
    public void AssumeCompleteSince(DateTimeOffset since)
    {
        lock (_gate)
        {
            _coveredSince = since;
            _lastArrival = _time.GetUtcNow();
        }
    }

    /// <summary>
    /// Forgets what the window covers (its points stay): InfluxDB reported posts to it that failed, so some points may
    /// be missing; it is trusted again for data after this instant.
    /// </summary>
    public void RestartCoverage()
    {
        lock (_gate)
        {
            _coveredSince = _time.GetUtcNow();
        }
    }

    /// <summary>
    /// Takes one body of line protocol (timestamps in units of <paramref name="nanosPerUnit"/> ns). Points of kept
    /// measurements are stored; the rest is skipped; lines that are not line protocol are rejected with their number.
    /// </summary>
    public LiveIngestResult Ingest(ReadOnlySpan<byte> body, long nanosPerUnit)
    {
        var now = _time.GetUtcNow();
        var nowNs = UnixNanos(now);
        var stored = 0;
        var points = 0;
        var skipped = 0;
        var rejected = 0;
        List<string>? errors = null;
        Span<double> buffer = stackalloc double[Math.Max(_maxFields, 1)];
        lock (_gate)
        {
            if (_coveredSince is null || now - _lastArrival > _gapAfter)
            {
                // The first point, or the first after a silence the stream may have dropped points in.
                _coveredSince = now;
            }

            _lastArrival = now;
            var reader = new LineProtocolReader(body);
            while (reader.TryRead(out var line, out var error))
            {
                if (error is not null)
                {
                    rejected++;
                    if ((errors ??= []).Count < LiveIngestResult.MaxErrors)
                    {
                        errors.Add(error);
                    }

                    continue;
                }

                switch (Store(line, nowNs, nanosPerUnit, buffer))
                {
                    case Stored.Point:
                        stored++;
                        points++;
                        break;
                    case Stored.Repeated:
                    case Stored.TrackedOnly:
                        stored++;
                        break;
                    default:
                        skipped++;
                        break;
                }
            }

            if (now - _lastSweep >= SweepEvery)
            {
                Sweep(nowNs);
                _lastSweep = now;
            }
        }

        Interlocked.Add(ref _points, points);
        return new LiveIngestResult(stored, skipped, rejected, errors ?? []);
    }

    /// <summary>Answers <paramref name="query"/> when the window holds all it reads; false: ask InfluxDB.</summary>
    public bool TryQuery(SeriesQuery query, out IReadOnlyList<SeriesValue> rows)
    {
        rows = [];
        var kept = Find(query.Measurement);
        if (kept is not null && query.Aggregate == Aggregate.Unchanged && query.GroupBy.Count == 0 && kept.ChangeIndexOf(query.Field) is var tracked and >= 0)
        {
            return TryUnchanged(query, kept, tracked, out rows);
        }

        var field = kept?.IndexOf(query.Field) ?? -1;
        if (kept is null || field < 0)
        {
            return false;
        }

        var from = UnixNanos(query.From);
        var to = UnixNanos(query.To);
        var units = UnitSet(query);
        var groups = new Dictionary<string, SeriesAccumulator>(kept.Series.Count, StringComparer.Ordinal);
        var key = new StringBuilder(96);
        lock (_gate)
        {
            if (!Covers(query, kept.Horizon))
            {
                return false;
            }

            foreach (var series in kept.Series)
            {
                if (!Selects(query, units, series))
                {
                    continue;
                }

                var (id, tags) = series.GroupOf(query.GroupBy, key);
                if (!groups.TryGetValue(id, out var acc))
                {
                    acc = new SeriesAccumulator(tags);
                }

                series.Feed(field, from, to, acc);
                if (!acc.IsEmpty)
                {
                    groups[id] = acc;
                }
            }
        }

        var result = new List<SeriesValue>(groups.Count);
        foreach (var acc in groups.Values)
        {
            var time = query.Aggregate == Aggregate.Last ? DateTimeOffset.FromUnixTimeMilliseconds(acc.LastTime / NanosPerMilli) : query.From;
            result.Add(new SeriesValue(acc.Tags, acc.Result(query.Aggregate), time));
        }

        rows = SeriesSums.Finish(query, result);
        return true;
    }

    /// <summary>"Unchanged" from the change trackers: per series (GROUP BY *), over spans up to the changes horizon.</summary>
    private bool TryUnchanged(SeriesQuery query, Kept kept, int tracked, out IReadOnlyList<SeriesValue> rows)
    {
        rows = [];
        var from = UnixNanos(query.From);
        var to = UnixNanos(query.To);
        var units = UnitSet(query);
        var result = new List<SeriesValue>();
        lock (_gate)
        {
            if (!Covers(query, kept.ChangesHorizon))
            {
                return false;
            }

            foreach (var series in kept.Series)
            {
                if (!Selects(query, units, series))
                {
                    continue;
                }

                var unchanged = series.Trackers[tracked].Unchanged(from, to, out var hasPoints);
                if (unchanged is null)
                {
                    return false;
                }

                if (hasPoints)
                {
                    result.Add(new SeriesValue(series.Tags, unchanged.Value ? 1 : 0, query.From));
                }
            }
        }

        rows = SeriesSums.Finish(query, result);
        return true;
    }

    /// <summary>Whether the window holds all InfluxDB holds for the query's range (call under the lock).</summary>
    private bool Covers(SeriesQuery query, TimeSpan horizon)
    {
        var now = _time.GetUtcNow();
        return _coveredSince is { } covered && query.From >= covered && query.From >= now - horizon && now - _lastArrival <= _gapAfter;
    }

    private static HashSet<string>? UnitSet(SeriesQuery query) => query.Units is { } u ? new HashSet<string>(u, StringComparer.Ordinal) : null;

    private static bool Selects(SeriesQuery query, HashSet<string>? units, LiveSeries series) =>
        query.Selector.Matches(series.Tags) && (units is null || (series.Unit is not null && units.Contains(series.Unit)));

    private Stored Store(LineProtocolLine line, long nowNs, long nanosPerUnit, Span<double> buffer)
    {
        var kept = Find(line.Measurement);
        if (kept is null)
        {
            return Stored.Nothing;
        }

        var fieldCount = kept.FieldNames.Length;
        var values = buffer[..(fieldCount + kept.ChangeNames.Length)];
        values.Fill(double.NaN);
        var anyPoint = false;
        var anyTracked = false;
        var fields = new LineProtocolFieldEnumerator(line.Fields);
        while (fields.MoveNext())
        {
            var f = fields.Current;
            if (f.Kind == LineProtocolFieldKind.String)
            {
                continue;
            }

            if (kept.IndexOf(f.Key) is var index and >= 0)
            {
                values[index] = f.Number;
                anyPoint = true;
            }

            if (kept.ChangeIndexOf(f.Key) is var change and >= 0)
            {
                values[fieldCount + change] = f.Number;
                anyTracked = true;
            }
        }

        var time = line.Timestamp is { } ts ? ts * nanosPerUnit : nowNs;
        anyPoint &= time > nowNs - kept.HorizonNanos;
        anyTracked &= time > nowNs - kept.ChangesHorizonNanos;
        if (!anyPoint && !anyTracked)
        {
            return Stored.Nothing;
        }

        var series = SeriesOf(line, kept);
        var added = anyPoint && series.Put(time, values[..fieldCount]);

        for (var c = 0; anyTracked && c < kept.ChangeNames.Length; c++)
        {
            if (!double.IsNaN(values[fieldCount + c]))
            {
                series.Trackers[c].Put(time, values[fieldCount + c]);
            }
        }

        return added ? Stored.Point : anyPoint ? Stored.Repeated : Stored.TrackedOnly;
    }

    private LiveSeries SeriesOf(LineProtocolLine line, Kept kept)
    {
        if (_keyChars.Length < line.SeriesKey.Length)
        {
            _keyChars = new char[Math.Max(line.SeriesKey.Length, _keyChars.Length * 2)];
        }

        var n = Encoding.UTF8.GetChars(line.SeriesKey, _keyChars);
        var chars = _keyChars.AsSpan(0, n);
        if (_lookup.TryGetValue(chars, out var series))
        {
            return series;
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        var e = new LineProtocolTagEnumerator(line.Tags);
        while (e.MoveNext())
        {
            tags[LineProtocolReader.UnescapeKey(e.Current.Key)] = LineProtocolReader.UnescapeKey(e.Current.Value);
        }

        series = new LiveSeries(new string(chars), kept.Name, tags, kept.FieldNames.Length, kept.ChangeNames.Length);
        _series[series.Id] = series;
        kept.Series.Add(series);
        return series;
    }

    private void Sweep(long nowNs)
    {
        foreach (var kept in _kept)
        {
            var cutoff = nowNs - kept.HorizonNanos;
            var trackedCutoff = nowNs - kept.ChangesHorizonNanos;
            var write = 0;
            for (var i = 0; i < kept.Series.Count; i++)
            {
                var s = kept.Series[i];
                var before = s.Count;
                s.DropUpTo(cutoff);
                Interlocked.Add(ref _points, s.Count - before);
                if (s.Count > 0 || s.TrackedUntil > trackedCutoff)
                {
                    kept.Series[write++] = s;
                }
                else
                {
                    _series.Remove(s.Id);
                }
            }

            kept.Series.RemoveRange(write, kept.Series.Count - write);
        }
    }

    private Kept? Find(ReadOnlySpan<byte> measurement)
    {
        foreach (var k in _kept)
        {
            if (measurement.SequenceEqual(k.NameUtf8))
            {
                return k;
            }
        }

        return null;
    }

    private Kept? Find(string measurement)
    {
        foreach (var k in _kept)
        {
            if (string.Equals(measurement, k.Name, StringComparison.Ordinal))
            {
                return k;
            }
        }

        return null;
    }

    private static long UnixNanos(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    /// <summary>What became of a line.</summary>
    private enum Stored
    {
        Nothing,
        TrackedOnly,

        // A point at a time the series held already (a second server's copy): overwritten, not counted twice.
        Repeated,
        Point,
    }

    private sealed class Kept
    {
        public Kept(KeptSeries spec)
        {
            Name = spec.Measurement;
            NameUtf8 = Encoding.UTF8.GetBytes(spec.Measurement);
            FieldNames = [.. spec.Fields];
            FieldUtf8 = [.. spec.Fields.Select(Encoding.UTF8.GetBytes)];
            Horizon = spec.Horizon;
            HorizonNanos = spec.Horizon.Ticks * 100;
            ChangeNames = [.. spec.Changes];
            ChangeUtf8 = [.. spec.Changes.Select(Encoding.UTF8.GetBytes)];
            ChangesHorizon = spec.ChangesHorizon;
            ChangesHorizonNanos = spec.ChangesHorizon.Ticks * 100;
        }

        public string Name { get; }

        public byte[] NameUtf8 { get; }

        public string[] FieldNames { get; }

        public byte[][] FieldUtf8 { get; }

        public TimeSpan Horizon { get; }

        public long HorizonNanos { get; }

        public string[] ChangeNames { get; }

        public byte[][] ChangeUtf8 { get; }

        public TimeSpan ChangesHorizon { get; }

        public long ChangesHorizonNanos { get; }

        public List<LiveSeries> Series { get; } = [];

        public int IndexOf(ReadOnlySpan<byte> escapedKey) => IndexIn(FieldUtf8, escapedKey);

        public int IndexOf(string field) => Array.IndexOf(FieldNames, field);

        public int ChangeIndexOf(ReadOnlySpan<byte> escapedKey) => IndexIn(ChangeUtf8, escapedKey);

        public int ChangeIndexOf(string field) => Array.IndexOf(ChangeNames, field);

        private static int IndexIn(byte[][] names, ReadOnlySpan<byte> escapedKey)
        {
            for (var i = 0; i < names.Length; i++)
            {
                if (escapedKey.SequenceEqual(names[i]))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}

/// <summary>What one body gave: lines stored (as points or in change trackers), lines skipped (not kept, too old), lines rejected and the first errors.</summary>
internal sealed record LiveIngestResult(int Stored, int Skipped, int Rejected, IReadOnlyList<string> Errors)
{
    /// <summary>Errors named per body at most.</summary>
    public const int MaxErrors = 5;
}
