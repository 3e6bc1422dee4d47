namespace Supervision.Collector.Storage;

/// <summary>
/// The samples of one scrape grouped by label set, so each InfluxDB series gets one line with a field per metric
/// (as Telegraf's prometheus input does with metric_version 2): <c>dossier_received_total</c>, <c>dossier_overdue</c>
/// and <c>dossier_in_progress</c> of one procedure are one line instead of three. InfluxDB pays per line (series key
/// parsed and looked up) more than per field, so this halves its write work for the national fleet (bench/RESULTS.md,
/// "Soak"). Reused from scrape to scrape: after warm-up nothing is allocated.
/// </summary>
internal sealed class SeriesGroups
{
    private char[] _text = new char[4096];
    private int _textLength;
    private LabelRef[] _labels = new LabelRef[256];
    private int _labelCount;
    private FieldRef[] _fields = new FieldRef[256];
    private int _fieldCount;
    private Group[] _groups = new Group[64];
    private int _groupCount;

    private readonly record struct LabelRef(int NameStart, int NameLength, int ValueStart, int ValueLength);

    private readonly record struct FieldRef(int NameStart, int NameLength, double Value, int Line, int Next);

    private record struct Group(int FirstLabel, int LabelCount, int FirstField, int LastField);

    /// <summary>Forgets the last scrape's groups.</summary>
    public void Clear() => (_textLength, _labelCount, _fieldCount, _groupCount) = (0, 0, 0, 0);

    /// <summary>Adds a sample (labels renamed where they collide with the target's tags) to the group of its label set.</summary>
    public void Add(in ParsedSample sample)
    {
        // The sample's labels go in as a candidate group, sorted by name; if an existing group has the same set, the
        // candidate is dropped again and the field joins that group.
        var textMark = _textLength;
        var firstLabel = _labelCount;
        for (var i = 0; i < sample.LabelCount; i++)
        {
            var name = sample.LabelName(i);
            var exported = TagNames.IsTargetTag(name) || name is "time";
            var nameStart = _textLength;
            if (exported)
            {
                Append(TagNames.ExportedPrefix);
            }

            Append(name);
            var valueStart = _textLength;
            Append(sample.LabelValue(i));
            AddLabel(new LabelRef(nameStart, valueStart - nameStart, valueStart, _textLength - valueStart));
        }

        var labelCount = _labelCount - firstLabel;
        SortLabels(firstLabel, labelCount);
        var group = Find(firstLabel, labelCount, sample.Name);
        if (group >= 0)
        {
            _textLength = textMark;
            _labelCount = firstLabel;
        }
        else
        {
            group = _groupCount;
            if (_groupCount == _groups.Length)
            {
                Array.Resize(ref _groups, _groups.Length * 2);
            }

            _groups[_groupCount++] = new Group(firstLabel, labelCount, -1, -1);
        }

        var fieldStart = _textLength;
        Append(sample.Name);
        if (_fieldCount == _fields.Length)
        {
            Array.Resize(ref _fields, _fields.Length * 2);
        }

        var field = _fieldCount++;
        _fields[field] = new FieldRef(fieldStart, _textLength - fieldStart, sample.Value, sample.Line, -1);
        ref var g = ref _groups[group];
        if (g.LastField >= 0)
        {
            _fields[g.LastField] = _fields[g.LastField] with { Next = field };
        }
        else
        {
            g.FirstField = field;
        }

        g.LastField = field;
    }

    /// <summary>
    /// Writes one line per group: its labels, then the target's tags, its fields, at <paramref name="timestampMs"/>; a
    /// line InfluxDB would reject is left out and its samples counted by <paramref name="writer"/>.
    /// </summary>
    public void WriteTo(LineProtocolBuilder lines, Supervision.Core.Domain.Target target, string level, long timestampMs, SamplePointWriter writer)
    {
        var text = _text.AsSpan();
        for (var g = 0; g < _groupCount; g++)
        {
            var group = _groups[g];
            WriteKey(lines, group, target, level);
            var samples = 0;
            for (var f = group.FirstField; f >= 0; f = _fields[f].Next)
            {
                lines.Field(text.Slice(_fields[f].NameStart, _fields[f].NameLength), _fields[f].Value);
                samples++;
            }

            if (!lines.TryEndPoint(timestampMs, out var part, out var fault))
            {
                if (samples == 1)
                {
                    var only = _fields[group.FirstField];
                    writer.CountUnstorable(1, text.Slice(only.NameStart, only.NameLength), only.Line, part, fault);
                    continue;
                }

                // One refused sample must not take its line's other samples with it: each goes alone.
                for (var f = group.FirstField; f >= 0; f = _fields[f].Next)
                {
                    WriteOne(lines, group, f, target, level, timestampMs, writer);
                }
            }
        }
    }

