using Google.Protobuf;

namespace Supervision.Testing;

/// <summary>
/// Encodes Prometheus remote_write 1.0 WriteRequests with Google.Protobuf's own writer (an encoder independent of the
/// intake's hand-written reader), snappy-compressed as Prometheus sends them. For the tests, the benchmark and the
/// push-intake harness.
/// </summary>
public static class RemoteWrite
{
    /// <summary>One time series: its labels (<c>__name__</c> among them) and samples.</summary>
    public sealed record Series(IReadOnlyList<(string Name, string Value)> Labels, IReadOnlyList<(double Value, long TimestampMs)> Samples);

    /// <summary>The WriteRequest of <paramref name="series"/> (uncompressed), with one metadata entry the intake skips.</summary>
    public static byte[] Encode(params Series[] series) => Encode((IEnumerable<Series>)series);

    /// <summary>As above, from a sequence.</summary>
    public static byte[] Encode(IEnumerable<Series> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return Message(output =>
        {
            foreach (var s in series)
            {
                Embedded(output, 1, EncodeSeries(s));
            }

            Embedded(output, 3, Message(o =>
            {
                o.WriteTag(1, WireFormat.WireType.Varint);
                o.WriteEnum(1);
                o.WriteTag(2, WireFormat.WireType.LengthDelimited);
                o.WriteString("some_metric");
            }));
        });
    }

    /// <summary>Snappy block compression, as remote_write uses.</summary>
    public static byte[] Snappy(byte[] raw) => Snappier.Snappy.CompressToArray(raw);

    private static byte[] EncodeSeries(Series series) => Message(o =>
    {
        foreach (var (name, value) in series.Labels)
        {
            Embedded(o, 1, Message(l =>
            {
                l.WriteTag(1, WireFormat.WireType.LengthDelimited);
                l.WriteString(name);
                l.WriteTag(2, WireFormat.WireType.LengthDelimited);
                l.WriteString(value);
            }));
        }

        foreach (var (value, timestamp) in series.Samples)
        {
            Embedded(o, 2, Message(s =>
            {
                s.WriteTag(1, WireFormat.WireType.Fixed64);
                s.WriteDouble(value);
                s.WriteTag(2, WireFormat.WireType.Varint);
                s.WriteInt64(timestamp);
            }));
        }
    });

    private static void Embedded(CodedOutputStream output, int field, byte[] message)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(message));
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        write(output);
        output.Flush();
        return stream.ToArray();
    }
}
