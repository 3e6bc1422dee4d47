using System.Buffers;
using System.Globalization;

namespace Supervision.Collector.Parsing;

/// <summary>
/// Parses Prometheus text 0.0.4 and OpenMetrics 1.0 text, to the letter of their specifications, and
/// hands every sample to an <see cref="ISampleVisitor"/>. The first rule broken stops the parse with the
/// 1-based line and a message (no exceptions on the hot path).
/// </summary>
/// <remarks>
/// One instance per scraping worker: not thread-safe, and it keeps its scratch buffers and the family
/// names it has seen between parses, so a steady fleet parses without allocating (names repeat).
/// Prometheus text allows a family's samples to be split (the reference parser merges them); OpenMetrics
/// forbids interleaving and this parser rejects it.
/// </remarks>
public sealed class ExpositionParser
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

    private struct Family
    {
        public string Name;
        public MetricType Type;
        public bool HasType;
        public bool HasHelp;
        public bool HasUnit;
        public bool HasSamples;
        public bool BucketOpen;
        public long BucketGroup;
        public double LastLe;
        public double LastBucketValue;
        public int BucketLine;
    }

    /// <summary>Parses a whole body; returns null when valid, else the first error.</summary>
    public ParseError? Parse(ReadOnlySpan<char> text, ExpositionFormat format, ISampleVisitor visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        _familyIndex.Clear();
        _families.Clear();
        _current = -1;
        return format == ExpositionFormat.OpenMetrics ? ParseOpenMetrics(text, visitor) : ParsePrometheus(text, visitor);
    }

    /// <summary>Parses and materialises every sample (cold paths: tests, the check verb).</summary>
    public static (List<Sample> Samples, ParseError? Error) ParseToList(string text, ExpositionFormat? format = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var visitor = new SampleListVisitor();
        var error = new ExpositionParser().Parse(text, format ?? ExpositionFormatDetector.FromContent(text), visitor);
        return (visitor.Samples, error);
    }

    // ---------------------------------------------------------------- Prometheus text 0.0.4

    private ParseError? ParsePrometheus(ReadOnlySpan<char> text, ISampleVisitor visitor)
    {
        var lineNumber = 0;
        while (!text.IsEmpty)
        {
            lineNumber++;
            var end = text.IndexOf('\n');
            var line = end < 0 ? text : text[..end];
            text = end < 0 ? [] : text[(end + 1)..];
            if (line.Length > 0 && line[^1] == '\r')
            {
                line = line[..^1];
            }

            line = line.TrimStart(" \t");
            if (line.IsEmpty)
            {
                continue;
            }

            var error = line[0] == '#'
                ? PrometheusComment(line[1..], lineNumber)
                : PrometheusSample(line, lineNumber, visitor);
            if (error is not null)
            {
                return error;
            }
        }

        return FinishFamily(_current, lineNumber);
    }

    private ParseError? PrometheusComment(ReadOnlySpan<char> rest, int line)
    {
        rest = rest.TrimStart(" \t");
        var keywordEnd = rest.IndexOfAny(' ', '\t');
        var keyword = keywordEnd < 0 ? rest : rest[..keywordEnd];
        var isHelp = keyword is "HELP";
        if (!isHelp && keyword is not "TYPE")
        {
            return null; // an ordinary comment
        }

        rest = keywordEnd < 0 ? [] : rest[keywordEnd..].TrimStart(" \t");
        var nameLength = MetricNameLength(rest);
        if (nameLength == 0)
        {
            return new ParseError(line, $"{keyword.ToString()} line without a valid metric name");
        }

        var name = rest[..nameLength];
        rest = rest[nameLength..];
        if (!rest.IsEmpty && rest[0] is not (' ' or '\t'))
        {
            return new ParseError(line, $"invalid metric name in {keyword.ToString()} line");
        }

        rest = rest.TrimStart(" \t");
        var index = FamilyFor(name, createIfMissing: true);
        var family = _families[index];
        if (isHelp)
        {
            if (family.HasHelp)
            {
                return new ParseError(line, $"second HELP line for metric name \"{family.Name}\"");
            }

            if (Unescape(rest, allowQuote: false, out _) is { } escapeError)
            {
                return new ParseError(line, escapeError + " in HELP");
            }

            family.HasHelp = true;
        }
        else
        {
            var typeText = rest.TrimEnd(" \t");
            if (family.HasType || family.HasSamples)
            {
                return new ParseError(line, $"second TYPE line for metric name \"{family.Name}\", or TYPE reported after samples");
            }

            // Case-insensitive as the reference parser, compared on the span: no string per TYPE line.
            MetricType? type =
                typeText.Equals("counter", StringComparison.OrdinalIgnoreCase) ? MetricType.Counter
                : typeText.Equals("gauge", StringComparison.OrdinalIgnoreCase) ? MetricType.Gauge
                : typeText.Equals("histogram", StringComparison.OrdinalIgnoreCase) ? MetricType.Histogram
                : typeText.Equals("summary", StringComparison.OrdinalIgnoreCase) ? MetricType.Summary
                : typeText.Equals("untyped", StringComparison.OrdinalIgnoreCase) ? MetricType.Unknown
                : null;
            if (type is null)
            {
                return new ParseError(line, $"unknown metric type \"{typeText.ToString()}\"");
            }

            family.Type = type.Value;
            family.HasType = true;
        }

        _families[index] = family;
        return null;
    }

    private ParseError? PrometheusSample(ReadOnlySpan<char> line, int lineNumber, ISampleVisitor visitor)
    {
        var nameLength = MetricNameLength(line);
        if (nameLength == 0)
        {
            return new ParseError(lineNumber, $"invalid metric name starting with '{line[0]}'");
        }

        var name = line[..nameLength];
        var rest = line[nameLength..].TrimStart(" \t");
        _scratchLength = 0;
        _labelCount = 0;
        if (!rest.IsEmpty && rest[0] == '{')
        {
            if (ParseLabels(ref rest, lenient: true, lineNumber, isExemplar: false) is { } labelError)
            {
                return labelError;
            }

            rest = rest.TrimStart(" \t");
        }
        else if (nameLength < line.Length && !rest.IsEmpty && line[nameLength] is not (' ' or '\t'))
        {
            return new ParseError(lineNumber, $"invalid character '{line[nameLength]}' in metric name");
        }

        var valueEnd = rest.IndexOfAny(' ', '\t');
        var valueText = valueEnd < 0 ? rest : rest[..valueEnd];
        if (valueText.IsEmpty)
        {
            return new ParseError(lineNumber, "expected a value after the metric name and labels");
        }

        if (!TryParseValue(valueText, out var value))
        {
            return new ParseError(lineNumber, $"expected float as value, got \"{valueText.ToString()}\"");
        }

        long? timestamp = null;
        rest = valueEnd < 0 ? [] : rest[valueEnd..].TrimStart(" \t");
        if (!rest.IsEmpty)
        {
            var tsEnd = rest.IndexOfAny(' ', '\t');
            var tsText = tsEnd < 0 ? rest : rest[..tsEnd];
            if (!long.TryParse(tsText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ts))
            {
                return new ParseError(lineNumber, $"expected integer as timestamp, got \"{tsText.ToString()}\"");
            }

            timestamp = ts;
            if (tsEnd >= 0 && !rest[tsEnd..].TrimStart(" \t").IsEmpty)
            {
                return new ParseError(lineNumber, "unexpected text after the timestamp");
            }
        }

        var familyIndex = ResolvePrometheusFamily(name);
        return Emit(name, familyIndex, value, timestamp, lineNumber, visitor, openMetrics: false);
    }

    private int ResolvePrometheusFamily(ReadOnlySpan<char> name)
    {
        if (FindFamily(name) is var exact && exact >= 0)
        {
            return exact;
        }

        if (TryBase(name, "_bucket", MetricType.Histogram, out var index) ||
            TryBase(name, "_sum", MetricType.Histogram, out index) || TryBase(name, "_count", MetricType.Histogram, out index) ||
            TryBase(name, "_sum", MetricType.Summary, out index) || TryBase(name, "_count", MetricType.Summary, out index))
        {
            return index;
        }

        return FamilyFor(name, createIfMissing: true);
    }

    private bool TryBase(ReadOnlySpan<char> name, string suffix, MetricType type, out int index)
    {
        index = -1;
        if (!name.EndsWith(suffix, StringComparison.Ordinal))
        {
            return false;
        }

        var candidate = FindFamily(name[..^suffix.Length]);
        if (candidate >= 0 && _families[candidate].Type == type)
        {
            index = candidate;
            return true;
        }

        return false;
    }

    // ---------------------------------------------------------------- OpenMetrics 1.0

    private ParseError? ParseOpenMetrics(ReadOnlySpan<char> text, ISampleVisitor visitor)
    {
        var lineNumber = 0;
        var sawEof = false;
        while (!text.IsEmpty)
        {
            lineNumber++;
            var end = text.IndexOf('\n');
            var line = end < 0 ? text : text[..end];
            text = end < 0 ? [] : text[(end + 1)..];
            if (sawEof)
            {
                return new ParseError(lineNumber, "content after # EOF");
            }

            if (line.IsEmpty)
            {
                return new ParseError(lineNumber, "empty line (OpenMetrics allows none)");
            }

            if (line is "# EOF")
            {
                sawEof = true;
                if (FinishFamily(_current, lineNumber) is { } finish)
                {
                    return finish;
                }

                continue;
            }

            var error = line[0] == '#'
                ? OpenMetricsDescriptor(line, lineNumber)
                : OpenMetricsSample(line, lineNumber, visitor);
            if (error is not null)
            {
                return error;
            }
        }

        return sawEof ? null : new ParseError(Math.Max(lineNumber, 1), "missing # EOF at the end");
    }

    private ParseError? OpenMetricsDescriptor(ReadOnlySpan<char> line, int lineNumber)
    {
        var kind = line.StartsWith("# HELP ", StringComparison.Ordinal) ? 'H'
            : line.StartsWith("# TYPE ", StringComparison.Ordinal) ? 'T'
            : line.StartsWith("# UNIT ", StringComparison.Ordinal) ? 'U'
            : '\0';
        if (kind == '\0')
        {
            return new ParseError(lineNumber, "only # HELP, # TYPE, # UNIT and # EOF lines may start with '#'");
        }

        var rest = line[7..];
        var nameLength = MetricNameLength(rest);
        if (nameLength == 0)
        {
            return new ParseError(lineNumber, "descriptor without a valid metric family name");
        }

        var name = rest[..nameLength];
        rest = rest[nameLength..];
        if (rest.IsEmpty && kind != 'U' && kind != 'H')
        {
            return new ParseError(lineNumber, "TYPE line without a type");
        }

        if (!rest.IsEmpty)
        {
            if (rest[0] != ' ')
            {
                return new ParseError(lineNumber, "invalid character in metric family name");
            }

            rest = rest[1..];
        }

        var existing = FindFamily(name);
        int index;
        if (existing >= 0 && existing == _current)
        {
            index = existing;
            if (_families[index].HasSamples)
            {
                return new ParseError(lineNumber, $"metadata for family \"{_families[index].Name}\" after its samples");
            }
        }
        else if (existing >= 0)
        {
            return new ParseError(lineNumber, $"family \"{_families[existing].Name}\" appears again after other families (interleaved)");
        }
        else
        {
            if (FinishFamily(_current, lineNumber) is { } finish)
            {
                return finish;
            }

            index = FamilyFor(name, createIfMissing: true);
            _current = index;
        }

        var family = _families[index];
        switch (kind)
        {
            case 'H':
                if (family.HasHelp)
                {
                    return new ParseError(lineNumber, $"second HELP line for family \"{family.Name}\"");
                }

                if (Unescape(rest, allowQuote: true, out _) is { } escapeError)
                {
                    return new ParseError(lineNumber, escapeError + " in HELP");
                }

                family.HasHelp = true;
                break;
            case 'T':
                if (family.HasType)
                {
                    return new ParseError(lineNumber, $"second TYPE line for family \"{family.Name}\"");
                }

                MetricType? type = rest switch
                {
                    "counter" => MetricType.Counter,
                    "gauge" => MetricType.Gauge,
                    "histogram" => MetricType.Histogram,
                    "gaugehistogram" => MetricType.GaugeHistogram,
                    "summary" => MetricType.Summary,
                    "info" => MetricType.Info,
                    "stateset" => MetricType.StateSet,
                    "unknown" => MetricType.Unknown,
                    _ => null,
                };
                if (type is null)
                {
                    return new ParseError(lineNumber, $"unknown metric type \"{rest.ToString()}\"");
                }

                family.Type = type.Value;
                family.HasType = true;
                break;
            default:
                if (family.HasUnit)
                {
                    return new ParseError(lineNumber, $"second UNIT line for family \"{family.Name}\"");
                }

                if (!rest.IsEmpty && !(family.Name.EndsWith(string.Concat("_", rest), StringComparison.Ordinal)))
                {
                    return new ParseError(lineNumber, $"unit \"{rest.ToString()}\" is not a suffix of family name \"{family.Name}\"");
                }

                family.HasUnit = true;
                break;
        }

        _families[index] = family;
        return null;
    }

    private ParseError? OpenMetricsSample(ReadOnlySpan<char> line, int lineNumber, ISampleVisitor visitor)
    {
        var nameLength = MetricNameLength(line);
        if (nameLength == 0)
        {
            return new ParseError(lineNumber, $"invalid metric name starting with '{line[0]}'");
        }

        var name = line[..nameLength];
        var rest = line[nameLength..];
        _scratchLength = 0;
        _labelCount = 0;
        if (!rest.IsEmpty && rest[0] == '{')
        {
            if (ParseLabels(ref rest, lenient: false, lineNumber, isExemplar: false) is { } labelError)
            {
                return labelError;
            }
        }

        if (rest.IsEmpty || rest[0] != ' ')
        {
            return new ParseError(lineNumber, "expected a single space and a value after the metric name and labels");
        }

        rest = rest[1..];
        var valueEnd = rest.IndexOf(' ');
        var valueText = valueEnd < 0 ? rest : rest[..valueEnd];
        if (!TryParseValue(valueText, out var value))
        {
            return new ParseError(lineNumber, $"expected a number as value, got \"{valueText.ToString()}\"");
        }

        rest = valueEnd < 0 ? [] : rest[(valueEnd + 1)..];
        long? timestamp = null;
        var hasExemplar = false;
        if (!rest.IsEmpty && rest[0] != '#')
        {
            var tsEnd = rest.IndexOf(' ');
            var tsText = tsEnd < 0 ? rest : rest[..tsEnd];
            if (!TryParseValue(tsText, out var seconds) || !double.IsFinite(seconds))
            {
                return new ParseError(lineNumber, $"expected a timestamp in seconds, got \"{tsText.ToString()}\"");
            }

            timestamp = (long)Math.Round(seconds * 1000.0, MidpointRounding.AwayFromZero);
            rest = tsEnd < 0 ? [] : rest[(tsEnd + 1)..];
        }
        else if (valueEnd >= 0 && rest.IsEmpty)
        {
            return new ParseError(lineNumber, "trailing space after the value");
        }

        if (!rest.IsEmpty)
        {
            if (ValidateExemplar(rest, lineNumber) is { } exemplarError)
            {
                return exemplarError;
            }

            hasExemplar = true;
        }

        var resolved = ResolveOpenMetricsFamily(name, lineNumber, out var familyIndex);
        if (resolved is not null)
        {
            return resolved;
        }

        var family = _families[familyIndex];
        if (hasExemplar && !(family.Type == MetricType.Counter && name.EndsWith("_total", StringComparison.Ordinal)) &&
            !(family.Type is MetricType.Histogram or MetricType.GaugeHistogram && name.EndsWith("_bucket", StringComparison.Ordinal)))
        {
            return new ParseError(lineNumber, "exemplars are allowed only on counter _total and histogram _bucket samples");
        }

        if (family.Type == MetricType.Counter && name.EndsWith("_total", StringComparison.Ordinal) && (double.IsNaN(value) || value < 0))
        {
            return new ParseError(lineNumber, "a counter total must be a non-negative number");
        }

        return Emit(name, familyIndex, value, timestamp, lineNumber, visitor, openMetrics: true);
    }

    private ParseError? ResolveOpenMetricsFamily(ReadOnlySpan<char> name, int lineNumber, out int index)
    {
        index = _current;
        if (_current >= 0)
        {
            var family = _families[_current];
            if (SuffixAllowed(family, name, out var isBareButNotAllowed))
            {
                return null;
            }

            if (isBareButNotAllowed)
            {
                return new ParseError(lineNumber, $"sample \"{name.ToString()}\" does not fit the {TypeName(family.Type)} family \"{family.Name}\" (wrong suffix)");
            }
        }

        var existing = FindFamily(name);
        if (existing >= 0)
        {
            return new ParseError(lineNumber, $"family \"{_families[existing].Name}\" appears again after other families (interleaved)");
        }

        if (FinishFamily(_current, lineNumber) is { } finish)
        {
            return finish;
        }

        index = FamilyFor(name, createIfMissing: true);
        _current = index;
        return null;
    }

    private static bool SuffixAllowed(in Family family, ReadOnlySpan<char> name, out bool bareNotAllowed)
    {
        bareNotAllowed = false;
        if (!name.StartsWith(family.Name, StringComparison.Ordinal))
        {
            return false;
        }

        var suffix = name[family.Name.Length..];
        var ok = family.Type switch
        {
            MetricType.Counter => suffix is "_total" or "_created",
            MetricType.Histogram => suffix is "_bucket" or "_count" or "_sum" or "_created",
            MetricType.GaugeHistogram => suffix is "_bucket" or "_gcount" or "_gsum",
            MetricType.Summary => suffix is "" or "_count" or "_sum" or "_created",
            MetricType.Info => suffix is "_info",
            _ => suffix.IsEmpty,
        };
        bareNotAllowed = !ok && suffix.IsEmpty;
        return ok;
    }

    private ParseError? ValidateExemplar(ReadOnlySpan<char> rest, int lineNumber)
    {
        if (!rest.StartsWith("# {", StringComparison.Ordinal))
        {
            return new ParseError(lineNumber, "unexpected text after the value (an exemplar starts with \" # {\")");
        }

        // Exemplar labels go into the scratch buffer after the sample's, then are dropped: the collector
        // does not store exemplars, but a malformed one must still reject the body.
        var savedScratch = _scratchLength;
        var savedLabels = _labelCount;
        var labels = rest[2..];
        var error = ParseLabels(ref labels, lenient: false, lineNumber, isExemplar: true);
        var exemplarChars = 0;
        for (var i = savedLabels; i < _labelCount; i++)
        {
            exemplarChars += _labels[i].NameLength + _labels[i].ValueLength;
        }

        _scratchLength = savedScratch;
        _labelCount = savedLabels;
        if (error is not null)
        {
            return error;
        }

        if (exemplarChars > MaxExemplarLabelChars)
        {
            return new ParseError(lineNumber, $"exemplar label set longer than {MaxExemplarLabelChars} characters");
        }

        if (labels.IsEmpty || labels[0] != ' ')
        {
            return new ParseError(lineNumber, "exemplar without a value");
        }

        labels = labels[1..];
        var valueEnd = labels.IndexOf(' ');
        if (!TryParseValue(valueEnd < 0 ? labels : labels[..valueEnd], out _))
        {
            return new ParseError(lineNumber, "exemplar value is not a number");
        }

        if (valueEnd >= 0 && !TryParseValue(labels[(valueEnd + 1)..], out _))
        {
            return new ParseError(lineNumber, "exemplar timestamp is not a number");
        }

        return null;
    }

    // ---------------------------------------------------------------- shared

    private ParseError? Emit(ReadOnlySpan<char> name, int familyIndex, double value, long? timestamp, int lineNumber, ISampleVisitor visitor, bool openMetrics)
    {
        var family = _families[familyIndex];
        for (var i = 0; i < _labelCount; i++)
        {
            var labelName = LabelName(i);
            for (var j = 0; j < i; j++)
            {
                if (labelName.SequenceEqual(LabelName(j)))
                {
                    return new ParseError(lineNumber, $"duplicate label name \"{labelName.ToString()}\"");
                }
            }
        }

        if (family.Type is MetricType.Histogram or MetricType.GaugeHistogram)
        {
            if (CheckBucket(ref family, name, value, lineNumber, openMetrics) is { } bucketError)
            {
                return bucketError;
            }
        }
        else if (family.Type == MetricType.Summary && name.Length == family.Name.Length)
        {
            var quantile = FindLabel("quantile");
            if (quantile < 0 || !TryParseValue(LabelValue(quantile), out var q))
            {
                return new ParseError(lineNumber, "summary sample without a valid quantile label");
            }

            if (openMetrics && (q < 0 || q > 1 || double.IsNaN(q)))
            {
                return new ParseError(lineNumber, $"quantile {q.ToString(CultureInfo.InvariantCulture)} is outside [0, 1]");
            }
        }

        family.HasSamples = true;
        _families[familyIndex] = family;
        visitor.OnSample(new ParsedSample(
            name, family.Name, family.Type, value, timestamp,
            _scratch.AsSpan(0, _scratchLength), _labels.AsSpan(0, _labelCount), lineNumber));
        return null;
    }

    private ParseError? CheckBucket(ref Family family, ReadOnlySpan<char> name, double value, int lineNumber, bool openMetrics)
    {
        var isBucket = name.Length == family.Name.Length + 7 && name.EndsWith("_bucket", StringComparison.Ordinal);
        if (!isBucket)
        {
            if (openMetrics && family.BucketOpen)
            {
                if (CloseBuckets(ref family, lineNumber) is { } closeError)
                {
                    return closeError;
                }
            }

            return null;
        }

        var le = FindLabel("le");
        if (le < 0 || !TryParseValue(LabelValue(le), out var bound) || double.IsNaN(bound))
        {
            return new ParseError(lineNumber, "histogram bucket without a valid le label");
        }

        if (!openMetrics)
        {
            return null;
        }

        if (double.IsNaN(value) || value < 0)
        {
            return new ParseError(lineNumber, "a bucket count must be a non-negative number");
        }

        var group = LabelSignature(except: le);
        if (family.BucketOpen && family.BucketGroup == group)
        {
            if (bound <= family.LastLe)
            {
                return new ParseError(lineNumber, "histogram buckets must be in increasing le order");
            }

            if (value < family.LastBucketValue)
            {
                return new ParseError(lineNumber, "histogram bucket counts must not decrease as le grows");
            }
        }
        else if (family.BucketOpen && CloseBuckets(ref family, lineNumber) is { } closeError)
        {
            return closeError;
        }

        family.BucketOpen = true;
        family.BucketGroup = group;
        family.LastLe = bound;
        family.LastBucketValue = value;
        family.BucketLine = lineNumber;
        return null;
    }

    private static ParseError? CloseBuckets(ref Family family, int lineNumber)
    {
        family.BucketOpen = false;
        return double.IsPositiveInfinity(family.LastLe)
            ? null
            : new ParseError(Math.Min(lineNumber, family.BucketLine), $"histogram \"{family.Name}\" has no +Inf bucket");
    }

    private ParseError? FinishFamily(int index, int lineNumber)
    {
        if (index < 0)
        {
            return null;
        }

        var family = _families[index];
        if (family.BucketOpen && family.Type is MetricType.Histogram or MetricType.GaugeHistogram)
        {
            var error = CloseBuckets(ref family, lineNumber);
            _families[index] = family;
            return error;
        }

        return null;
    }

    private long LabelSignature(int except)
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

        return hash.ToHashCode();
    }

    private int FindLabel(string name)
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

    /// <summary>Parses <c>{name="value",…}</c>; on success <paramref name="rest"/> starts after the closing brace.</summary>
    private ParseError? ParseLabels(ref ReadOnlySpan<char> rest, bool lenient, int lineNumber, bool isExemplar)
    {
        var what = isExemplar ? "exemplar label" : "label";
        rest = rest[1..];
        while (true)
        {
            if (lenient)
            {
                rest = rest.TrimStart(" \t");
            }

            if (rest.IsEmpty)
            {
                return new ParseError(lineNumber, $"unterminated {what} set: expected '}}'");
            }

            if (rest[0] == '}')
            {
                rest = rest[1..];
                return null;
            }

            var nameLength = LabelNameLength(rest);
            if (nameLength == 0)
            {
                return new ParseError(lineNumber, $"invalid {what} name starting with '{rest[0]}'");
            }

            var nameStart = Append(rest[..nameLength]);
            rest = rest[nameLength..];
            if (lenient)
            {
                rest = rest.TrimStart(" \t");
            }

            if (rest.IsEmpty || rest[0] != '=')
            {
                return new ParseError(lineNumber, $"expected '=' after {what} name \"{_scratch.AsSpan(nameStart, nameLength).ToString()}\"");
            }

            rest = rest[1..];
            if (lenient)
            {
                rest = rest.TrimStart(" \t");
            }

            if (rest.IsEmpty || rest[0] != '"')
            {
                return new ParseError(lineNumber, $"expected '\"' to start the value of {what} \"{_scratch.AsSpan(nameStart, nameLength).ToString()}\"");
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
                        return new ParseError(lineNumber, $"invalid escape sequence '\\{next}' in {what} value");
                    }
                }

                AppendChar(c);
            }

            if (!closed)
            {
                return new ParseError(lineNumber, $"unterminated {what} value (missing closing '\"')");
            }

            AddLabel(new LabelSlice(nameStart, nameLength, valueStart, _scratchLength - valueStart));
            if (lenient)
            {
                rest = rest.TrimStart(" \t");
            }

            if (rest.IsEmpty)
            {
                return new ParseError(lineNumber, $"unterminated {what} set: expected ',' or '}}'");
            }

            if (rest[0] == ',')
            {
                rest = rest[1..];
                if (!lenient && !rest.IsEmpty && rest[0] == '}')
                {
                    return new ParseError(lineNumber, $"trailing comma in {what} set");
                }

                continue;
            }

            if (rest[0] != '}')
            {
                return new ParseError(lineNumber, $"expected ',' or '}}' after {what} value, got '{rest[0]}'");
            }
        }
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

    private int FamilyFor(ReadOnlySpan<char> name, bool createIfMissing)
    {
        var found = FindFamily(name);
        if (found >= 0 || !createIfMissing)
        {
            return found;
        }

        var interned = _names.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var existing) ? existing : null;
        if (interned is null)
        {
            interned = name.ToString();
            _names.Add(interned);
        }

        _families.Add(new Family { Name = interned, Type = MetricType.Unknown });
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

    /// <summary>Checks the escapes of a HELP text (<c>\\</c>, <c>\n</c>, and in OpenMetrics <c>\"</c>).</summary>
    internal static string? Unescape(ReadOnlySpan<char> text, bool allowQuote, out int length)
    {
        length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                if (i + 1 >= text.Length)
                {
                    return "dangling backslash";
                }

                var next = text[++i];
                if (next is not ('\\' or 'n') && !(allowQuote && next == '"'))
                {
                    return $"invalid escape sequence '\\{next}'";
                }
            }

            length++;
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
