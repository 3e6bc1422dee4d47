namespace Supervision.Collector.Parsing;

/// <summary>
/// A rule of the exposition formats (OpenMetrics 1.0, Prometheus text 0.0.4) that a body can break. Every
/// rejection names one, and the scrape path counts the ones it tolerates per target and rule, so the set is
/// closed and small on purpose: it is a metric label (bounded cardinality).
/// </summary>
public enum ExpositionRule
{
    /// <summary>Line structure: spaces, blank lines, stray comments, text where none may be.</summary>
    LineSyntax,

    /// <summary>Metric or family name syntax.</summary>
    MetricName,

    /// <summary>Label set syntax: names, '=', quotes, commas, braces.</summary>
    LabelSyntax,

    /// <summary>An escape sequence the format does not define.</summary>
    Escape,

    /// <summary>A value that is not a number of the format.</summary>
    Value,

    /// <summary>A timestamp that is not a number of the format.</summary>
    Timestamp,

    /// <summary>An unknown <c># TYPE</c>.</summary>
    UnknownType,

    /// <summary><c># EOF</c> missing or followed by text (OpenMetrics).</summary>
    Eof,

    /// <summary>Invalid UTF-8, or a byte-order mark.</summary>
    Utf8,

    /// <summary>Exemplar syntax, or an exemplar timestamp that is not finite.</summary>
    ExemplarSyntax,

    /// <summary>The same label name twice in a label set.</summary>
    DuplicateLabel,

    /// <summary>A label name the format reserves (<c>__name__</c>; in OpenMetrics any leading underscore).</summary>
    ReservedLabel,

    /// <summary>A second HELP, TYPE or UNIT line for a family.</summary>
    MetadataRepeated,

    /// <summary>Metadata after the family's samples.</summary>
    MetadataAfterSamples,

    /// <summary>A family's lines split by another family (OpenMetrics).</summary>
    FamilyInterleaved,

    /// <summary>A family whose sample names could clash with another family's (OpenMetrics).</summary>
    NameClash,

    /// <summary>A sample name whose suffix does not fit its family's type (OpenMetrics).</summary>
    SampleSuffix,

    /// <summary>A unit that is not the family name's suffix, or a unit on an info or stateset family.</summary>
    Unit,

    /// <summary>A counter total that is NaN or negative.</summary>
    CounterValue,

    /// <summary>A histogram bucket without a valid <c>le</c>, or an infinite <c>le</c> not written <c>+Inf</c>.</summary>
    HistogramLe,

    /// <summary>Buckets out of order, decreasing, negative, fractional, or without a <c>+Inf</c> bucket.</summary>
    HistogramBuckets,

    /// <summary>Sum and count of a histogram: both or neither, count equal to the +Inf bucket, valid values.</summary>
    HistogramSumCount,

    /// <summary>A summary quantile sample without a valid <c>quantile</c> label in [0, 1].</summary>
    SummaryQuantile,

    /// <summary>A summary quantile value, sum or count that is negative or NaN where the format forbids it.</summary>
    SummaryValue,

    /// <summary>A stateset sample without its state label, or a value other than 0 or 1.</summary>
    StateSet,

    /// <summary>An info sample whose value is not 1.</summary>
    InfoValue,

    /// <summary>An exemplar on a sample that may not carry one.</summary>
    ExemplarPlacement,

    /// <summary>An exemplar label set longer than 128 characters.</summary>
    ExemplarLength,

    /// <summary>A metric's samples split by another metric of the family (OpenMetrics).</summary>
    MetricInterleaved,

    /// <summary>A metric's timestamps going backwards, or some samples with a timestamp and some without.</summary>
    TimestampOrder,

    /// <summary>The last line is not ended by a newline (Prometheus text).</summary>
    FinalNewline,

    /// <summary>Two labels without a comma between them (Prometheus text: its scrape parser reads them, expfmt does not).</summary>
    LabelSeparator,
}

/// <summary>Names and kinds of <see cref="ExpositionRule"/>s.</summary>
public static class ExpositionRules
{
    private static readonly string[] Ids = Enum.GetValues<ExpositionRule>().Select(ToKebab).ToArray();

    /// <summary>Number of rules.</summary>
    public static int Count => Ids.Length;

    /// <summary>The stable id of a rule, as printed by <c>check</c> and used as a metric label: <c>counter-value</c>.</summary>
    public static string Id(ExpositionRule rule) => Ids[(int)rule];

    /// <summary>The rule with id <paramref name="id"/>, if any.</summary>
    public static ExpositionRule? FromId(string id)
    {
        var index = Array.IndexOf(Ids, id);
        return index < 0 ? null : (ExpositionRule)index;
    }

    /// <summary>
    /// True when a body breaking the rule can still be stored sample by sample (the scrape path counts the
    /// problem and goes on, as Prometheus does); false when the body cannot be read at all (the scrape fails).
    /// </summary>
    public static bool IsTolerable(ExpositionRule rule) => rule > ExpositionRule.DuplicateLabel;

    private static string ToKebab(ExpositionRule rule)
    {
        var name = rule.ToString();
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
