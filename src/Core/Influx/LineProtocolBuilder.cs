using System.Buffers;
using System.Buffers.Text;
using System.Text.Unicode;

namespace Supervision.Core.Influx;

/// <summary>
/// Builds an InfluxDB line-protocol body straight from spans into one growing byte buffer, with the
/// escaping rules of line protocol: measurement escapes comma and space; tag keys, tag values and field
/// keys escape comma, equals sign and space; string field values escape double quote and backslash.
/// A newline cannot be escaped in names or tag values (it ends the line), so it is written as the two
/// characters <c>\n</c> there; string field values keep it raw, which InfluxDB accepts inside quotes.
/// </summary>
/// <remarks>
/// A point is begun, given tags and fields, and ended; <see cref="Mark"/> and <see cref="Rollback"/>
/// let a scrape discard what it wrote when its body turns out to be invalid half-way.
/// A point InfluxDB would reject (empty measurement, tag key or field key; the key <c>time</c>; text
/// with no UTF-8 form; a series key that with a field key passes 65,535 bytes; a timestamp outside InfluxDB's range) is never
/// written: one bad point would make InfluxDB answer 400 to the whole batch. <see cref="EndPoint"/>
/// throws a <see cref="LineProtocolException"/> naming the part; <see cref="TryEndPoint"/> reports it
/// without an exception, for hot paths. Either way the builder is left as before the point.
/// </remarks>
public sealed class LineProtocolBuilder
{
    // InfluxDB 1.x limits a series key plus "#!~#" plus the field key to 65,535 bytes (measured: 1.6.7).
    private const int MaxKeyBytes = 65535;
    private const int FieldKeySeparatorBytes = 4;

    private byte[] _buffer;
    private int _length;
    private int _fieldCount;
    private int _pointStart;
    private int _fieldsStart;
    private int _longestFieldKey;
    private bool _failed;
    private LineProtocolPart _failedPart;
    private LineProtocolFault _fault;

    /// <summary>Creates a builder with an initial capacity.</summary>
    public LineProtocolBuilder(int capacity = 64 * 1024) => _buffer = new byte[capacity];

    /// <summary>
    /// The precision <see cref="EndPoint"/>'s timestamps are in, for the range check (milliseconds unless the
    /// body is written with another, <see cref="InfluxPrecision"/>).
    /// </summary>
    public InfluxPrecision Precision { get; set; } = InfluxPrecision.Milliseconds;

    /// <summary>Bytes written.</summary>
    public int Length => _length;

    /// <summary>Complete points written.</summary>
    public int Points { get; private set; }

    /// <summary>The body so far.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    /// <summary>A position to roll back to.</summary>
    public (int Length, int Points) Mark() => (_length, Points);

    /// <summary>Forgets everything written after <paramref name="mark"/>.</summary>
    public void Rollback((int Length, int Points) mark)
    {
        _length = mark.Length;
        Points = mark.Points;
    }

    /// <summary>Empties the builder, keeping its buffer.</summary>
    public void Clear()
    {
        _length = 0;
        Points = 0;
    }

    /// <summary>Appends complete points written by another builder.</summary>
    public void AppendRaw(ReadOnlySpan<byte> lines, int points)
    {
        Ensure(lines.Length);
        lines.CopyTo(_buffer.AsSpan(_length));
        _length += lines.Length;
        Points += points;
    }

    /// <summary>Starts a point.</summary>
    public void BeginPoint(ReadOnlySpan<char> measurement)
    {
        _pointStart = _length;
        _fieldCount = 0;
        _failed = false;
        if (measurement.IsEmpty)
        {
            Fail(LineProtocolPart.Measurement, LineProtocolFault.Empty);
        }

        WriteEscaped(measurement, EscapeKind.Measurement, LineProtocolPart.Measurement);
    }

    /// <summary>
    /// Adds a tag. A tag with an empty value is left out (InfluxDB has no empty tag value; a Prometheus label
    /// with an empty value is the same as no label); an empty key or the key <c>time</c> fails the point.
    /// </summary>
    public void Tag(ReadOnlySpan<char> key, ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return;
        }

