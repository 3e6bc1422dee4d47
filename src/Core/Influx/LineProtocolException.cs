namespace Supervision.Core.Influx;

/// <summary>The part of a line-protocol point that InfluxDB would refuse.</summary>
public enum LineProtocolPart
{
    /// <summary>The measurement name.</summary>
    Measurement,

    /// <summary>A tag key.</summary>
    TagKey,

    /// <summary>A tag value.</summary>
    TagValue,

    /// <summary>A field key.</summary>
    FieldKey,

    /// <summary>A string field value.</summary>
    FieldValue,

    /// <summary>The series key (measurement and tags) as a whole.</summary>
    SeriesKey,

    /// <summary>The timestamp.</summary>
    Timestamp,
}

/// <summary>What is wrong with a <see cref="LineProtocolPart"/>.</summary>
public enum LineProtocolFault
{
    /// <summary>Empty where InfluxDB needs text.</summary>
    Empty,

    /// <summary>Not valid UTF-16 (a lone surrogate), so it has no UTF-8 form.</summary>
    InvalidText,

    /// <summary>The name <c>time</c>, which InfluxDB keeps for the timestamp.</summary>
    Reserved,

    /// <summary>Longer than InfluxDB's 65,535-byte key (series key, "#!~#" and field key).</summary>
    TooLong,

    /// <summary>Outside the nanosecond range InfluxDB stores (int64, minus its two sentinels).</summary>
    OutOfRange,
}

/// <summary>
/// A point InfluxDB would reject (HTTP 400, failing its whole batch), refused by
/// <see cref="LineProtocolBuilder"/> before it is written; the builder is left as before the point.
/// </summary>
public sealed class LineProtocolException : Exception
{
    /// <summary>Creates the error for <paramref name="part"/>.</summary>
    public LineProtocolException(LineProtocolPart part, LineProtocolFault fault)
        : base(Describe(part, fault))
    {
        Part = part;
        Fault = fault;
    }

    /// <summary>Creates the error.</summary>
    public LineProtocolException()
    {
    }

    /// <summary>Creates the error.</summary>
    public LineProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error.</summary>
    public LineProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The part InfluxDB would refuse.</summary>
    public LineProtocolPart Part { get; }

    /// <summary>What is wrong with it.</summary>
    public LineProtocolFault Fault { get; }

    /// <summary>A sentence naming the part and the fault, e.g. "tag key is the reserved name 'time'".</summary>
    public static string Describe(LineProtocolPart part, LineProtocolFault fault)
    {
        var what = part switch
        {
            LineProtocolPart.Measurement => "measurement",
            LineProtocolPart.TagKey => "tag key",
            LineProtocolPart.TagValue => "tag value",
            LineProtocolPart.FieldKey => "field key",
            LineProtocolPart.FieldValue => "string field value",
            LineProtocolPart.SeriesKey => "series key",
            _ => "timestamp",
        };
        return fault switch
        {
            LineProtocolFault.Empty => $"{what} is empty",
            LineProtocolFault.InvalidText => $"{what} is not valid Unicode (lone surrogate), so it has no UTF-8 form",
            LineProtocolFault.Reserved => $"{what} is the reserved name 'time'",
            LineProtocolFault.TooLong => $"{what} with a field key is longer than InfluxDB's 65535 bytes",
            _ => $"{what} is outside the range InfluxDB stores",
        };
    }
}
