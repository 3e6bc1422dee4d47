namespace Supervision.Core.Influx;

/// <summary>
/// Reads an InfluxDB line-protocol body (what <c>/write</c> receives, e.g. from an InfluxDB subscription) line by line
/// without allocating: each line is split into its series key, fields and timestamp, checked, and handed out as
/// spans. Escaping follows InfluxDB 1.x: a backslash hides the next byte from the scanner, and is dropped only before a
/// character that needs it (comma and space in a measurement; comma, equals sign and space in tag keys, tag values and
/// field keys; double quote and backslash in string field values). Blank lines and <c>#</c> comments are skipped.
/// </summary>
public ref struct LineProtocolReader
{
    private readonly ReadOnlySpan<byte> _body;
    private int _position;

    /// <summary>Reads <paramref name="body"/> from its first line.</summary>
    public LineProtocolReader(ReadOnlySpan<byte> body)
    {
        _body = body;
        _position = 0;
        LineNumber = 0;
    }

    /// <summary>The 1-based number of the line last read (blank and comment lines count).</summary>
    public int LineNumber { get; private set; }

    /// <summary>
    /// Reads the next point. Returns <c>false</c> at the end of the body. A line that is not valid line protocol gives
    /// <c>true</c> with <paramref name="error"/> set (naming what is wrong) and an empty <paramref name="line"/>; the
    /// reader goes on with the next line, so one bad line loses only itself.
    /// </summary>
    public bool TryRead(out LineProtocolLine line, out string? error)
    {
        while (_position < _body.Length)
        {
            var rest = _body[_position..];
            var end = LineEnd(rest);
            var text = rest[..end];
            _position += Math.Min(end + 1, rest.Length);
            LineNumber++;
            text = TrimEnd(TrimStart(text));
            if (text.IsEmpty || text[0] == (byte)'#')
            {
                continue;
            }

            error = Split(text, LineNumber, out line);
            return true;
        }

        line = default;
        error = null;
        return false;
    }

    /// <summary>
    /// The nanoseconds per unit of an InfluxDB <c>precision</c> parameter (1.x: n, u, ms, s, m, h; 2.x: ns, us, ms, s;
    /// empty: ns); false for anything else.
    /// </summary>
    public static bool TryPrecision(string? precision, out long nanosPerUnit)
    {
        nanosPerUnit = precision switch
        {
            null or "" or "n" or "ns" => 1,
            "u" or "us" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => 0,
        };
        return nanosPerUnit > 0;
    }

    /// <summary>Turns an escaped measurement name into text.</summary>
    public static string UnescapeMeasurement(ReadOnlySpan<byte> escaped) => Unescape(escaped, false);

    /// <summary>Turns an escaped tag key, tag value or field key into text.</summary>
    public static string UnescapeKey(ReadOnlySpan<byte> escaped) => Unescape(escaped, true);

    private static string? Split(ReadOnlySpan<byte> text, int number, out LineProtocolLine line)
    {
        line = default;
        var keyEnd = IndexOfUnescaped(text, (byte)' ', quotes: false);
        if (keyEnd <= 0)
        {
            return keyEnd == 0 ? $"line {number}: missing measurement" : $"line {number}: missing fields";
        }

        var key = text[..keyEnd];
        var afterKey = TrimStart(text[(keyEnd + 1)..]);
        var fieldsEnd = IndexOfUnescaped(afterKey, (byte)' ', quotes: true);
        var fields = fieldsEnd < 0 ? afterKey : afterKey[..fieldsEnd];
        var stamp = fieldsEnd < 0 ? [] : TrimStart(afterKey[(fieldsEnd + 1)..]);
        if (fields.IsEmpty)
        {
            return $"line {number}: missing fields";
        }

        var measurementEnd = IndexOfUnescaped(key, (byte)',', quotes: false);
        var measurement = measurementEnd < 0 ? key : key[..measurementEnd];
        if (measurement.IsEmpty)
        {
            return $"line {number}: missing measurement";
        }

        var tags = measurementEnd < 0 ? [] : key[(measurementEnd + 1)..];
        var tagError = CheckTags(tags);
        if (tagError is not null)
        {
            return $"line {number}: {tagError}";
        }

        var fieldError = CheckFields(fields);
        if (fieldError is not null)
        {
            return $"line {number}: {fieldError}";
        }

        long? timestamp = null;
        if (!stamp.IsEmpty)
        {
            if (!long.TryParse(stamp, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ts))
            {
                return $"line {number}: bad timestamp '{System.Text.Encoding.UTF8.GetString(stamp)}'";
            }

            timestamp = ts;
        }

        line = new LineProtocolLine(key, measurement, tags, fields, timestamp, number);
        return null;
    }

    private static string? CheckTags(ReadOnlySpan<byte> tags)
    {
        if (tags.IsEmpty)
        {
            return null;
        }

        var e = new LineProtocolTagEnumerator(tags);
        while (e.MoveNext())
        {
            if (e.Current.Key.IsEmpty || e.Current.Value.IsEmpty)
            {
                return "a tag needs a key and a value";
            }
        }

        return e.Error;
    }

    private static string? CheckFields(ReadOnlySpan<byte> fields)
    {
        var e = new LineProtocolFieldEnumerator(fields);
        while (e.MoveNext())
        {
        }

        return e.Error;
    }

    /// <summary>The end of the line: the first newline outside a quoted string field value.</summary>
    private static int LineEnd(ReadOnlySpan<byte> rest)
    {
        var inFields = false;
        var quoted = false;
        for (var i = 0; i < rest.Length; i++)
        {
            var b = rest[i];
            if (b == (byte)'\\')
            {
                i++;
            }
            else if (b == (byte)'\n' && !quoted)
            {
                return i;
            }
            else if (b == (byte)' ' && !quoted)
            {
                inFields = true;
            }
            else if (b == (byte)'"' && inFields)
            {
                quoted = !quoted;
            }
        }

        return rest.Length;
    }

    internal static int IndexOfUnescaped(ReadOnlySpan<byte> s, byte target, bool quotes)
    {
        var quoted = false;
        for (var i = 0; i < s.Length; i++)
        {
            var b = s[i];
            if (b == (byte)'\\')
            {
                i++;
            }
            else if (quotes && b == (byte)'"')
            {
                quoted = !quoted;
            }
            else if (b == target && !quoted)
            {
                return i;
            }
        }

        return -1;
    }

    private static ReadOnlySpan<byte> TrimStart(ReadOnlySpan<byte> s)
    {
        var i = 0;
        while (i < s.Length && (s[i] == (byte)' ' || s[i] == (byte)'\t' || s[i] == (byte)'\r'))
        {
            i++;
        }

        return s[i..];
    }

    private static ReadOnlySpan<byte> TrimEnd(ReadOnlySpan<byte> s)
    {
        var n = s.Length;
        while (n > 0 && (s[n - 1] == (byte)' ' || s[n - 1] == (byte)'\t' || s[n - 1] == (byte)'\r'))
        {
            n--;
        }

        return s[..n];
    }

    private static string Unescape(ReadOnlySpan<byte> escaped, bool equalsToo)
    {
        if (escaped.IndexOf((byte)'\\') < 0)
        {
            return System.Text.Encoding.UTF8.GetString(escaped);
        }

        Span<byte> buffer = escaped.Length <= 256 ? stackalloc byte[escaped.Length] : new byte[escaped.Length];
        var n = 0;
        for (var i = 0; i < escaped.Length; i++)
        {
            var b = escaped[i];
            if (b == (byte)'\\' && i + 1 < escaped.Length)
            {
                var next = escaped[i + 1];
                if (next == (byte)',' || next == (byte)' ' || (equalsToo && next == (byte)'='))
                {
                    buffer[n++] = next;
                    i++;
                    continue;
                }
            }

            buffer[n++] = b;
        }

        return System.Text.Encoding.UTF8.GetString(buffer[..n]);
    }
}

