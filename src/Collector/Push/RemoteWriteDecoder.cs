using System.Buffers.Binary;
using System.Text.Unicode;

namespace Supervision.Collector.Push;

/// <summary>
/// Reads a Prometheus remote_write 1.0 <c>WriteRequest</c> (protobuf, after snappy is undone) straight from its bytes
/// and writes each sample as the scrape path maps a sample (docs/storage.md): measurement = the target's system,
/// field = the metric name (<c>__name__</c>), tags = the other labels plus the center's, a label named like a center
/// tag (or <c>time</c>) kept as <c>exported_{name}</c>; time = the sample's, in ms. NaN and infinite values (stale
/// markers among them) are skipped, as the scrape path skips them; the store policy applies. Exemplars, native
/// histograms and metadata are not stored (counted as skipped).
/// </summary>
/// <remarks>
/// Only the messages the intake reads are decoded, by hand (remote.proto / types.proto of Prometheus):
/// <c>WriteRequest{1: repeated TimeSeries, 3: repeated MetricMetadata}</c>,
/// <c>TimeSeries{1: repeated Label, 2: repeated Sample, 3: exemplars, 4: histograms}</c>,
/// <c>Label{1: name, 2: value}</c>, <c>Sample{1: double value, 2: int64 timestamp}</c>. Unknown fields are skipped as
/// protobuf requires. Nothing is allocated per sample except the metric name's text for the store policy.
/// </remarks>
public sealed class RemoteWriteDecoder(StorePolicy policy)
{
    private const int WireVarint = 0;
    private const int WireFixed64 = 1;
    private const int WireLength = 2;
    private const int WireFixed32 = 5;

    private readonly StorePolicy _policy = policy;
    private char[] _chars = new char[1024];
    private (int NameStart, int NameLength, int ValueStart, int ValueLength)[] _labels = new (int, int, int, int)[64];

    /// <summary>
    /// Decodes <paramref name="request"/> into <paramref name="output"/> for <paramref name="target"/>; false with
    /// <paramref name="error"/> when the bytes are not a WriteRequest (nothing of it is kept then), or when more than
    /// <paramref name="maxPoints"/> samples would be stored (<paramref name="error"/> null: the caller answers 413).
    /// </summary>
    public bool Decode(ReadOnlySpan<byte> request, Target target, int maxPoints, PushedPoints output, out string? error)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(output);
        error = null;
        var level = UnitLevelText.Of(target.Level);
        var pos = 0;
        while (pos < request.Length)
        {
            if (!TryTag(request, ref pos, out var field, out var wire, out error))
            {
                return false;
            }

            if (field == 1 && wire == WireLength)
            {
                if (!TryLength(request, ref pos, out var series, out error))
                {
                    return false;
                }

                var series1 = series;
                if (!DecodeSeries(request.Slice(series1.Start, series1.Length), target, level, maxPoints, output, out error))
                {
                    return false;
                }
            }
            else if (!TrySkip(request, ref pos, wire, out error))
            {
                return false;
            }
        }

