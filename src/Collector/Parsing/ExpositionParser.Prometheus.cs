namespace Supervision.Collector.Parsing;

/// <summary>
/// Prometheus text format 0.0.4, as the reference parser (prometheus/common expfmt, the one promtool's
/// <c>check metrics</c> runs) reads it, with its UTF-8 names: a metric or label name may be quoted
/// (<c>{"name.with.dots","label.x"="v"}</c>, <c># HELP "name.with.dots" …</c>) with the escapes <c>\\ \" \n</c>.
/// </summary>
public sealed partial class ExpositionParser
{
    // Where ParseLabels put a quoted metric name found inside the braces (-1: none yet).
    private int _nameInBracesStart;
    private int _nameInBracesLength = -1;

    private ParseError? ParsePrometheus(ReadOnlySpan<char> text, ISampleVisitor visitor)
    {
        var lineNumber = 0;
        var offset = 0;
        while (offset < text.Length)
        {
            lineNumber++;
            var rest = text[offset..];
            var end = rest.IndexOf('\n');
            var line = end < 0 ? rest : rest[..end];
            _lineStart = offset;
            _lineLength = line.Length;
            offset += end < 0 ? rest.Length : end + 1;
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

            // The reference parser reads a line only up to its newline: a last line without one is cut off.
            if (end < 0 && Reject(ExpositionRule.FinalNewline, lineNumber))
            {
                return new ParseError(lineNumber, ExpositionRule.FinalNewline, "the last line does not end with a newline");
            }
        }

        return null;
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
        if (rest.IsEmpty)
        {
            return null; // "# HELP" alone: an ordinary comment for the reference parser
        }

        ReadOnlySpan<char> name;
        if (rest[0] == '"')
        {
            // A UTF-8 name, quoted as in the labels (# HELP "name.with.dots" text).
            _scratchLength = 0;
            if (ReadQuotedName(ref rest, line, ExpositionRule.MetricName, "metric name", out var start, out var length) is { } quotedError)
            {
                return quotedError;
            }

            name = _scratch.AsSpan(start, length);
        }
        else
        {
            var nameLength = MetricNameLength(rest);
            if (nameLength == 0)
            {
                return new ParseError(line, ExpositionRule.MetricName, $"{keyword.ToString()} line without a valid metric name");
            }

            name = rest[..nameLength];
            rest = rest[nameLength..];
        }

        if (!rest.IsEmpty && rest[0] is not (' ' or '\t'))
        {
            return new ParseError(line, ExpositionRule.MetricName, $"invalid metric name in {keyword.ToString()} line");
        }

        rest = rest.TrimStart(" \t");
        if (rest.IsEmpty)
        {
            return null; // a name and no text: the reference parser sets nothing, so a later HELP or TYPE is not a second one
        }

        var index = FamilyFor(name);
        var family = _families[index];
        if (isHelp)
        {
            if (CheckHelpEscapes(rest, openMetrics: false) is { } escapeError)
            {
                return new ParseError(line, ExpositionRule.Escape, escapeError + " in HELP");
            }

            if (family.HasHelp && Reject(ExpositionRule.MetadataRepeated, line))
            {
                return new ParseError(line, ExpositionRule.MetadataRepeated, $"second HELP line for metric name \"{family.Name}\"");
            }

            family.HasHelp = true;
        }
        else
        {
            var typeText = rest.TrimEnd(" \t");

            // Case-insensitive as the reference parser, compared on the span: no string per TYPE line.
            MetricType? type =
                typeText.Equals("counter", StringComparison.OrdinalIgnoreCase) ? MetricType.Counter
                : typeText.Equals("gauge", StringComparison.OrdinalIgnoreCase) ? MetricType.Gauge
                : typeText.Equals("histogram", StringComparison.OrdinalIgnoreCase) ? MetricType.Histogram
                : typeText.Equals("summary", StringComparison.OrdinalIgnoreCase) ? MetricType.Summary
                : typeText.Equals("untyped", StringComparison.OrdinalIgnoreCase) ? MetricType.Unknown
                : typeText.Equals("gaugehistogram", StringComparison.OrdinalIgnoreCase) ? MetricType.GaugeHistogram
                : typeText.Equals("gauge_histogram", StringComparison.OrdinalIgnoreCase) ? MetricType.GaugeHistogram
                : null;
            if (type is null)
            {
                return new ParseError(line, ExpositionRule.UnknownType, $"unknown metric type \"{typeText.ToString()}\"");
            }

            if (family.HasType || family.HasSamples)
            {
                var rule = family.HasType ? ExpositionRule.MetadataRepeated : ExpositionRule.MetadataAfterSamples;
                if (Reject(rule, line))
                {
                    return new ParseError(line, rule, $"second TYPE line for metric name \"{family.Name}\", or TYPE reported after samples");
                }

                return null; // the first TYPE stays in force
            }

            family.Type = type.Value;
            family.HasType = true;
        }

        _families[index] = family;
        return null;
    }

