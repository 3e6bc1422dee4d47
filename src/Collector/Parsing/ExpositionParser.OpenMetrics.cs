namespace Supervision.Collector.Parsing;

/// <summary>OpenMetrics 1.0 text: the line grammar (ABNF), metadata and family grouping.</summary>
public sealed partial class ExpositionParser
{
    private ParseError? ParseOpenMetrics(ReadOnlySpan<char> text, ISampleVisitor visitor)
    {
        var lineNumber = 0;
        var offset = 0;
        var sawEof = false;
        if (!text.IsEmpty && text[0] == '\uFEFF')
        {
            return new ParseError(1, ExpositionRule.Utf8, "byte-order mark (OpenMetrics forbids it)");
        }

        while (offset < text.Length)
        {
            lineNumber++;
            var rest = text[offset..];
            var end = rest.IndexOf('\n');
            var line = end < 0 ? rest : rest[..end];
            _lineStart = offset;
            _lineLength = line.Length;
            offset += end < 0 ? rest.Length : end + 1;
            if (sawEof)
            {
                return new ParseError(lineNumber, ExpositionRule.Eof, "content after # EOF");
            }

            if (line.IsEmpty)
            {
                return new ParseError(lineNumber, ExpositionRule.LineSyntax, "empty line (OpenMetrics allows none)");
            }

            if (line is "# EOF")
            {
                sawEof = true;
                if (FinishFamily(_current) is { } finish)
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

        return sawEof ? null : new ParseError(Math.Max(lineNumber, 1), ExpositionRule.Eof, "missing # EOF at the end");
    }

    private ParseError? OpenMetricsDescriptor(ReadOnlySpan<char> line, int lineNumber)
    {
        var kind = line.StartsWith("# HELP ", StringComparison.Ordinal) ? 'H'
            : line.StartsWith("# TYPE ", StringComparison.Ordinal) ? 'T'
            : line.StartsWith("# UNIT ", StringComparison.Ordinal) ? 'U'
            : '\0';
        if (kind == '\0')
        {
            return new ParseError(lineNumber, ExpositionRule.LineSyntax, "only # HELP, # TYPE, # UNIT and # EOF lines may start with '#'");
        }

        var rest = line[7..];
        var nameLength = MetricNameLength(rest);
        if (nameLength == 0)
        {
            return new ParseError(lineNumber, ExpositionRule.MetricName, "descriptor without a valid metric family name");
        }

        var name = rest[..nameLength];
        rest = rest[nameLength..];

        // The grammar puts a space after the name in every descriptor, even before an empty HELP or UNIT.
        if (rest.IsEmpty)
        {
            return new ParseError(lineNumber, ExpositionRule.LineSyntax, "descriptor without a space and a value after the family name");
        }

        if (rest[0] != ' ')
        {
            return new ParseError(lineNumber, ExpositionRule.MetricName, "invalid character in metric family name");
        }

        rest = rest[1..];
        var existing = FindFamily(name);
        int index;
        if (existing >= 0 && existing == _current)
        {
            index = existing;
            if (_families[index].HasSamples && Reject(ExpositionRule.MetadataAfterSamples, lineNumber))
            {
                return new ParseError(lineNumber, ExpositionRule.MetadataAfterSamples, $"metadata for family \"{_families[index].Name}\" after its samples");
            }
        }
        else if (existing >= 0)
        {
            if (Reject(ExpositionRule.FamilyInterleaved, lineNumber))
            {
                return new ParseError(lineNumber, ExpositionRule.FamilyInterleaved, $"family \"{_families[existing].Name}\" appears again after other families (interleaved)");
            }

            index = existing;
            SwitchFamily(index);
        }
        else
        {
            if (FinishFamily(_current) is { } finish)
            {
                return finish;
            }

            index = FamilyFor(name);
            SwitchFamily(index);
            if (Strict && CheckNameClash(index, lineNumber) is { } clash)
            {
                return clash;
            }
        }

        var family = _families[index];
        switch (kind)
        {
            case 'H':
                if (CheckHelpEscapes(rest, openMetrics: true) is { } escapeError)
                {
                    return new ParseError(lineNumber, ExpositionRule.Escape, escapeError + " in HELP");
                }

                if (family.HasHelp && Reject(ExpositionRule.MetadataRepeated, lineNumber))
                {
                    return new ParseError(lineNumber, ExpositionRule.MetadataRepeated, $"second HELP line for family \"{family.Name}\"");
                }

                family.HasHelp = true;
                break;
            case 'T':
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
                    return new ParseError(lineNumber, ExpositionRule.UnknownType, $"unknown metric type \"{rest.ToString()}\"");
                }

                if (family.HasType)
                {
                    if (Reject(ExpositionRule.MetadataRepeated, lineNumber))
                    {
                        return new ParseError(lineNumber, ExpositionRule.MetadataRepeated, $"second TYPE line for family \"{family.Name}\"");
                    }

                    break; // the first TYPE stays in force
                }

                if (family.UnitNonEmpty && type is MetricType.Info or MetricType.StateSet && Reject(ExpositionRule.Unit, lineNumber))
                {
                    return new ParseError(lineNumber, ExpositionRule.Unit, $"a family of type {TypeName(type.Value)} may not have a unit");
                }

                family.Type = type.Value;
                family.HasType = true;
                _families[index] = family;
                if (Strict && CheckNameClash(index, lineNumber) is { } clash)
                {
                    return clash;
                }

                break;
            default:
                if (family.HasUnit && Reject(ExpositionRule.MetadataRepeated, lineNumber))
                {
                    return new ParseError(lineNumber, ExpositionRule.MetadataRepeated, $"second UNIT line for family \"{family.Name}\"");
                }

                if (!rest.IsEmpty && !(family.Name.EndsWith(string.Concat("_", rest), StringComparison.Ordinal)) && Reject(ExpositionRule.Unit, lineNumber))
                {
                    return new ParseError(lineNumber, ExpositionRule.Unit, $"unit \"{rest.ToString()}\" is not a suffix of family name \"{family.Name}\"");
                }

                if (!rest.IsEmpty && family.Type is MetricType.Info or MetricType.StateSet && Reject(ExpositionRule.Unit, lineNumber))
                {
                    return new ParseError(lineNumber, ExpositionRule.Unit, $"a family of type {TypeName(family.Type)} may not have a unit");
                }

                family.HasUnit = true;
                family.UnitNonEmpty |= !rest.IsEmpty;
                break;
        }

        _families[index] = family;
        return null;
    }

    private ParseError? OpenMetricsSample(ReadOnlySpan<char> line, int lineNumber, ISampleVisitor visitor)
    {
        if (ReadNameAndLabels(line, lineNumber, lenient: false, out var name, out var rest, out _) is { } nameError)
        {
            return nameError;
        }

        if (rest.IsEmpty || rest[0] != ' ')
        {
            return new ParseError(lineNumber, ExpositionRule.LineSyntax, "expected a single space and a value after the metric name and labels");
        }

        rest = rest[1..];
        var valueEnd = rest.IndexOf(' ');
        var valueText = valueEnd < 0 ? rest : rest[..valueEnd];
        if (!TryParseValue(valueText, out var value))
        {
            return new ParseError(lineNumber, ExpositionRule.Value, $"expected a number as value, got \"{valueText.ToString()}\"");
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
                return new ParseError(lineNumber, ExpositionRule.Timestamp, $"expected a timestamp in seconds, got \"{tsText.ToString()}\"");
            }

            timestamp = (long)Math.Round(seconds * 1000.0, MidpointRounding.AwayFromZero);
            rest = tsEnd < 0 ? [] : rest[(tsEnd + 1)..];
        }
        else if (valueEnd >= 0 && rest.IsEmpty)
        {
            return new ParseError(lineNumber, ExpositionRule.LineSyntax, "trailing space after the value");
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
            !(family.Type is MetricType.Histogram or MetricType.GaugeHistogram && name.EndsWith("_bucket", StringComparison.Ordinal)) &&
            Reject(ExpositionRule.ExemplarPlacement, lineNumber))
        {
            return new ParseError(lineNumber, ExpositionRule.ExemplarPlacement, "exemplars are allowed only on counter _total and histogram _bucket samples");
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
                return Reject(ExpositionRule.SampleSuffix, lineNumber)
                    ? new ParseError(lineNumber, ExpositionRule.SampleSuffix, $"sample \"{name.ToString()}\" does not fit the {TypeName(family.Type)} family \"{family.Name}\" (wrong suffix)")
                    : null;
            }
        }

