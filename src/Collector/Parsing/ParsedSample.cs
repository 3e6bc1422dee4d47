namespace Supervision.Collector.Parsing;

/// <summary>
/// One sample as the parser sees it, valid only during the <see cref="ISampleVisitor.OnSample"/> call:
/// every span points into the input or the parser's scratch buffer, so nothing is allocated per sample.
/// Copy what you keep.
/// </summary>
public readonly ref struct ParsedSample
{
    private readonly ReadOnlySpan<char> _scratch;
    private readonly ReadOnlySpan<LabelSlice> _labels;

    internal ParsedSample(
        ReadOnlySpan<char> name, ReadOnlySpan<char> familyName, MetricType type, double value, long? timestampMs,
        ReadOnlySpan<char> scratch, ReadOnlySpan<LabelSlice> labels, int line)
    {
        Name = name;
        FamilyName = familyName;
        Type = type;
        Value = value;
        TimestampMs = timestampMs;
        _scratch = scratch;
        _labels = labels;
        Line = line;
    }

    /// <summary>The sample's metric name as exposed, e.g. <c>http_requests_total</c>.</summary>
    public ReadOnlySpan<char> Name { get; }

    /// <summary>The family it belongs to (the name without <c>_bucket</c>, <c>_total</c>, …).</summary>
    public ReadOnlySpan<char> FamilyName { get; }

    /// <summary>The family's declared type.</summary>
    public MetricType Type { get; }

    /// <summary>The value (NaN and infinities allowed).</summary>
    public double Value { get; }

    /// <summary>The sample's own timestamp in milliseconds since the Unix epoch, when it has one.</summary>
    public long? TimestampMs { get; }

    /// <summary>1-based line of the sample in the input.</summary>
    public int Line { get; }

    /// <summary>Number of labels.</summary>
    public int LabelCount => _labels.Length;

    /// <summary>The name of label <paramref name="index"/>, in input order.</summary>
    public ReadOnlySpan<char> LabelName(int index) => _scratch.Slice(_labels[index].NameStart, _labels[index].NameLength);

    /// <summary>The unescaped value of label <paramref name="index"/>.</summary>
    public ReadOnlySpan<char> LabelValue(int index) => _scratch.Slice(_labels[index].ValueStart, _labels[index].ValueLength);
}

/// <summary>Where a label's name and unescaped value sit in the parser's scratch buffer.</summary>
internal readonly record struct LabelSlice(int NameStart, int NameLength, int ValueStart, int ValueLength);

/// <summary>Receives each sample of a body as it is parsed.</summary>
public interface ISampleVisitor
{
    /// <summary>Called once per sample, in input order.</summary>
    void OnSample(in ParsedSample sample);
}

/// <summary>A rejection: the 1-based line, the rule broken there and what is wrong.</summary>
/// <param name="Line">1-based line number.</param>
/// <param name="Rule">The rule broken.</param>
/// <param name="Message">What is wrong.</param>
public readonly record struct ParseError(int Line, ExpositionRule Rule, string Message)
{
    /// <summary><c>line N: message (rule id)</c>: promtool's shape, plus the rule to look up.</summary>
    public override string ToString() => $"line {Line}: {Printable(Message)} (rule {ExpositionRules.Id(Rule)})";

    // A message quotes the input: a control character there (NUL, CR, …) is shown as \xNN, so that the error stays
    // one line a terminal or a log shows as it is.
    private static string Printable(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                builder.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
