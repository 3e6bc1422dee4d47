using System.Text.Json;

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
public static class HealthReportParser
{
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
            if (TryStatus(System.Text.Encoding.UTF8.GetString(trimmed), out var plain))
            {
                report = new HealthReport(plain, null, []);
                return true;
            }

            error = "health response is neither JSON nor a plain Healthy/Degraded/Unhealthy";
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(trimmed.ToArray());
            var root = doc.RootElement;
            if (!root.TryGetProperty("status", out var statusElement) || statusElement.ValueKind != JsonValueKind.String ||
                !TryStatus(statusElement.GetString(), out var status))
            {
                error = "field 'status': expected \"Healthy\", \"Degraded\" or \"Unhealthy\"";
                return false;
            }

            var entries = new List<HealthEntry>();
            if (root.TryGetProperty("entries", out var entriesElement))
            {
                if (entriesElement.ValueKind != JsonValueKind.Object)
                {
                    error = "field 'entries': expected an object";
                    return false;
                }

                foreach (var entry in entriesElement.EnumerateObject())
                {
                    if (entry.Value.ValueKind != JsonValueKind.Object ||
                        !entry.Value.TryGetProperty("status", out var entryStatus) || entryStatus.ValueKind != JsonValueKind.String ||
                        !TryStatus(entryStatus.GetString(), out var parsed))
                    {
                        error = $"field 'entries.{entry.Name}.status': expected \"Healthy\", \"Degraded\" or \"Unhealthy\"";
                        return false;
                    }

                    var description = entry.Value.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                    entries.Add(new HealthEntry(entry.Name, parsed, description, Duration(entry.Value, "duration")));
                }
            }

            report = new HealthReport(status, Duration(root, "totalDuration"), entries);
            return true;
        }
        catch (JsonException ex)
        {
            error = $"malformed JSON at line {(ex.LineNumber ?? 0) + 1}: {ex.Message}";
            return false;
        }
    }

    private static TimeSpan? Duration(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String &&
        TimeSpan.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var duration)
            ? duration
            : null;

    private static bool TryStatus(string? text, out HealthStatus status) => Enum.TryParse(text, ignoreCase: false, out status) && Enum.IsDefined(status);
}