        var existing = FindFamily(name);
        if (existing < 0)
        {
            existing = EarlierFamilyOf(name);
        }

        if (existing >= 0)
        {
            if (Reject(ExpositionRule.FamilyInterleaved, lineNumber))
            {
                return new ParseError(lineNumber, ExpositionRule.FamilyInterleaved, $"family \"{_families[existing].Name}\" appears again after other families (interleaved)");
            }

            index = existing;
            SwitchFamily(index);
            return null;
        }

        if (FinishFamily(_current) is { } finish)
        {
            return finish;
        }

        index = FamilyFor(name);
        SwitchFamily(index);
        return Strict ? CheckNameClash(index, lineNumber) : null;
    }

    /// <summary>
    /// The earlier family a suffixed sample name belongs to (<c>a_total</c> of counter <c>a</c>), or -1: such
    /// a sample after another family is an interleaving, not a new untyped family.
    /// </summary>
    private int EarlierFamilyOf(ReadOnlySpan<char> name)
    {
        foreach (var suffix in AllSuffixes)
        {
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal) &&
                FindFamily(name[..^suffix.Length]) is var owner && owner >= 0 &&
                SuffixAllowed(_families[owner], name, out _))
            {
                return owner;
            }
        }

        return -1;
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
            return new ParseError(lineNumber, ExpositionRule.ExemplarSyntax, "unexpected text after the value (an exemplar starts with \" # {\")");
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
            exemplarChars += CodePoints(_scratch.AsSpan(_labels[i].NameStart, _labels[i].NameLength)) +
                CodePoints(_scratch.AsSpan(_labels[i].ValueStart, _labels[i].ValueLength));
        }

        _scratchLength = savedScratch;
        _labelCount = savedLabels;
        if (error is not null)
        {
            return error;
        }

        if (labels.IsEmpty || labels[0] != ' ')
        {
            return new ParseError(lineNumber, ExpositionRule.ExemplarSyntax, "exemplar without a value");
        }

        labels = labels[1..];
        var valueEnd = labels.IndexOf(' ');
        if (!TryParseValue(valueEnd < 0 ? labels : labels[..valueEnd], out _))
        {
            return new ParseError(lineNumber, ExpositionRule.ExemplarSyntax, "exemplar value is not a number");
        }

        if (valueEnd >= 0 && (!TryParseValue(labels[(valueEnd + 1)..], out var ts) || !double.IsFinite(ts)))
        {
            return new ParseError(lineNumber, ExpositionRule.ExemplarSyntax, "exemplar timestamp is not a finite number");
        }

        if (exemplarChars > MaxExemplarLabelChars && Reject(ExpositionRule.ExemplarLength, lineNumber))
        {
            return new ParseError(lineNumber, ExpositionRule.ExemplarLength, $"exemplar label set longer than {MaxExemplarLabelChars} characters");
        }

        return null;
    }

    /// <summary>The limit counts code points, not UTF-16 units: a surrogate pair is one character.</summary>
    private static int CodePoints(ReadOnlySpan<char> text)
    {
        var count = text.Length;
        foreach (var c in text)
        {
            if (char.IsLowSurrogate(c))
            {
                count--;
            }
        }

        return count;
    }
}