/// <summary>One point of a line-protocol body, as spans into the body (names still escaped).</summary>
public readonly ref struct LineProtocolLine
{
    internal LineProtocolLine(ReadOnlySpan<byte> seriesKey, ReadOnlySpan<byte> measurement, ReadOnlySpan<byte> tags, ReadOnlySpan<byte> fields, long? timestamp, int number)
    {
        SeriesKey = seriesKey;
        Measurement = measurement;
        Tags = tags;
        Fields = fields;
        Timestamp = timestamp;
        Number = number;
    }

    /// <summary>The measurement and its tags as written (<c>measurement,k=v,k2=v2</c>): the series' identity.</summary>
    public ReadOnlySpan<byte> SeriesKey { get; }

    /// <summary>The escaped measurement name.</summary>
    public ReadOnlySpan<byte> Measurement { get; }

    /// <summary>The escaped tag set after the measurement (empty without tags); enumerate with <see cref="LineProtocolTagEnumerator"/>.</summary>
    public ReadOnlySpan<byte> Tags { get; }

    /// <summary>The field set; enumerate with <see cref="LineProtocolFieldEnumerator"/>.</summary>
    public ReadOnlySpan<byte> Fields { get; }

    /// <summary>The timestamp in the body's precision, or <c>null</c> when the line has none (the server's clock then).</summary>
    public long? Timestamp { get; }

    /// <summary>The 1-based line number in the body.</summary>
    public int Number { get; }
}

