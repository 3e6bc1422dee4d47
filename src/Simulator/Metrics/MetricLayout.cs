using System.Buffers.Text;

namespace Supervision.Simulator.Metrics;

/// <summary>
/// The pre-encoded text of one system's exposition in one format: for each sample, the UTF-8 bytes
/// before its value (HELP/TYPE/UNIT lines, name, labels, the previous sample's <c>_created</c> line),
/// and a tail (<c># EOF</c> in OpenMetrics). Rendering is then copies and number formatting only.
/// </summary>
public sealed class MetricLayout
{
    private readonly byte[][] _prefixes;
    private readonly byte[] _tail;

    internal MetricLayout(byte[][] prefixes, byte[] tail, string[] sampleNames)
    {
        _prefixes = prefixes;
        _tail = tail;
        SampleNames = sampleNames;
    }

    /// <summary>Number of values a render takes.</summary>
    public int SlotCount => _prefixes.Length;

    /// <summary>Sample name and labels of each slot, for diagnostics and tests.</summary>
    public IReadOnlyList<string> SampleNames { get; }

    /// <summary>The tail bytes (OpenMetrics' <c># EOF</c> line, or nothing).</summary>
    public ReadOnlySpan<byte> Tail => _tail;

    /// <summary>Writes the exposition with <paramref name="values"/> in slot order; <paramref name="withTail"/> false leaves the tail off.</summary>
    public void Render(ReadOnlySpan<double> values, PooledBuffer output, bool withTail = true)
    {
        if (values.Length != _prefixes.Length)
        {
            throw new ArgumentException($"layout has {_prefixes.Length} slots, got {values.Length} values", nameof(values));
        }

        for (var i = 0; i < _prefixes.Length; i++)
        {
            output.Write(_prefixes[i]);
            WriteValue(values[i], output);
        }

        if (withTail)
        {
            output.Write(_tail);
        }
    }

    private static void WriteValue(double value, PooledBuffer output)
    {
        var span = output.GetSpan(32);
        int n;
        if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
        {
            Utf8Formatter.TryFormat((long)value, span, out n);
        }
        else
        {
            value.TryFormat(span, out n, default, System.Globalization.CultureInfo.InvariantCulture);
        }

        span[n] = (byte)'\n';
        output.Advance(n + 1);
    }
}
