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
/// </remarks>
public sealed class LineProtocolBuilder
{
    private byte[] _buffer;
    private int _length;
    private int _fieldCount;
    private int _pointStart;

    /// <summary>Creates a builder with an initial capacity.</summary>
    public LineProtocolBuilder(int capacity = 64 * 1024) => _buffer = new byte[capacity];

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
        WriteEscaped(measurement, EscapeKind.Measurement);
    }

    /// <summary>Adds a tag (empty values are skipped: InfluxDB rejects them).</summary>
    public void Tag(ReadOnlySpan<char> key, ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || key.IsEmpty)
        {
            return;
        }

        WriteByte((byte)',');
        WriteEscaped(key, EscapeKind.Key);
        WriteByte((byte)'=');
        WriteEscaped(value, EscapeKind.Key);
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
        WriteEscaped(value, EscapeKind.StringValue);
        WriteByte((byte)'"');
    }

    /// <summary>
    /// Ends the point with its timestamp, in the precision the body is written with (milliseconds unless the
    /// writer says otherwise, <see cref="InfluxPrecision"/>); a point without fields is dropped.
    /// </summary>
    public void EndPoint(long timestampMs)
    {
        if (_fieldCount == 0)
        {
            _length = _pointStart;
            return;
        }

        WriteByte((byte)' ');
        Ensure(24);
        Utf8Formatter.TryFormat(timestampMs, _buffer.AsSpan(_length), out var written);
        _length += written;
        WriteByte((byte)'\n');
        Points++;
    }

    private void FieldKey(ReadOnlySpan<char> key)
    {
        WriteByte(_fieldCount == 0 ? (byte)' ' : (byte)',');
        WriteEscaped(key, EscapeKind.Key);
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

    private void WriteEscaped(ReadOnlySpan<char> text, EscapeKind kind)
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
                // Utf8.FromUtf16 is the transcoder under Encoding.UTF8 without its per-call overhead; invalid
                // surrogates become U+FFFD exactly as Encoding.UTF8 would write them.
                Ensure((plain.Length + 1) * 3);
                Utf8.FromUtf16(plain, _buffer.AsSpan(_length), out _, out var written);
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