/// <summary>One tag: escaped key and value.</summary>
public readonly ref struct LineProtocolTag
{
    internal LineProtocolTag(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        Key = key;
        Value = value;
    }

    /// <summary>The escaped key.</summary>
    public ReadOnlySpan<byte> Key { get; }

    /// <summary>The escaped value.</summary>
    public ReadOnlySpan<byte> Value { get; }
}

/// <summary>Walks a tag set (<c>k=v,k2=v2</c>).</summary>
public ref struct LineProtocolTagEnumerator
{
    private ReadOnlySpan<byte> _rest;
    private bool _done;

    /// <summary>Walks <paramref name="tags"/>.</summary>
    public LineProtocolTagEnumerator(ReadOnlySpan<byte> tags)
    {
        _rest = tags;
        _done = tags.IsEmpty;
        Current = default;
        Error = null;
    }

    /// <summary>The tag last read.</summary>
    public LineProtocolTag Current { get; private set; }

    /// <summary>Why the walk stopped early, or <c>null</c>.</summary>
    public string? Error { get; private set; }

    /// <summary>Moves to the next tag.</summary>
    public bool MoveNext()
    {
        if (_done)
        {
            return false;
        }

        var comma = LineProtocolReader.IndexOfUnescaped(_rest, (byte)',', quotes: false);
        var pair = comma < 0 ? _rest : _rest[..comma];
        _rest = comma < 0 ? [] : _rest[(comma + 1)..];
        _done = comma < 0;
        var equals = LineProtocolReader.IndexOfUnescaped(pair, (byte)'=', quotes: false);
        if (equals < 0)
        {
            Error = "a tag needs a key and a value";
            _done = true;
            return false;
        }

        Current = new LineProtocolTag(pair[..equals], pair[(equals + 1)..]);
        return true;
    }
}

/// <summary>The type of a field value.</summary>
public enum LineProtocolFieldKind
{
    /// <summary>A float (no suffix).</summary>
    Float,

    /// <summary>A signed integer (<c>i</c> suffix).</summary>
    Integer,

    /// <summary>An unsigned integer (<c>u</c> suffix).</summary>
    Unsigned,

    /// <summary>A boolean.</summary>
    Boolean,

    /// <summary>A double-quoted string.</summary>
    String,
}

/// <summary>One field: escaped key, kind and, for numbers and booleans, the value as a double.</summary>
public readonly ref struct LineProtocolField
{
    internal LineProtocolField(ReadOnlySpan<byte> key, LineProtocolFieldKind kind, double number, ReadOnlySpan<byte> raw)
    {
        Key = key;
        Kind = kind;
        Number = number;
        Raw = raw;
    }

    /// <summary>The value as written (a string with its quotes and escapes, a number with its suffix).</summary>
    public ReadOnlySpan<byte> Raw { get; }

    /// <summary>The escaped key.</summary>
    public ReadOnlySpan<byte> Key { get; }

    /// <summary>The value's type.</summary>
    public LineProtocolFieldKind Kind { get; }

    /// <summary>The numeric value (booleans 1 or 0); NaN for strings.</summary>
    public double Number { get; }
}

