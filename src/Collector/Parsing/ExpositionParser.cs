namespace Supervision.Collector.Parsing;

/// <summary>
/// Parses Prometheus text 0.0.4 and OpenMetrics 1.0 text and hands every sample to an
/// <see cref="ISampleVisitor"/>. Two modes: <b>strict</b> (no <see cref="ExpositionProblems"/> given; the
/// <c>check</c> verb) stops at the first rule broken, with the 1-based line and the <see cref="ExpositionRule"/>;
/// <b>tolerant</b> (the scrape path) stops only where the body cannot be read (syntax), and records every
/// other rule broken in the given <see cref="ExpositionProblems"/> while storing what can be stored, as
/// Prometheus does. No exceptions on the hot path.
/// </summary>
/// <remarks>
/// One instance per scraping worker: not thread-safe, and it keeps its scratch buffers and the family
/// names it has seen between parses, so a steady fleet parses without allocating (names repeat).
/// The checks that cost per sample beyond a label hash (metric interleaving, timestamp order, name clashes)
/// run only in strict mode.
/// </remarks>
public sealed partial class ExpositionParser
{
    private const int MaxExemplarLabelChars = 128;

    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _familyIndex = new(StringComparer.Ordinal);
    private readonly List<Family> _families = [];
    private char[] _scratch = new char[1024];
    private LabelSlice[] _labels = new LabelSlice[16];
    private int _scratchLength;
    private int _labelCount;
    private int _current = -1;
    private ExpositionProblems? _problems;
    private int _lineStart;
    private int _lineLength;

    private struct Family
    {
        public string Name;
        public MetricType Type;
        public bool HasType;
        public bool HasHelp;
        public bool HasUnit;
        public bool UnitNonEmpty;
        public bool HasSamples;

        // The histogram point being read (OpenMetrics): its label set without le, plus timestamp.
        public bool PointOpen;
        public long Point;
        public int PointLine;
        public bool HasBuckets;
        public double LastLe;
        public double LastBucket;
        public int BucketLine;
        public double InfBucket;
        public bool NegativeLe;
        public bool HasSum;
        public double Sum;
        public bool HasCount;
        public double Count;
    }

    private bool Strict => _problems is null;

