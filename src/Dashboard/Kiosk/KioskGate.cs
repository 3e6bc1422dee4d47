using System.Net;
using Supervision.Dashboard.Boards;

namespace Supervision.Dashboard.Kiosk;

/// <summary>
/// Guards <c>/kiosk</c> before Blazor renders anything: a missing or wrong <c>token=</c> gets a 401 page, a
/// board the token may not show a 403, an unknown board a 404. The kiosk itself offers no action, so a token
/// grants reading its boards and nothing else.
/// </summary>
public static class KioskGate
{
    /// <summary>The kiosk's path.</summary>
    public const string Path = "/kiosk";

    /// <summary>The token that matches <paramref name="presented"/> (constant-time compare), or null.</summary>
    public static KioskToken? Find(KioskOptions options, string? presented)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }

        var bytes = Encoding.UTF8.GetBytes(presented);
        KioskToken? match = null;
        foreach (var token in options.Tokens)
        {
            // Every token is compared, so the time taken does not tell which one nearly matched.
            if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token.Token), bytes))
            {
                match = token;
            }
        }

        return match;
    }

    /// <summary>Adds the check in front of <see cref="Path"/>.</summary>
    public static IApplicationBuilder UseKioskGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var options = context.RequestServices.GetRequiredService<IOptions<DashboardOptions>>().Value.Kiosk;
        var token = Find(options, context.Request.Query["token"].FirstOrDefault());
        var board = context.Request.Query["board"].FirstOrDefault();
        var catalog = context.RequestServices.GetRequiredService<BoardCatalog>();
        if (token is null)
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, "Mã truy cập không hợp lệ", "Missing or wrong kiosk token: open /kiosk?board=…&token=… with a token from Dashboard:Kiosk:Tokens.");
        }
        else if (!string.IsNullOrEmpty(board) && catalog.Find(board) is null)
        {
            await RefuseAsync(context, StatusCodes.Status404NotFound, "Không có bảng này", $"No board '{board}' in {catalog.Directory}.");
        }
        else if (!string.IsNullOrEmpty(board) && !token.Allows(board))
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, "Mã truy cập không dùng cho bảng này", $"Token '{token.Name}' may not show board '{board}'.");
        }
        else
        {
            await next(context);
        }
    });

    private static async Task RefuseAsync(HttpContext context, int status, string vietnamese, string english)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(
            $"""
            <!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{status}</title><link href="/wallboard.css" rel="stylesheet"></head>
            <body><div class="refused" data-testid="kiosk-refused" data-status="{status}"><h1>{status} — {WebUtility.HtmlEncode(vietnamese)}</h1><p>{WebUtility.HtmlEncode(english)}</p></div></body></html>
            """);
    }
}
