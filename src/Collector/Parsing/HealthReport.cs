namespace Supervision.Collector.Parsing;

/// <summary>Health status as ASP.NET Core health checks report it.</summary>
public enum HealthStatus
{
    /// <summary>Healthy.</summary>
    Healthy = 0,

    /// <summary>Degraded.</summary>
    Degraded = 1,

    /// <summary>Unhealthy.</summary>
    Unhealthy = 2,
}

/// <summary>One entry of a health report.</summary>
/// <param name="Name">The check's name.</param>
/// <param name="Status">Its status.</param>
/// <param name="Description">Its description, or null.</param>
/// <param name="Duration">How long it took, or null.</param>
public sealed record HealthEntry(string Name, HealthStatus Status, string? Description, TimeSpan? Duration);

/// <summary>A parsed <c>/health</c> answer.</summary>
/// <param name="Status">Overall status.</param>
/// <param name="TotalDuration">Total duration, when reported.</param>
/// <param name="Entries">The entries, in document order (empty for the plain-text form).</param>
public sealed record HealthReport(HealthStatus Status, TimeSpan? TotalDuration, IReadOnlyList<HealthEntry> Entries);

/// <summary>
/// Reads ASP.NET Core health-check answers: the JSON form (<c>status</c>, <c>totalDuration</c>,
/// <c>entries</c>) written by the common UI response writer, and the default plain-text form
/// (<c>Healthy</c>, <c>Degraded</c>, <c>Unhealthy</c>).
/// </summary>
/// <remarks>
/// The JSON is read in one forward pass with <see cref="Utf8JsonReader"/> straight from the body (every scrape
/// parses one, so no document is built): members in any order, unknown ones skipped, a repeated member's last
/// value wins. The whole body is read before a field is judged, so a malformed document is reported as such.
/// </remarks>
public static class HealthReportParser
{
    private const string StatusExpected = "expected \"Healthy\", \"Degraded\" or \"Unhealthy\"";

    /// <summary>Parses a body; false with a message naming the field when it is not a health report.</summary>
    public static bool TryParse(ReadOnlySpan<byte> body, out HealthReport? report, out string error)
    {
        report = null;
        error = string.Empty;
        var trimmed = body.Trim(" \t\r\n"u8);
        if (trimmed.IsEmpty)
        {
            error = "empty health response";
            return false;
        }

        if (trimmed[0] != (byte)'{')
        {
            if (TryStatus(trimmed, out var plain))
            {
                report = new HealthReport(plain, null, []);
                return true;
            }

            error = "health response is neither JSON nor a plain Healthy/Degraded/Unhealthy";
            return false;
        }

        try
        {
            return TryParseJson(trimmed, out report, out error);
        }
        catch (JsonException ex)
        {
            error = $"malformed JSON at line {(ex.LineNumber ?? 0) + 1}: {ex.Message}";
            return false;
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader validates structure, not text: reading a string with invalid UTF-8 or a lone
            // \uD800 escape throws here (found by fuzzing).
            error = "invalid text in JSON string: " + ex.Message;
            return false;
        }
    }

    private static bool TryParseJson(ReadOnlySpan<byte> json, out HealthReport? report, out string error)
    {
        report = null;
        var reader = new Utf8JsonReader(json, isFinalBlock: true, state: default);
        reader.Read();
        HealthStatus? status = null;
        TimeSpan? total = null;
        List<HealthEntry>? entries = null;
        string? entriesError = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("status"u8))
            {
                reader.Read();
                status = ReadStatus(ref reader);
            }
            else if (reader.ValueTextEquals("totalDuration"u8))
            {
                reader.Read();
                total = Duration(ref reader);
            }
            else if (reader.ValueTextEquals("entries"u8))
            {
                reader.Read();
                entries = [];
                entriesError = reader.TokenType == JsonTokenType.StartObject ? ReadEntries(ref reader, entries) : "field 'entries': expected an object";
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // Nothing may follow the root object: the reader throws on trailing content.
        while (reader.Read())
        {
        }

        if (status is not { } overall)
        {
            error = "field 'status': " + StatusExpected;
            return false;
        }

        if (entriesError is not null)
        {
            error = entriesError;
            return false;
        }

        error = string.Empty;
        report = new HealthReport(overall, total, entries ?? []);
        return true;
    }

    /// <summary>Reads the members of <c>entries</c> (the reader on its start); returns the first bad field, or null.</summary>
    private static string? ReadEntries(ref Utf8JsonReader reader, List<HealthEntry> entries)
    {
        string? firstError = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                firstError ??= EntryStatusError(name);
                continue;
            }

            HealthStatus? status = null;
            string? description = null;
            TimeSpan? duration = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("status"u8))
                {
                    reader.Read();
                    status = ReadStatus(ref reader);
                }
                else if (reader.ValueTextEquals("description"u8))
                {
                    reader.Read();
                    description = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("duration"u8))
                {
                    reader.Read();
                    duration = Duration(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (status is { } entryStatus)
            {
                entries.Add(new HealthEntry(name, entryStatus, description, duration));
            }
            else
            {
                firstError ??= EntryStatusError(name);
            }
        }

        return firstError;
    }

    private static string EntryStatusError(string name) => $"field 'entries.{name}.status': {StatusExpected}";

    /// <summary>A <c>hh:mm:ss.fffffff</c> string value (the reader on it), or null; skips any other value.</summary>
    private static TimeSpan? Duration(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        Span<char> text = stackalloc char[64];
        if (reader.ValueIsEscaped || reader.ValueSpan.Length > text.Length)
        {
            return TimeSpan.TryParse(reader.GetString(), CultureInfo.InvariantCulture, out var escaped) ? escaped : null;
        }

        var length = Encoding.UTF8.GetChars(reader.ValueSpan, text);
        return TimeSpan.TryParse(text[..length], CultureInfo.InvariantCulture, out var duration) ? duration : null;
    }

    /// <summary>A status string value (the reader on it), or null for anything else.</summary>
    private static HealthStatus? ReadStatus(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        var ok = reader.ValueIsEscaped ? TryStatusText(reader.GetString()!, out var status) : TryStatus(reader.ValueSpan, out status);
        return ok ? status : null;
    }

    private static bool TryStatus(ReadOnlySpan<byte> text, out HealthStatus status)
    {
        // The names exactly as ASP.NET writes them, without decoding; anything else the slow way below.
        if (text.SequenceEqual("Healthy"u8))
        {
            status = HealthStatus.Healthy;
            return true;
        }

        if (text.SequenceEqual("Degraded"u8))
        {
            status = HealthStatus.Degraded;
            return true;
        }

        if (text.SequenceEqual("Unhealthy"u8))
        {
            status = HealthStatus.Unhealthy;
            return true;
        }

        return TryStatusText(Encoding.UTF8.GetString(text), out status);
    }

    private static bool TryStatusText(string text, out HealthStatus status) => Enum.TryParse(text, ignoreCase: false, out status) && Enum.IsDefined(status);
}
