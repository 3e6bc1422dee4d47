using Microsoft.Net.Http.Headers;

namespace Supervision.Dashboard.PublicStatus;

/// <summary>
/// <c>GET /status</c> (HTML) and <c>GET /status.json</c>: anonymous, answered from <see cref="StatusPageCache"/> only — a
/// request never reads the live state or InfluxDB — with an ETag (304 on a match) and <c>Cache-Control: public</c>.
/// </summary>
public static class StatusPageEndpoints
{
    /// <summary>The page's path.</summary>
    public const string Path = "/status";

    /// <summary>The JSON's path.</summary>
    public const string JsonPath = "/status.json";

    /// <summary>Maps both endpoints.</summary>
    public static IEndpointRouteBuilder MapStatusPage(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var cache = endpoints.ServiceProvider.GetRequiredService<StatusPageCache>();
        var maxAge = (int)endpoints.ServiceProvider.GetRequiredService<IOptions<DashboardOptions>>().Value.StatusPage.MaxAge.TotalSeconds;
        var cacheControl = $"public, max-age={maxAge}";
        endpoints.MapGet(Path, context => ServeAsync(context, cache, cacheControl, html: true)).AllowAnonymous();
        endpoints.MapGet(JsonPath, context => ServeAsync(context, cache, cacheControl, html: false)).AllowAnonymous();
        return endpoints;
    }

    private static Task ServeAsync(HttpContext context, StatusPageCache cache, string cacheControl, bool html)
    {
        var response = context.Response;
        if (cache.Current is not { } content)
        {
            // Only in the first moments after start-up: the first build runs as the host starts.
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.Headers.RetryAfter = "5";
            response.ContentType = "text/plain; charset=utf-8";
            return response.WriteAsync("Trang tình trạng dịch vụ đang khởi động, vui lòng thử lại sau ít giây.");
        }

        var (body, tag) = html ? (content.Html, content.HtmlETag) : (content.Json, content.JsonETag);
        response.Headers.ETag = tag;
        response.Headers.CacheControl = cacheControl;
        response.Headers.LastModified = content.Report.GeneratedAt.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        if (context.Request.Headers.IfNoneMatch is { Count: > 0 } presented && Matches(presented, tag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = html ? "text/html; charset=utf-8" : "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues presented, string tag) =>
        EntityTagHeaderValue.TryParseList(presented, out var tags) && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Tag.Equals(tag, StringComparison.Ordinal));
}