    /// <summary>
    /// Parses a whole body; returns null when it can be stored, else the first error. With
    /// <paramref name="problems"/> null every rule is enforced (strict); otherwise the tolerable ones
    /// (<see cref="ExpositionRules.IsTolerable"/>) are recorded there and parsing goes on.
    /// </summary>
    public ParseError? Parse(ReadOnlySpan<char> text, ExpositionFormat format, ISampleVisitor visitor, ExpositionProblems? problems = null)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        _familyIndex.Clear();
        _families.Clear();
        _current = -1;
        _problems = problems;
        problems?.Clear();
        ResetMetricTracking();
        return format == ExpositionFormat.OpenMetrics ? ParseOpenMetrics(text, visitor) : ParsePrometheus(text, visitor);
    }

    /// <summary>Parses strictly and materialises every sample (cold paths: tests, the check verb).</summary>
    public static (List<Sample> Samples, ParseError? Error) ParseToList(string text, ExpositionFormat? format = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var visitor = new SampleListVisitor();
        var error = new ExpositionParser().Parse(text, format ?? ExpositionFormatDetector.FromContent(text), visitor);
        return (visitor.Samples, error);
    }

    /// <summary>
    /// True when <paramref name="rule"/>, broken at <paramref name="line"/>, must stop the parse; false when it
    /// was recorded as a tolerated problem (tolerant mode and a tolerable rule).
    /// </summary>
    private bool Reject(ExpositionRule rule, int line) => Reject(rule, line, _lineStart, _lineLength);

    private bool Reject(ExpositionRule rule, int line, int start, int length)
    {
        if (_problems is null || !ExpositionRules.IsTolerable(rule))
        {
            return true;
        }

        _problems.Record(rule, line, start, length);
        return false;
    }

    private ParseError? Emit(ReadOnlySpan<char> name, int familyIndex, double value, long? timestamp, int lineNumber, ISampleVisitor visitor, bool openMetrics)
    {
        for (var i = 0; i < _labelCount; i++)
        {
            var labelName = LabelName(i);
            for (var j = 0; j < i; j++)
            {
                if (labelName.SequenceEqual(LabelName(j)))
                {
                    return new ParseError(lineNumber, ExpositionRule.DuplicateLabel, $"duplicate label name \"{labelName.ToString()}\"");
                }
            }

            var reserved = openMetrics ? labelName[0] == '_' : labelName is "__name__";
            if (reserved && Reject(ExpositionRule.ReservedLabel, lineNumber))
            {
                return new ParseError(lineNumber, ExpositionRule.ReservedLabel, $"label name \"{labelName.ToString()}\" is reserved");
            }
        }

        var family = _families[familyIndex];
        if (CheckTypeRules(ref family, name, value, timestamp, lineNumber, openMetrics) is { } typeError)
        {
            return typeError;
        }

        if (openMetrics && Strict && TrackMetric(family, timestamp, lineNumber) is { } metricError)
        {
            return metricError;
        }

        family.HasSamples = true;
        _families[familyIndex] = family;
        visitor.OnSample(new ParsedSample(
            name, family.Name, family.Type, value, timestamp,
            _scratch.AsSpan(0, _scratchLength), _labels.AsSpan(0, _labelCount), lineNumber));
        return null;
    }

    /// <summary>
    /// Reads a sample line's metric name and label set (into the scratch buffer); <paramref name="rest"/> starts
    /// after them (Prometheus text, <paramref name="lenient"/>: after the blanks following the name too).
    /// </summary>
    private ParseError? ReadNameAndLabels(
        ReadOnlySpan<char> line, int lineNumber, bool lenient, out ReadOnlySpan<char> name, out ReadOnlySpan<char> rest, out bool hasLabels)
    {
        var nameLength = MetricNameLength(line);
        name = line[..nameLength];
        rest = lenient ? line[nameLength..].TrimStart(" \t") : line[nameLength..];
        hasLabels = false;
        if (nameLength == 0)
        {
            return new ParseError(lineNumber, ExpositionRule.MetricName, $"invalid metric name starting with '{line[0]}'");
        }

        _scratchLength = 0;
        _labelCount = 0;
        if (rest.IsEmpty || rest[0] != '{')
        {
            return null;
        }

        hasLabels = true;
        return ParseLabels(ref rest, lenient, lineNumber, isExemplar: false);
    }

    private long LabelSignature(int except, long? timestamp = null)
    {
        var hash = new HashCode();
        for (var i = 0; i < _labelCount; i++)
        {
            if (i == except)
            {
                continue;
            }

            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(LabelName(i)));
            hash.Add('=');
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(LabelValue(i)));
            hash.Add(',');
        }

        if (timestamp is { } ts)
        {
            hash.Add(ts);
        }

        return hash.ToHashCode();
    }

    private int FindLabel(ReadOnlySpan<char> name)
    {
        for (var i = 0; i < _labelCount; i++)
        {
            if (LabelName(i).SequenceEqual(name))
            {
                return i;
            }
        }

        return -1;
    }

    private ReadOnlySpan<char> LabelName(int i) => _scratch.AsSpan(_labels[i].NameStart, _labels[i].NameLength);

    private ReadOnlySpan<char> LabelValue(int i) => _scratch.AsSpan(_labels[i].ValueStart, _labels[i].ValueLength);

    /// <summary>
    /// Parses <c>{name="value",…}</c>; on success <paramref name="rest"/> starts after the closing brace.
    /// Prometheus text (<paramref name="lenient"/>) allows blanks and a trailing comma and only the escapes
    /// <c>\\ \" \n</c>; OpenMetrics allows neither blank nor trailing comma, and keeps any other escaped
    /// character with its backslash, as its grammar (<c>BS normal-char</c>) and reference parser do.
    /// </summary>
    private ParseError? ParseLabels(ref ReadOnlySpan<char> rest, bool lenient, int lineNumber, bool isExemplar, bool nameInBraces = false)
    {
        var what = isExemplar ? "exemplar label" : "label";
        var syntax = isExemplar ? ExpositionRule.ExemplarSyntax : ExpositionRule.LabelSyntax;
        rest = rest[1..];
        while (true)
        {
            if (lenient)
            {
                rest = rest.TrimStart(" \t");
            }

            if (rest.IsEmpty)
            {
                return new ParseError(lineNumber, syntax, $"unterminated {what} set: expected '}}'");
            }

            if (rest[0] == '}')
            {
                rest = rest[1..];
                return null;
            }

            int nameStart;
            int nameLength;
            if (lenient && rest[0] == '"')
            {
                // Prometheus text's UTF-8 names: a quoted label name, or (line opening with '{') the metric name.
                if (ReadQuotedName(ref rest, lineNumber, syntax, $"{what} name", out nameStart, out nameLength) is { } quotedError)
                {
                    return quotedError;
                }

                var after = rest.TrimStart(" \t");
                if (nameInBraces && !after.IsEmpty && after[0] is ',' or '}')
                {
                    if (_nameInBracesLength >= 0)
                    {
                        return new ParseError(lineNumber, ExpositionRule.MetricName, "multiple metric names in one label set");
                    }

                    (_nameInBracesStart, _nameInBracesLength) = (nameStart, nameLength);
                    rest = after[0] == ',' ? after[1..] : after;
                    continue;
                }
            }
            else
            {
                nameLength = LabelNameLength(rest);
                if (nameLength == 0)
                {
                    return new ParseError(lineNumber, syntax, $"invalid {what} name starting with '{rest[0]}'");
                }

                nameStart = Append(rest[..nameLength]);
                rest = rest[nameLength..];
            }
            if (lenient)
            {
                rest = rest.TrimStart(" \t");
            }

            if (rest.IsEmpty || rest[0] != '=')
            {
                return new ParseError(lineNumber, syntax, $"expected '=' after {what} name \"{_scratch.AsSpan(nameStart, nameLength).ToString()}\"");
            }

            rest = rest[1..];
            if (lenient)
            {
                rest = rest.TrimStart(" \t");
            }

            if (rest.IsEmpty || rest[0] != '"')
            {
                return new ParseError(lineNumber, syntax, $"expected '\"' to start the value of {what} \"{_scratch.AsSpan(nameStart, nameLength).ToString()}\"");
            }

            rest = rest[1..];
            var valueStart = _scratchLength;
            var closed = false;
            for (var i = 0; i < rest.Length; i++)
            {
                var c = rest[i];
                if (c == '"')
                {
                    rest = rest[(i + 1)..];
                    closed = true;
                    break;
                }

                if (c == '\\')
                {
                    if (i + 1 >= rest.Length)
                    {
                        break;
                    }

                    var next = rest[++i];
                    c = next switch
                    {
                        '\\' => '\\',
                        '"' => '"',
                        'n' => '\n',
                        _ => '\0',
                    };
                    if (c == '\0')
                    {
                        if (lenient)
                        {
                            return new ParseError(lineNumber, ExpositionRule.Escape, $"invalid escape sequence '\\{next}' in {what} value");
                        }

                        AppendChar('\\');
                        c = next;
                    }
                }

                AppendChar(c);
            }

            if (!closed)
            {
                return new ParseError(lineNumber, syntax, $"unterminated {what} value (missing closing '\"')");
            }

            AddLabel(new LabelSlice(nameStart, nameLength, valueStart, _scratchLength - valueStart));
            var beforeBlanks = rest.Length;
            if (lenient)
            {
                rest = rest.TrimStart(" \t");
            }

            if (rest.IsEmpty)
            {
                return new ParseError(lineNumber, syntax, $"unterminated {what} set: expected ',' or '}}'");
            }

            if (rest[0] == ',')
            {
                rest = rest[1..];
                if (!lenient && !rest.IsEmpty && rest[0] == '}')
                {
                    return new ParseError(lineNumber, syntax, $"trailing comma in {what} set");
                }

                continue;
            }

            if (rest[0] != '}')
            {
                // Prometheus's scrape parser reads `a="1" b="2"` as two labels; expfmt (and so check) refuses it.
                if (lenient && !isExemplar && rest.Length < beforeBlanks && (char.IsAsciiLetter(rest[0]) || rest[0] is '_' or '"'))
                {
                    if (Reject(ExpositionRule.LabelSeparator, lineNumber))
                    {
                        return new ParseError(lineNumber, ExpositionRule.LabelSeparator, $"expected ',' between labels, got '{rest[0]}'");
                    }

                    continue;
                }

                return new ParseError(lineNumber, syntax, $"expected ',' or '}}' after {what} value, got '{rest[0]}'");
            }
        }
    }

    /// <summary>
    /// Reads a quoted name (<c>"…"</c>, escapes <c>\\ \" \n</c> as expfmt reads them) into the scratch buffer;
    /// <paramref name="rest"/> starts after the closing quote. The name may not be empty, nor end its line unclosed.
    /// </summary>
    private ParseError? ReadQuotedName(ref ReadOnlySpan<char> rest, int lineNumber, ExpositionRule rule, string what, out int start, out int length)
    {
        start = _scratchLength;
        length = 0;
        for (var i = 1; i < rest.Length; i++)
        {
            var c = rest[i];
            if (c == '"')
            {
                length = _scratchLength - start;
                rest = rest[(i + 1)..];
                return length == 0 ? new ParseError(lineNumber, rule, $"invalid {what}: empty") : null;
            }

            if (c == '\\' && i + 1 < rest.Length)
            {
                var next = rest[++i];
                if (next is not ('\\' or '"' or 'n'))
                {
                    return new ParseError(lineNumber, ExpositionRule.Escape, $"invalid escape sequence '\\{next}' in quoted {what}");
                }

                c = next == 'n' ? '\n' : next;
            }

            AppendChar(c);
        }

        return new ParseError(lineNumber, rule, $"quoted {what} not closed on its line (an unescaped newline, or a missing '\"')");
    }

    private int Append(ReadOnlySpan<char> text)
    {
        EnsureScratch(text.Length);
        var start = _scratchLength;
        text.CopyTo(_scratch.AsSpan(start));
        _scratchLength += text.Length;
        return start;
    }

    private void AppendChar(char c)
    {
        EnsureScratch(1);
        _scratch[_scratchLength++] = c;
    }

    private void EnsureScratch(int extra)
    {
        if (_scratchLength + extra > _scratch.Length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchLength + extra));
        }
    }

    private void AddLabel(LabelSlice slice)
    {
        if (_labelCount == _labels.Length)
        {
            Array.Resize(ref _labels, _labels.Length * 2);
        }

        _labels[_labelCount++] = slice;
    }

    private int FindFamily(ReadOnlySpan<char> name) =>
        _familyIndex.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var index) ? index : -1;

    private int FamilyFor(ReadOnlySpan<char> name)
    {
        var found = FindFamily(name);
        if (found >= 0)
        {
            return found;
        }

        var interned = _names.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var existing) ? existing : null;
        if (interned is null)
        {
            interned = name.ToString();
            _names.Add(interned);
        }

        _families.Add(new Family { Name = interned, Type = MetricType.Unknown, InfBucket = double.NaN });
        _familyIndex[interned] = _families.Count - 1;
        return _families.Count - 1;
    }

    private static int MetricNameLength(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || !(char.IsAsciiLetter(text[0]) || text[0] is '_' or ':'))
        {
            return 0;
        }

        var i = 1;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or ':'))
        {
            i++;
        }

        return i;
    }

    private static int LabelNameLength(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || !(char.IsAsciiLetter(text[0]) || text[0] == '_'))
        {
            return 0;
        }

        var i = 1;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }

        return i;
    }

    private static readonly SearchValues<char> FloatChars = SearchValues.Create("0123456789+-.eE");

    /// <summary>Go's ParseFloat as the formats use it: decimal and exponent forms, NaN, ±Inf (case-insensitive).</summary>
    internal static bool TryParseValue(ReadOnlySpan<char> text, out double value)
    {
        if (text.IsEmpty)
        {
            value = 0;
            return false;
        }

        if (text.ContainsAnyExcept(FloatChars))
        {
            var body = text[0] is '+' or '-' ? text[1..] : text;
            if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
            {
                value = text[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
                return true;
            }

            if (text.Equals("nan", StringComparison.OrdinalIgnoreCase))
            {
                value = double.NaN;
                return true;
            }

            value = 0;
            return false;
        }

        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// Checks the escapes of a HELP text: Prometheus text allows <c>\\</c>, <c>\n</c> and <c>\"</c> only (expfmt); OpenMetrics
    /// any escaped character (its grammar's <c>BS normal-char</c>), but no backslash ending the text.
    /// </summary>
    internal static string? CheckHelpEscapes(ReadOnlySpan<char> text, bool openMetrics)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                if (i + 1 >= text.Length)
                {
                    return "dangling backslash";
                }

                var next = text[++i];
                if (!openMetrics && next is not ('\\' or 'n' or '"'))
                {
                    return $"invalid escape sequence '\\{next}'";
                }
            }
        }

        return null;
    }

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.GaugeHistogram => "gaugehistogram",
        MetricType.StateSet => "stateset",
        _ => type.ToString().ToLowerInvariant(),
    };
}