        CheckKey(key, LineProtocolPart.TagKey);
        WriteByte((byte)',');
        WriteEscaped(key, EscapeKind.Key, LineProtocolPart.TagKey);
        WriteByte((byte)'=');
        WriteEscaped(value, EscapeKind.Key, LineProtocolPart.TagValue);
    }

    /// <summary>Adds a float field; false (nothing written) for NaN or infinity, which InfluxDB cannot store.</summary>
    public bool Field(ReadOnlySpan<char> key, double value)
    {
        if (!double.IsFinite(value))
        {
            return false;
        }

        FieldKey(key);
        Ensure(32);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out var written);
        _length += written;
        return true;
    }

    /// <summary>Adds an integer field.</summary>
    public void Field(ReadOnlySpan<char> key, long value)
    {
        FieldKey(key);
        Ensure(24);
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out var written);
        _length += written;
        WriteByte((byte)'i');
    }

    /// <summary>Adds a string field.</summary>
    public void Field(ReadOnlySpan<char> key, ReadOnlySpan<char> value)
    {
        FieldKey(key);
        WriteByte((byte)'"');
        WriteEscaped(value, EscapeKind.StringValue, LineProtocolPart.FieldValue);
        WriteByte((byte)'"');
    }

    /// <summary>
    /// Ends the point with its timestamp, in <see cref="Precision"/>; a point without fields is dropped.
    /// </summary>
    /// <exception cref="LineProtocolException">InfluxDB would reject the point; nothing of it was kept.</exception>
    public void EndPoint(long timestampMs)
    {
        if (!TryEndPoint(timestampMs, out var part, out var fault))
        {
            throw new LineProtocolException(part, fault);
        }
    }

    /// <summary>
    /// Ends the point as <see cref="EndPoint"/> does, but reports a point InfluxDB would reject by returning
    /// false with the part and fault (the point is discarded) instead of throwing.
    /// </summary>
    public bool TryEndPoint(long timestampMs, out LineProtocolPart part, out LineProtocolFault fault)
    {
        if (!_failed && _fieldCount > 0)
        {
            if (_fieldsStart - _pointStart + FieldKeySeparatorBytes + _longestFieldKey > MaxKeyBytes)
            {
                Fail(LineProtocolPart.SeriesKey, LineProtocolFault.TooLong);
            }
            else if (!InRange(timestampMs))
            {
                Fail(LineProtocolPart.Timestamp, LineProtocolFault.OutOfRange);
            }
        }

        (part, fault) = (_failedPart, _fault);
        if (_failed || _fieldCount == 0)
        {
            _length = _pointStart;
            return !_failed;
        }

        WriteByte((byte)' ');
        Ensure(24);
        Utf8Formatter.TryFormat(timestampMs, _buffer.AsSpan(_length), out var written);
        _length += written;
        WriteByte((byte)'\n');
        Points++;
        return true;
    }

    // InfluxDB 1.x keeps nanoseconds in an int64 and reserves its two lowest and its highest value.
    private bool InRange(long timestamp) => Precision switch
    {
        InfluxPrecision.Nanoseconds => timestamp is >= long.MinValue + 2 and <= long.MaxValue - 1,
        InfluxPrecision.Seconds => timestamp is >= -9_223_372_036 and <= 9_223_372_036,
        _ => timestamp is >= -9_223_372_036_854 and <= 9_223_372_036_854,
    };

    private void Fail(LineProtocolPart part, LineProtocolFault fault)
    {
        if (!_failed)
        {
            (_failed, _failedPart, _fault) = (true, part, fault);
        }
    }

    private void CheckKey(ReadOnlySpan<char> key, LineProtocolPart part)
    {
        if (key.IsEmpty)
        {
            Fail(part, LineProtocolFault.Empty);
        }
        else if (key is "time")
        {
            Fail(part, LineProtocolFault.Reserved);
        }
    }

    private void FieldKey(ReadOnlySpan<char> key)
    {
        CheckKey(key, LineProtocolPart.FieldKey);
        if (_fieldCount == 0)
        {
            _fieldsStart = _length;
            _longestFieldKey = 0;
        }

        WriteByte(_fieldCount == 0 ? (byte)' ' : (byte)',');
        var keyStart = _length;
        WriteEscaped(key, EscapeKind.Key, LineProtocolPart.FieldKey);
        _longestFieldKey = Math.Max(_longestFieldKey, _length - keyStart);
        WriteByte((byte)'=');
        _fieldCount++;
    }

    private enum EscapeKind
    {
        Measurement,
        Key,
        StringValue,
    }

    private static readonly SearchValues<char> MeasurementSpecials = SearchValues.Create(", \n\\");
    private static readonly SearchValues<char> KeySpecials = SearchValues.Create(",= \n\\");
    private static readonly SearchValues<char> StringSpecials = SearchValues.Create("\"\\");

    private void WriteEscaped(ReadOnlySpan<char> text, EscapeKind kind, LineProtocolPart part)
    {
        var specials = kind switch
        {
            EscapeKind.Measurement => MeasurementSpecials,
            EscapeKind.Key => KeySpecials,
            _ => StringSpecials,
        };
        while (!text.IsEmpty)
        {
            var next = text.IndexOfAny(specials);
            var plain = next < 0 ? text : text[..next];
            if (!plain.IsEmpty)
            {
                // Utf8.FromUtf16 is the transcoder under Encoding.UTF8 without its per-call overhead; a lone
                // surrogate has no UTF-8 form, and writing U+FFFD instead would store something else than asked.
                Ensure((plain.Length + 1) * 3);
                if (Utf8.FromUtf16(plain, _buffer.AsSpan(_length), out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
                {
                    Fail(part, LineProtocolFault.InvalidText);
                }

                _length += written;
            }

            if (next < 0)
            {
                return;
            }

            var c = text[next];
            if (c == '\n')
            {
                WriteByte((byte)'\\');
                WriteByte((byte)'n');
            }
            else if (c == '\\' && kind != EscapeKind.StringValue)
            {
                // InfluxDB reads a backslash in names and tags literally unless a special character
                // follows; before one (or at the end, where the separator follows) it would escape it, so
                // only there is it doubled (and stored doubled: docs/storage.md).
                var last = next + 1 >= text.Length || specials.Contains(text[next + 1]);
                WriteByte((byte)'\\');
                if (last)
                {
                    WriteByte((byte)'\\');
                }
            }
            else
            {
                WriteByte((byte)'\\');
                WriteByte((byte)c);
            }

            text = text[(next + 1)..];
        }
    }

    private void WriteByte(byte b)
    {
        Ensure(1);
        _buffer[_length++] = b;
    }

    private void Ensure(int extra)
    {
        if (_length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
        }
    }
}
