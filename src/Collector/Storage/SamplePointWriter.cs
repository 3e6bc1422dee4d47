namespace Supervision.Collector.Storage;

/// <summary>
/// Maps parsed samples to points (docs/storage.md): measurement = the target's system, field = the
/// metric name, tags = the sample's labels plus <c>unit</c>, <c>province</c>, <c>system</c>, <c>level</c>.
/// A sample label that collides with those four is kept as <c>exported_{name}</c>, as Prometheus does.
/// NaN and infinite values are skipped: InfluxDB cannot store them. Only what the <see cref="StorePolicy"/>
/// keeps is written; every sample still counts in <see cref="Totals"/>, which the roll-ups and live figures use.
/// Samples with the same label set share one line (<see cref="SeriesGroups"/>), written by <see cref="Finish"/> once
/// the body is parsed; a sample with its own timestamp gets a line of its own. A sample whose point InfluxDB would
/// reject (a metric named <c>time</c>, text with no UTF-8 form, a timestamp out of InfluxDB's range, …) is skipped and
/// counted in <see cref="Unstorable"/>, so one bad sample never fails a batch (with the samples sharing its line); a
/// label named <c>time</c> is kept as <c>exported_time</c> like the four target tags.
/// </summary>
public sealed class SamplePointWriter(StorePolicy policy) : ISampleVisitor
{
    private readonly StorePolicy _policy = policy;
    private readonly SeriesGroups _groups = new();
    private ScrapeTotals _totals;
    private LineProtocolBuilder _lines = null!;
    private Target _target = null!;
    private string _level = string.Empty;
    private long _scrapeTimeMs;

    /// <summary>Stores every sample.</summary>
    public SamplePointWriter()
        : this(StorePolicy.All)
    {
    }

    /// <summary>Samples seen in the current body.</summary>
    public int Samples { get; private set; }

    /// <summary>Samples of the current body left out by the store policy.</summary>
    public int NotStored { get; private set; }

    /// <summary>The sums the roll-ups and live figures need, over the current body.</summary>
    public ScrapeTotals Totals => _totals;

    /// <summary>Samples of the current body skipped because InfluxDB would reject their point.</summary>
    public int Unstorable { get; private set; }

    /// <summary>The first unstorable sample of the current body (meaningful when <see cref="Unstorable"/> is positive).</summary>
    public UnstorableSample FirstUnstorable { get; private set; }

    /// <summary>Points to <paramref name="lines"/> for <paramref name="target"/> stamped at <paramref name="scrapeTimeMs"/>.</summary>
    public void Reset(LineProtocolBuilder lines, Target target, long scrapeTimeMs)
    {
        _lines = lines;
        _target = target;
        _level = UnitLevelText.Of(target.Level);
        _scrapeTimeMs = scrapeTimeMs;
        Samples = 0;
        NotStored = 0;
        Unstorable = 0;
        _totals = default;
        _groups.Clear();
    }

    /// <summary>Writes the grouped samples of the body just parsed (call after a parse that succeeded).</summary>
    public void Finish()
    {
        _groups.WriteTo(_lines, _target, _level, _scrapeTimeMs, this);
        _groups.Clear();
    }

    /// <inheritdoc />
    public void OnSample(in ParsedSample sample)
    {
        Samples++;
        _totals.Add(sample);
        if (!double.IsFinite(sample.Value))
        {
            return;
        }

        if (!_policy.Stores(_target.System, sample.Name))
        {
            NotStored++;
            return;
        }

        if (sample.TimestampMs is { } own && own != _scrapeTimeMs)
        {
            WriteAlone(sample, own);
            return;
        }

        _groups.Add(sample);
    }

    private void WriteAlone(in ParsedSample sample, long timestampMs)
    {
        _lines.BeginPoint(_target.System);
        Span<char> exported = stackalloc char[64];
        TagNames.ExportedPrefix.CopyTo(exported);
        for (var i = 0; i < sample.LabelCount; i++)
        {
            var name = sample.LabelName(i);
            if (TagNames.IsTargetTag(name) || name is "time")
            {
                name.CopyTo(exported[TagNames.ExportedPrefix.Length..]);
                _lines.Tag(exported[..(TagNames.ExportedPrefix.Length + name.Length)], sample.LabelValue(i));
            }
            else
            {
                _lines.Tag(name, sample.LabelValue(i));
            }
        }

        WriteTargetTags(_lines, _target, _level);
        _lines.Field(sample.Name, sample.Value);
        if (!_lines.TryEndPoint(timestampMs, out var part, out var fault))
        {
            CountUnstorable(1, sample.Name, sample.Line, part, fault);
        }
    }

    /// <summary>Counts <paramref name="samples"/> skipped together, remembering the first of the body.</summary>
    internal void CountUnstorable(int samples, ReadOnlySpan<char> name, int line, LineProtocolPart part, LineProtocolFault fault)
    {
        if (Unstorable == 0)
        {
            FirstUnstorable = new UnstorableSample(name.ToString(), line, part, fault);
        }

        Unstorable += samples;
    }

    /// <summary>The tags every point of a target carries.</summary>
    public static void WriteTargetTags(LineProtocolBuilder lines, Target target, string level)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(target);
        lines.Tag(TagNames.Unit, target.UnitId);
        lines.Tag(TagNames.Province, target.ProvinceCode);
        lines.Tag(TagNames.System, target.System);
        lines.Tag(TagNames.Level, level);
    }

}

/// <summary>A sample the collector could not store, and why.</summary>
/// <param name="Name">The sample's metric name.</param>
/// <param name="Line">Its 1-based line in the body.</param>
/// <param name="Part">The part of its point InfluxDB would refuse.</param>
/// <param name="Fault">What is wrong with that part.</param>
public readonly record struct UnstorableSample(string Name, int Line, LineProtocolPart Part, LineProtocolFault Fault);
