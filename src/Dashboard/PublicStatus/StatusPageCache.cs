using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Supervision.Dashboard.PublicStatus;

/// <summary>One build of the public page: the bytes served and their validators.</summary>
/// <param name="Report">What it shows.</param>
/// <param name="Html">The page, UTF-8.</param>
/// <param name="Json">The same report as JSON (<c>/status.json</c>), UTF-8.</param>
/// <param name="HtmlETag">Strong validator of <paramref name="Html"/>.</param>
/// <param name="JsonETag">Strong validator of <paramref name="Json"/>.</param>
public sealed record StatusPageContent(PublicStatusReport Report, byte[] Html, byte[] Json, string HtmlETag, string JsonETag)
{
    // The hubs' settings, with Vietnamese letters written as they are rather than as \u escapes (markup characters still escaped).
    private static readonly JsonSerializerOptions JsonOptions = new(HubJson.Options) { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>Encodes a rendered page and its report.</summary>
    public static StatusPageContent Create(PublicStatusReport report, string html)
    {
        ArgumentNullException.ThrowIfNull(report);
        var htmlBytes = Encoding.UTF8.GetBytes(html);
        var jsonBytes = JsonSerializer.SerializeToUtf8Bytes(report, JsonOptions);
        return new StatusPageContent(report, htmlBytes, jsonBytes, Tag(htmlBytes), Tag(jsonBytes));
    }

    private static string Tag(byte[] bytes) => "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12)) + "\"";
}

/// <summary>The latest build, swapped whole by the refresher and read without a lock by every request.</summary>
public sealed class StatusPageCache
{
    private StatusPageContent? _current;

    /// <summary>The latest build, or null before the first.</summary>
    public StatusPageContent? Current => Volatile.Read(ref _current);

    /// <summary>Replaces the build served.</summary>
    public void Set(StatusPageContent content) => Volatile.Write(ref _current, content);
}
