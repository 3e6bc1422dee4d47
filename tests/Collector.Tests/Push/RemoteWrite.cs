using Google.Protobuf;

namespace Supervision.Collector.Tests.Push;

/// <summary>
/// Encodes Prometheus remote_write 1.0 WriteRequests with Google.Protobuf's own writer (an encoder independent of the
/// intake's hand-written reader), snappy-compressed as Prometheus sends them.
/// </summary>
public static class RemoteWrite
{
    public sealed record Series(IReadOnlyList<(string Name, string Value)> Labels, IReadOnlyList<(double Value, long TimestampMs)> Samples);

    public static byte[] Encode(params Series[] series)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        foreach (var s in series)
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(EncodeSeries(s)));
        }

        // A metadata entry (field 3), which the intake skips.
        output.WriteTag(3, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.Varint);
            o.WriteEnum(1);
            o.WriteTag(2, WireFormat.WireType.LengthDelimited);
            o.WriteString("some_metric");
        })));
        output.Flush();
        return stream.ToArray();
    }

    public static byte[] Snappy(byte[] raw) => Snappier.Snappy.CompressToArray(raw);

    private static byte[] EncodeSeries(Series series) => Message(o =>
    {
        foreach (var (name, value) in series.Labels)
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(Message(l =>
            {
                l.WriteTag(1, WireFormat.WireType.LengthDelimited);
                l.WriteString(name);
                l.WriteTag(2, WireFormat.WireType.LengthDelimited);
                l.WriteString(value);
            })));
        }

        foreach (var (value, timestamp) in series.Samples)
        {
            o.WriteTag(2, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(Message(s =>
            {
                s.WriteTag(1, WireFormat.WireType.Fixed64);
                s.WriteDouble(value);
                s.WriteTag(2, WireFormat.WireType.Varint);
                s.WriteInt64(timestamp);
            })));
        }
    });

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        write(output);
        output.Flush();
        return stream.ToArray();
    }
}