        return true;
    }

    private bool DecodeSeries(ReadOnlySpan<byte> series, Target target, string level, int maxPoints, PushedPoints output, out string? error)
    {
        // First pass: the labels (Prometheus writes them first, but protobuf allows any order).
        var labelCount = 0;
        var nameIndex = -1;
        var pos = 0;
        while (pos < series.Length)
        {
            if (!TryTag(series, ref pos, out var field, out var wire, out error))
            {
                return false;
            }

            if (field == 1 && wire == WireLength)
            {
                if (!TryLength(series, ref pos, out var label, out error) || !DecodeLabel(series.Slice(label.Start, label.Length), label.Start, out var entry, out error))
                {
                    return false;
                }

                if (labelCount == _labels.Length)
                {
                    Array.Resize(ref _labels, _labels.Length * 2);
                }

                if (series.Slice(entry.NameStart, entry.NameLength).SequenceEqual("__name__"u8))
                {
                    nameIndex = labelCount;
                }

                _labels[labelCount++] = entry;
            }
            else if (field is 3 or 4 && wire == WireLength)
            {
                output.Skipped++;
                if (!TrySkip(series, ref pos, wire, out error))
                {
                    return false;
                }
            }
            else if (!TrySkip(series, ref pos, wire, out error))
            {
                return false;
            }
        }

        if (nameIndex < 0)
        {
            error = "a time series has no __name__ label";
            return false;
        }

        var name = Text(series, _labels[nameIndex].ValueStart, _labels[nameIndex].ValueLength, 0);
        if (name.IsEmpty)
        {
            error = "a time series has an empty __name__";
            return false;
        }

        var stores = _policy.Stores(target.System, name);

        // Second pass: the samples.
        pos = 0;
        while (pos < series.Length)
        {
            TryTag(series, ref pos, out var field, out var wire, out _);
            if (field != 2 || wire != WireLength)
            {
                TrySkip(series, ref pos, wire, out _);
                continue;
            }

            TryLength(series, ref pos, out var sample, out _);
            if (!DecodeSample(series.Slice(sample.Start, sample.Length), out var value, out var timestampMs, out error))
            {
                return false;
            }

            if (!stores || !double.IsFinite(value))
            {
                output.Skipped++;
                continue;
            }

            if (output.Count >= maxPoints)
            {
                error = null;
                return false;
            }

            WritePoint(series, labelCount, nameIndex, name.Length, target, level, value, timestampMs, output);
        }

        error = null;
        return true;
    }

    private void WritePoint(ReadOnlySpan<byte> series, int labelCount, int nameIndex, int nameLength, Target target, string level, double value, long timestampMs, PushedPoints output)
    {
        var lines = output.Lines;
        var start = lines.Length;
        lines.BeginPoint(target.System);
        for (var i = 0; i < labelCount; i++)
        {
            if (i == nameIndex)
            {
                continue;
            }

            var (nameStart, nameLen, valueStart, valueLen) = _labels[i];
            var labelName = series.Slice(nameStart, nameLen);

            // After the metric name in the scratch text: the label's name (with room for "exported_"), then its value.
            var offset = nameLength;
            var exported = LineProtocolIntake.IsCenterTag(labelName) || labelName.SequenceEqual("time"u8);
            if (exported)
            {
                TagNames.ExportedPrefix.CopyTo(Scratch(offset + TagNames.ExportedPrefix.Length + (nameLen * 2))[offset..]);
            }

            var key = Text(series, nameStart, nameLen, offset + (exported ? TagNames.ExportedPrefix.Length : 0));
            var keyLength = key.Length + (exported ? TagNames.ExportedPrefix.Length : 0);
            var valueText = Text(series, valueStart, valueLen, offset + keyLength);
            lines.Tag(_chars.AsSpan(offset, keyLength), valueText);
        }

        SamplePointWriter.WriteTargetTags(lines, target, level);
        var seriesEnd = lines.Length;
        lines.Field(_chars.AsSpan(0, nameLength), value);
        if (!lines.TryEndPoint(timestampMs, out var part, out var fault))
        {
            output.Reject($"series {Encoding.UTF8.GetString(series.Slice(_labels[nameIndex].ValueStart, _labels[nameIndex].ValueLength))}: {Core.Influx.LineProtocolException.Describe(part, fault)}");
            return;
        }

        output.Add(start, PushedPoints.Hash(lines.WrittenMemory.Span[start..seriesEnd]), output.Count + output.Skipped + output.Rejected + 1);
    }

    private Span<char> Scratch(int length)
    {
        if (_chars.Length < length)
        {
            Array.Resize(ref _chars, Math.Max(length, _chars.Length * 2));
        }

        return _chars;
    }

    /// <summary>UTF-8 bytes of the series as text at <paramref name="at"/> in the scratch buffer (invalid bytes become U+FFFD).</summary>
    private ReadOnlySpan<char> Text(ReadOnlySpan<byte> series, int start, int length, int at)
    {
        var chars = Scratch(at + length);
        Utf8.ToUtf16(series.Slice(start, length), chars[at..], out _, out var written, replaceInvalidSequences: true);
        return chars.Slice(at, written);
    }

    private static bool DecodeLabel(ReadOnlySpan<byte> label, int baseOffset, out (int NameStart, int NameLength, int ValueStart, int ValueLength) entry, out string? error)
    {
        entry = default;
        var (nameStart, nameLength, valueStart, valueLength) = (0, 0, 0, 0);
        var pos = 0;
        while (pos < label.Length)
        {
            if (!TryTag(label, ref pos, out var field, out var wire, out error))
            {
                return false;
            }

            if (field is 1 or 2 && wire == WireLength)
            {
                if (!TryLength(label, ref pos, out var text, out error))
                {
                    return false;
                }

                if (field == 1)
                {
                    (nameStart, nameLength) = (baseOffset + text.Start, text.Length);
                }
                else
                {
                    (valueStart, valueLength) = (baseOffset + text.Start, text.Length);
                }
            }
            else if (!TrySkip(label, ref pos, wire, out error))
            {
                return false;
            }
        }

        if (nameLength == 0)
        {
            error = "a label has an empty name";
            return false;
        }

        entry = (nameStart, nameLength, valueStart, valueLength);
        error = null;
        return true;
    }

    private static bool DecodeSample(ReadOnlySpan<byte> sample, out double value, out long timestampMs, out string? error)
    {
        value = 0;
        timestampMs = 0;
        var pos = 0;
        while (pos < sample.Length)
        {
            if (!TryTag(sample, ref pos, out var field, out var wire, out error))
            {
                return false;
            }

            if (field == 1 && wire == WireFixed64)
            {
                if (pos + 8 > sample.Length)
                {
                    error = "a sample value is cut short";
                    return false;
                }

                value = BinaryPrimitives.ReadDoubleLittleEndian(sample[pos..]);
                pos += 8;
            }
            else if (field == 2 && wire == WireVarint)
            {
                if (!TryVarint(sample, ref pos, out var raw, out error))
                {
                    return false;
                }

                timestampMs = (long)raw;
            }
            else if (!TrySkip(sample, ref pos, wire, out error))
            {
                return false;
            }
        }

        error = null;
        return true;
    }

    private static bool TryTag(ReadOnlySpan<byte> data, ref int pos, out int field, out int wire, out string? error)
    {
        field = wire = 0;
        if (!TryVarint(data, ref pos, out var key, out error))
        {
            return false;
        }

        field = (int)(key >> 3);
        wire = (int)(key & 7);
        if (field == 0)
        {
            error = "protobuf field number 0";
            return false;
        }

        return true;
    }

    private static bool TryLength(ReadOnlySpan<byte> data, ref int pos, out (int Start, int Length) slice, out string? error)
    {
        slice = default;
        if (!TryVarint(data, ref pos, out var length, out error))
        {
            return false;
        }

        if (length > (ulong)(data.Length - pos))
        {
            error = "a length-delimited protobuf field runs past the end of its message";
            return false;
        }

        slice = (pos, (int)length);
        pos += (int)length;
        return true;
    }

    private static bool TrySkip(ReadOnlySpan<byte> data, ref int pos, int wire, out string? error)
    {
        error = null;
        switch (wire)
        {
            case WireVarint:
                return TryVarint(data, ref pos, out _, out error);
            case WireFixed64:
            case WireFixed32:
                var size = wire == WireFixed64 ? 8 : 4;
                if (pos + size > data.Length)
                {
                    error = "a fixed-size protobuf field is cut short";
                    return false;
                }

                pos += size;
                return true;
            case WireLength:
                return TryLength(data, ref pos, out _, out error);
            default:
                error = $"protobuf wire type {wire} is not used by remote_write";
                return false;
        }
    }

    private static bool TryVarint(ReadOnlySpan<byte> data, ref int pos, out ulong value, out string? error)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (pos >= data.Length)
            {
                error = "a protobuf varint is cut short";
                return false;
            }

            var b = data[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                error = null;
                return true;
            }
        }

        error = "a protobuf varint is longer than 10 bytes";
        return false;
    }
}