/// <summary>Walks a field set (<c>k=1,k2=2i,k3="text"</c>), checking each value.</summary>
public ref struct LineProtocolFieldEnumerator
{
    private ReadOnlySpan<byte> _rest;
    private bool _done;

    /// <summary>Walks <paramref name="fields"/>.</summary>
    public LineProtocolFieldEnumerator(ReadOnlySpan<byte> fields)
    {
        _rest = fields;
        _done = fields.IsEmpty;
        Current = default;
        Error = fields.IsEmpty ? "missing fields" : null;
    }

    /// <summary>The field last read.</summary>
    public LineProtocolField Current { get; private set; }

    /// <summary>Why the walk stopped early, or <c>null</c>.</summary>
    public string? Error { get; private set; }

    /// <summary>Moves to the next field.</summary>
    public bool MoveNext()
    {
        if (_done)
        {
            return false;
        }

        var comma = LineProtocolReader.IndexOfUnescaped(_rest, (byte)',', quotes: true);
        var pair = comma < 0 ? _rest : _rest[..comma];
        _rest = comma < 0 ? [] : _rest[(comma + 1)..];
        _done = comma < 0;
        var equals = LineProtocolReader.IndexOfUnescaped(pair, (byte)'=', quotes: false);
        if (equals <= 0 || equals == pair.Length - 1)
        {
            return Fail(equals == 0 ? "a field needs a key" : "a field needs a value");
        }

        var key = pair[..equals];
        var value = pair[(equals + 1)..];
        if (!TryValue(value, out var kind, out var number))
        {
            return Fail($"invalid value for field '{LineProtocolReader.UnescapeKey(key)}'");
        }

        Current = new LineProtocolField(key, kind, number, value);
        return true;
    }

    private bool Fail(string error)
    {
        Error = error;
        _done = true;
        return false;
    }

    private static bool TryValue(ReadOnlySpan<byte> v, out LineProtocolFieldKind kind, out double number)
    {
        number = double.NaN;
        switch (v[0])
        {
            case (byte)'"':
                kind = LineProtocolFieldKind.String;
                return v.Length >= 2 && v[^1] == (byte)'"' && (v.Length == 2 || v[^2] != (byte)'\\' || EndsWithEscapedBackslash(v));
            case (byte)'t' or (byte)'T' or (byte)'f' or (byte)'F':
                kind = LineProtocolFieldKind.Boolean;
                if (v.SequenceEqual("t"u8) || v.SequenceEqual("T"u8) || v.SequenceEqual("true"u8) || v.SequenceEqual("True"u8) || v.SequenceEqual("TRUE"u8))
                {
                    number = 1;
                    return true;
                }

                number = 0;
                return v.SequenceEqual("f"u8) || v.SequenceEqual("F"u8) || v.SequenceEqual("false"u8) || v.SequenceEqual("False"u8) || v.SequenceEqual("FALSE"u8);
        }

        switch (v[^1])
        {
            case (byte)'i':
                kind = LineProtocolFieldKind.Integer;
                if (long.TryParse(v[..^1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    number = l;
                    return true;
                }

                return false;
            case (byte)'u':
                kind = LineProtocolFieldKind.Unsigned;
                if (ulong.TryParse(v[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var u))
                {
                    number = u;
                    return true;
                }

                return false;
            default:
                kind = LineProtocolFieldKind.Float;
                return double.TryParse(v, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out number)
                    && double.IsFinite(number);
        }
    }

    // `"a\\"` ends the string with an escaped backslash; `"a\"` leaves it open.
    private static bool EndsWithEscapedBackslash(ReadOnlySpan<byte> v)
    {
        var n = 0;
        for (var i = v.Length - 2; i >= 1 && v[i] == (byte)'\\'; i--)
        {
            n++;
        }

        return n % 2 == 0;
    }
}
