namespace Supervision.Dashboard.Localization;

/// <summary>
/// The display language: Vietnamese by default, English on request. <c>?lang=en</c> (or <c>vi</c>) switches and
/// is remembered in a cookie, so a wall set to English stays English after a reload or a restart.
/// </summary>
/// <param name="English">True for English.</param>
public sealed record UiLanguage(bool English)
{
    /// <summary>The cookie remembering the choice.</summary>
    public const string Cookie = "supervision.lang";

    /// <summary>Vietnamese.</summary>
    public static UiLanguage Vietnamese { get; } = new(false);

    /// <summary>The language of a request: its <c>lang</c> query, else the cookie, else Vietnamese.</summary>
    public static UiLanguage FromRequest(HttpContext? context)
    {
        if (context is null)
        {
            return Vietnamese;
        }

        var value = context.Request.Query["lang"].FirstOrDefault() ?? context.Request.Cookies[Cookie];
        return new UiLanguage(string.Equals(value, "en", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The language a page shows: a <c>lang</c> in its current <paramref name="uri"/> wins (navigation inside a
    /// live page sends no request, so no cookie is read), else the request's language.
    /// </summary>
    public static bool IsEnglish(string uri, UiLanguage? fromRequest)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Contains("lang=en", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return !uri.Contains("lang=vi", StringComparison.OrdinalIgnoreCase) && fromRequest?.English == true;
    }
}

/// <summary>Wires <see cref="UiLanguage"/> into the request pipeline.</summary>
public static class UiLanguageCookie
{
    /// <summary>Remembers <c>?lang=</c> in the cookie (a year), before the page renders.</summary>
    public static IApplicationBuilder UseUiLanguageCookie(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Query["lang"].FirstOrDefault() is { } lang && (lang is "en" or "vi"))
        {
            context.Response.Cookies.Append(UiLanguage.Cookie, lang, new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
        }

        await next(context);
    });
}
