namespace Supervision.Dashboard.OnCall;

/// <summary>
/// Date-time fields of the console, typed as Vietnam writes them: <c>dd/MM/yyyy HH:mm</c>, 24-hour, Vietnam time
/// (UTC+7) whatever the server's or the browser's zone. The browser's own date-time field follows the browser's
/// locale (mm/dd/yyyy, AM/PM on an English system), which is why the console does not use it.
/// </summary>
public static class VietnamDate
{
    /// <summary>The format typed and shown.</summary>
    public const string Format = "dd/MM/yyyy HH:mm";

    private static readonly string[] Accepted = [Format, "d/M/yyyy H:mm", "dd/MM/yyyy HH:mm:ss"];

    /// <summary>Parses a typed time; an empty or malformed value is an <see cref="ArgumentException"/> naming <paramref name="field"/>.</summary>
    public static DateTimeOffset Parse(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException($"{field}: required ({Format}, UTC+7)", field);
        }

        if (!DateTime.TryParseExact(text.Trim(), Accepted, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            throw new ArgumentException($"{field}: '{text.Trim()}' is not {Format} (e.g. 23/11/2026 22:00)", field);
        }

        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), VietnamTime.Offset);
    }

    /// <summary>An instant as the console writes it, in Vietnam time.</summary>
    public static string Write(DateTimeOffset at) => VietnamTime.ToVietnam(at).ToString(Format, CultureInfo.InvariantCulture);
}
