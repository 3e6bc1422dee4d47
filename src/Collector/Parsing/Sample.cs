namespace Supervision.Collector.Parsing;

/// <summary>A materialised sample, for tests, the <c>check</c> verb and other cold paths.</summary>
/// <param name="Name">Metric name as exposed.</param>
/// <param name="Labels">Labels in input order, values unescaped.</param>
/// <param name="Value">The value.</param>
/// <param name="TimestampMs">The sample's own timestamp in ms since the epoch, or null.</param>
/// <param name="Type">The family's type.</param>
/// <param name="Line">1-based line in the input.</param>
public sealed record Sample(
    string Name,
    IReadOnlyList<KeyValuePair<string, string>> Labels,
    double Value,
    long? TimestampMs,
    MetricType Type,
    int Line)
{
    /// <summary>The value of a label, or null.</summary>
    public string? Label(string name)
    {
        foreach (var (key, value) in Labels)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }
}

/// <summary>Collects every sample into a list.</summary>
public sealed class SampleListVisitor : ISampleVisitor
{
    /// <summary>The samples so far.</summary>
    public List<Sample> Samples { get; } = [];

    /// <inheritdoc />
    public void OnSample(in ParsedSample sample)
    {
        var labels = new KeyValuePair<string, string>[sample.LabelCount];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = new(sample.LabelName(i).ToString(), sample.LabelValue(i).ToString());
        }

        Samples.Add(new Sample(sample.Name.ToString(), labels, sample.Value, sample.TimestampMs, sample.Type, sample.Line));
    }
}
