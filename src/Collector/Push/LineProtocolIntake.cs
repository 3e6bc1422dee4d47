using System.Buffers.Text;
using System.Text.Unicode;

namespace Supervision.Collector.Push;

/// <summary>
/// Turns a pushed line-protocol body into the points the center stores (docs/push-intake.md): each line is read with
/// Core's <see cref="LineProtocolReader"/>; the body's tags named <c>unit</c>, <c>province</c>, <c>system</c> or
/// <c>level</c> are dropped and the center's own (from the credentials) appended; numbers are stored as floats (as
/// the scrape path stores them: no field type conflict with scraped series, and InfluxDB 1.6 has no unsigned type);
/// timestamps are converted to milliseconds (the write pipeline's precision). A line InfluxDB would refuse is
/// rejected with its number, never passed on: one bad line would make InfluxDB refuse the whole batch it travels in,
/// scraped points included.
/// </summary>
public static class LineProtocolIntake
{
    /// <summary>Measurements only the center writes: a push cannot forge a target's status or a roll-up.</summary>
    public static bool IsReserved(ReadOnlySpan<byte> measurement) =>
        Ascii.Equals(measurement, Measurements.Scrape) || Ascii.Equals(measurement, Measurements.Health) || Ascii.Equals(measurement, Measurements.Collector)
        || (measurement.Length >= Measurements.SummaryPrefix.Length && Ascii.Equals(measurement[..Measurements.SummaryPrefix.Length], Measurements.SummaryPrefix));

    /// <summary>
    /// Parses <paramref name="body"/> into <paramref name="output"/>; the body's timestamps are in units of
    /// <paramref name="nanosPerUnit"/> ns, a line without one gets <paramref name="nowMs"/>. Stops early (false) once more than
    /// <paramref name="maxPoints"/> points were read: the request is refused whole.
    /// </summary>
    public static bool Parse(ReadOnlySpan<byte> body, ReadOnlySpan<byte> centerTags, long nanosPerUnit, long nowMs, int maxPoints, PushedPoints output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var lines = output.Lines;
        var reader = new LineProtocolReader(body);
        while (reader.TryRead(out var line, out var error))
        {
            if (error is not null)
            {
                output.Reject(error);
                continue;
            }

            if (output.Count >= maxPoints)
            {
                return false;
            }

            var mark = lines.Mark();
            error = Write(line, centerTags, nanosPerUnit, nowMs, lines, out var seriesEnd);
            if (error is not null)
            {
                lines.Rollback(mark);
                output.Reject($"line {line.Number}: {error}");
                continue;
            }

            output.Add(mark.Length, PushedPoints.Hash(lines.WrittenMemory.Span[mark.Length..seriesEnd]), line.Number);
        }

        return true;
    }

    private static string? Write(in LineProtocolLine line, ReadOnlySpan<byte> centerTags, long nanosPerUnit, long nowMs, LineProtocolBuilder lines, out int seriesEnd)
    {
        seriesEnd = 0;
        if (!Utf8.IsValid(line.SeriesKey) || !Utf8.IsValid(line.Fields))
        {
            return "not valid UTF-8";
        }

        if (IsReserved(line.Measurement))
        {
            return $"measurement '{LineProtocolReader.UnescapeMeasurement(line.Measurement)}' is the center's own (scrape, health, collector, summary_*)";
        }

        long timestampMs;
        if (line.Timestamp is { } stamp)
        {
            if (!TryToMilliseconds(stamp, nanosPerUnit, out timestampMs))
            {
                return "timestamp is outside the range InfluxDB stores";
            }
        }
        else
        {
            timestampMs = nowMs;
        }

        lines.AppendRaw(line.Measurement, 0);
        var tags = new LineProtocolTagEnumerator(line.Tags);
        while (tags.MoveNext())
        {
            var key = tags.Current.Key;
            if (IsCenterTag(key))
            {
                // Set by the center from the credentials, never taken from the body (documented: overwritten).
                continue;
            }

            if (key.SequenceEqual("time"u8))
            {
                return "tag key 'time' is reserved by InfluxDB";
            }

            lines.AppendRaw(","u8, 0);
            lines.AppendRaw(key, 0);
            lines.AppendRaw("="u8, 0);
            lines.AppendRaw(tags.Current.Value, 0);
        }

        lines.AppendRaw(centerTags, 0);
        seriesEnd = lines.Length;
        var seriesBytes = line.Measurement.Length + line.Tags.Length + centerTags.Length;
        var first = true;
        var fields = new LineProtocolFieldEnumerator(line.Fields);
        Span<byte> number = stackalloc byte[32];
        while (fields.MoveNext())
        {
            var field = fields.Current;
            if (field.Key.SequenceEqual("time"u8))
            {
                return "field key 'time' is reserved by InfluxDB";
            }

            if (seriesBytes + 4 + field.Key.Length > 65535)
            {
                return "series key with a field key is longer than InfluxDB's 65535 bytes";
            }

            lines.AppendRaw(first ? " "u8 : ","u8, 0);
            first = false;
            lines.AppendRaw(field.Key, 0);
            lines.AppendRaw("="u8, 0);
            switch (field.Kind)
            {
                case LineProtocolFieldKind.Float or LineProtocolFieldKind.Integer or LineProtocolFieldKind.Unsigned:
                    Utf8Formatter.TryFormat(field.Number, number, out var written);
                    lines.AppendRaw(number[..written], 0);
                    break;
                default:
                    lines.AppendRaw(field.Raw, 0);
                    break;
            }
        }

        lines.AppendRaw(" "u8, 0);
        Utf8Formatter.TryFormat(timestampMs, number, out var stampBytes);
        lines.AppendRaw(number[..stampBytes], 0);
        lines.AppendRaw("\n"u8, 1);
        return null;
    }

    /// <summary>The tag keys the center sets (TagNames).</summary>
    public static bool IsCenterTag(ReadOnlySpan<byte> key) => TagNames.IsTargetTag(key);

    /// <summary>A timestamp in units of <paramref name="nanosPerUnit"/> ns as ms (rounded down), within InfluxDB's range.</summary>
    public static bool TryToMilliseconds(long stamp, long nanosPerUnit, out long ms)
    {
        const long MaxMs = 9_223_372_036_854;
        if (nanosPerUnit < 1_000_000)
        {
            ms = Math.DivRem(stamp, 1_000_000 / nanosPerUnit, out var rest);
            if (rest < 0)
            {
                ms--;
            }
        }
        else
        {
            var factor = nanosPerUnit / 1_000_000;
            if (stamp > MaxMs / factor || stamp < -MaxMs / factor)
            {
                ms = 0;
                return false;
            }

            ms = stamp * factor;
        }

        return ms is >= -MaxMs and <= MaxMs;
    }
}
