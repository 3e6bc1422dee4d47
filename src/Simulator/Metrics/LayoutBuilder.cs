using System.Text;

namespace Supervision.Simulator.Metrics;

/// <summary>
/// Declares metric families in order and compiles them into a <see cref="MetricLayout"/> for one
/// format. Names follow docs/storage.md (counters end in <c>_total</c>); the OpenMetrics family name
/// drops that suffix and every counter, histogram and summary gets a <c>_created</c> line.
/// </summary>
public sealed class LayoutBuilder
{
    private readonly ExpositionFormat _format;
    private readonly string _created;
    private readonly List<byte[]> _prefixes = [];
    private readonly List<string> _names = [];
    private readonly StringBuilder _pending = new();

    /// <summary>Starts a layout; <paramref name="createdUnixSeconds"/> is when every counter started.</summary>
    public LayoutBuilder(ExpositionFormat format, long createdUnixSeconds)
    {
        _format = format;
        _created = createdUnixSeconds.ToString(CultureInfo.InvariantCulture) + ".0";
    }

    private bool Om => _format == ExpositionFormat.OpenMetrics;

    /// <summary>A counter (name ends in <c>_total</c>), one series per label set (e.g. <c>procedure="1.000894"</c>, or empty).</summary>
    public LayoutBuilder Counter(string name, string help, params string[] labelSets)
    {
        if (!name.EndsWith("_total", StringComparison.Ordinal))
        {
            throw new ArgumentException($"counter {name} must end in _total", nameof(name));
        }

        var family = Om ? name[..^"_total".Length] : name;
        Header(family, "counter", help, null);
        foreach (var labels in labelSets)
        {
            Sample(name, labels);
            Created(family, labels);
        }

        return this;
    }

    /// <summary>A gauge, one series per label set.</summary>
    public LayoutBuilder Gauge(string name, string help, string? unit, params string[] labelSets)
    {
        Header(name, "gauge", help, unit);
        foreach (var labels in labelSets)
        {
            Sample(name, labels);
        }

        return this;
    }

    /// <summary>A histogram without labels: slots are each bucket (then +Inf), count, sum.</summary>
    public LayoutBuilder Histogram(string name, string help, string? unit, IReadOnlyList<double> bounds)
    {
        Header(name, "histogram", help, unit);
        foreach (var le in bounds)
        {
            Sample(name + "_bucket", "le=\"" + Number(le) + "\"");
        }

        Sample(name + "_bucket", "le=\"+Inf\"");
        Sample(name + "_count", string.Empty);
        Sample(name + "_sum", string.Empty);
        Created(name, string.Empty);
        return this;
    }

    /// <summary>A summary without labels: slots are each quantile, count, sum.</summary>
    public LayoutBuilder Summary(string name, string help, string? unit, IReadOnlyList<double> quantiles)
    {
        Header(name, "summary", help, unit);
        foreach (var q in quantiles)
        {
            Sample(name, "quantile=\"" + Number(q) + "\"");
        }

        Sample(name + "_count", string.Empty);
        Sample(name + "_sum", string.Empty);
        Created(name, string.Empty);
        return this;
    }

    /// <summary>Compiles the layout.</summary>
    public MetricLayout Build()
    {
        if (Om)
        {
            _pending.Append("# EOF\n");
        }

        return new MetricLayout([.. _prefixes], Encoding.UTF8.GetBytes(_pending.ToString()), [.. _names]);
    }

    private void Header(string family, string type, string help, string? unit)
    {
        if (Om)
        {
            _pending.Append("# TYPE ").Append(family).Append(' ').Append(type).Append('\n');
            if (unit is not null)
            {
                _pending.Append("# UNIT ").Append(family).Append(' ').Append(unit).Append('\n');
            }

            _pending.Append("# HELP ").Append(family).Append(' ').Append(help).Append('\n');
        }
        else
        {
            _pending.Append("# HELP ").Append(family).Append(' ').Append(help).Append('\n');
            _pending.Append("# TYPE ").Append(family).Append(' ').Append(type).Append('\n');
        }
    }

    private void Sample(string name, string labels)
    {
        var series = labels.Length == 0 ? name : name + "{" + labels + "}";
        _pending.Append(series).Append(' ');
        _prefixes.Add(Encoding.UTF8.GetBytes(_pending.ToString()));
        _names.Add(series);
        _pending.Clear();
    }

    private void Created(string family, string labels)
    {
        if (Om)
        {
            _pending.Append(family).Append("_created");
            if (labels.Length > 0)
            {
                _pending.Append('{').Append(labels).Append('}');
            }

            _pending.Append(' ').Append(_created).Append('\n');
        }
    }

    private string Number(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);

        // OpenMetrics wants canonical floats for le and quantile ("1.0", not "1").
        return Om && !text.Contains('.', StringComparison.Ordinal) && !text.Contains('E', StringComparison.Ordinal) ? text + ".0" : text;
    }
}