    /// <summary>Starts a group's line: measurement, its labels, the target's tags.</summary>
    private void WriteKey(LineProtocolBuilder lines, Group group, Supervision.Core.Domain.Target target, string level)
    {
        var text = _text.AsSpan();
        lines.BeginPoint(target.System);
        for (var l = group.FirstLabel; l < group.FirstLabel + group.LabelCount; l++)
        {
            var label = _labels[l];
            lines.Tag(text.Slice(label.NameStart, label.NameLength), text.Slice(label.ValueStart, label.ValueLength));
        }

        SamplePointWriter.WriteTargetTags(lines, target, level);
    }

    private void WriteOne(LineProtocolBuilder lines, Group group, int field, Supervision.Core.Domain.Target target, string level, long timestampMs, SamplePointWriter writer)
    {
        var text = _text.AsSpan();
        WriteKey(lines, group, target, level);
        var name = text.Slice(_fields[field].NameStart, _fields[field].NameLength);
        lines.Field(name, _fields[field].Value);
        if (!lines.TryEndPoint(timestampMs, out var part, out var fault))
        {
            writer.CountUnstorable(1, name, _fields[field].Line, part, fault);
        }
    }

    /// <summary>The group with exactly this label set and no field named <paramref name="field"/> yet, or -1.</summary>
    private int Find(int firstLabel, int labelCount, ReadOnlySpan<char> field)
    {
        var text = _text.AsSpan();
        for (var g = 0; g < _groupCount; g++)
        {
            var group = _groups[g];
            if (group.LabelCount != labelCount || !SameLabels(group.FirstLabel, firstLabel, labelCount))
            {
                continue;
            }

            // A metric exposed twice with the same labels (invalid, but seen) keeps its own line, as before grouping.
            var duplicate = false;
            for (var f = group.FirstField; f >= 0 && !duplicate; f = _fields[f].Next)
            {
                duplicate = text.Slice(_fields[f].NameStart, _fields[f].NameLength).SequenceEqual(field);
            }

            return duplicate ? -1 : g;
        }

        return -1;
    }

    private bool SameLabels(int a, int b, int count)
    {
        var text = _text.AsSpan();
        for (var i = 0; i < count; i++)
        {
            var (x, y) = (_labels[a + i], _labels[b + i]);
            if (!text.Slice(x.NameStart, x.NameLength).SequenceEqual(text.Slice(y.NameStart, y.NameLength)) ||
                !text.Slice(x.ValueStart, x.ValueLength).SequenceEqual(text.Slice(y.ValueStart, y.ValueLength)))
            {
                return false;
            }
        }

        return true;
    }

    // Insertion sort: a sample has a handful of labels.
    private void SortLabels(int first, int count)
    {
        for (var i = first + 1; i < first + count; i++)
        {
            var current = _labels[i];
            var j = i - 1;
            while (j >= first && Name(_labels[j]).SequenceCompareTo(Name(current)) > 0)
            {
                _labels[j + 1] = _labels[j];
                j--;
            }

            _labels[j + 1] = current;
        }
    }

    private ReadOnlySpan<char> Name(LabelRef label) => _text.AsSpan(label.NameStart, label.NameLength);

    private void AddLabel(LabelRef label)
    {
        if (_labelCount == _labels.Length)
        {
            Array.Resize(ref _labels, _labels.Length * 2);
        }

        _labels[_labelCount++] = label;
    }

    private void Append(ReadOnlySpan<char> value)
    {
        if (_textLength + value.Length > _text.Length)
        {
            Array.Resize(ref _text, Math.Max(_text.Length * 2, _textLength + value.Length));
        }

        value.CopyTo(_text.AsSpan(_textLength));
        _textLength += value.Length;
    }
}