    private ParseError? PrometheusSample(ReadOnlySpan<char> line, int lineNumber, ISampleVisitor visitor)
    {
        ReadOnlySpan<char> name;
        ReadOnlySpan<char> rest;
        if (line[0] == '{')
        {
            // {"metric.name",label="v"}: a UTF-8 metric name, quoted, anywhere in the label set.
            _scratchLength = 0;
            _labelCount = 0;
            _nameInBracesLength = -1;
            rest = line;
            if (ParseLabels(ref rest, lenient: true, lineNumber, isExemplar: false, nameInBraces: true) is { } labelError)
            {
                return labelError;
            }

            if (_nameInBracesLength < 0)
            {
                return new ParseError(lineNumber, ExpositionRule.MetricName, "invalid metric name: a label set opening the line must hold the quoted metric name");
            }

            name = _scratch.AsSpan(_nameInBracesStart, _nameInBracesLength);
            rest = rest.TrimStart(" \t");
        }
        else
        {
            if (ReadNameAndLabels(line, lineNumber, lenient: true, out name, out rest, out var hasLabels) is { } nameError)
            {
                return nameError;
            }

            if (hasLabels)
            {
                rest = rest.TrimStart(" \t");
            }
            else if (name.Length < line.Length && !rest.IsEmpty && line[name.Length] is not (' ' or '\t'))
            {
                return new ParseError(lineNumber, ExpositionRule.MetricName, $"invalid character '{line[name.Length]}' in metric name");
            }
        }

        var valueEnd = rest.IndexOfAny(' ', '\t');
        var valueText = valueEnd < 0 ? rest : rest[..valueEnd];
        if (valueText.IsEmpty)
        {
            return new ParseError(lineNumber, ExpositionRule.Value, "expected a value after the metric name and labels");
        }

        if (!TryParseValue(valueText, out var value))
        {
            return new ParseError(lineNumber, ExpositionRule.Value, $"expected float as value, got \"{valueText.ToString()}\"");
        }

        long? timestamp = null;
        rest = valueEnd < 0 ? [] : rest[valueEnd..].TrimStart(" \t");
        if (!rest.IsEmpty)
        {
            var tsEnd = rest.IndexOfAny(' ', '\t');
            var tsText = tsEnd < 0 ? rest : rest[..tsEnd];
            if (!long.TryParse(tsText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ts))
            {
                return new ParseError(lineNumber, ExpositionRule.Timestamp, $"expected integer as timestamp, got \"{tsText.ToString()}\"");
            }

            timestamp = ts;
            if (tsEnd >= 0 && !rest[tsEnd..].TrimStart(" \t").IsEmpty)
            {
                return new ParseError(lineNumber, ExpositionRule.LineSyntax, "unexpected text after the timestamp");
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
            TryBase(name, "_bucket", MetricType.GaugeHistogram, out index) ||
            TryBase(name, "_sum", MetricType.GaugeHistogram, out index) || TryBase(name, "_count", MetricType.GaugeHistogram, out index) ||
            TryBase(name, "_sum", MetricType.Summary, out index) || TryBase(name, "_count", MetricType.Summary, out index))
        {
            return index;
        }

        return FamilyFor(name);
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
}
