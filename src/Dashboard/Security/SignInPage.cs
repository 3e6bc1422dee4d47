using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Supervision.Dashboard.Security;

/// <summary>
/// The sign-in page as plain server HTML: it must work before any Blazor circuit exists, and a form post is
/// what sets the cookie. Bilingual labels (Vietnamese first), antiforgery token in a hidden field.
/// </summary>
public static class SignInPage
{
    // Vietnamese letters stay readable in the page source; markup characters are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Renders the page.</summary>
    /// <param name="antiforgeryField">Name of the hidden antiforgery field.</param>
    /// <param name="antiforgeryToken">Its value.</param>
    /// <param name="returnUrl">Local URL to go to after sign-in.</param>
    /// <param name="message">Error shown above the form, or null.</param>
    /// <param name="name">User name to prefill.</param>
    /// <param name="ssoLabel">Label of the OpenID Connect button, or null when it is off.</param>
    public static string Render(string antiforgeryField, string antiforgeryToken, string returnUrl, string? message, string? name, string? ssoLabel)
    {
        var h = Encoder;
        var html = new StringBuilder(2048);
        html.Append("""
            <!DOCTYPE html>
            <html lang="vi"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>Đăng nhập — Supervision</title>
            <style>
            body{margin:0;min-height:100vh;display:grid;place-items:center;background:#101418;color:#e8eaed;font-family:system-ui,sans-serif}
            form{background:#1b2128;padding:2rem 2.5rem;border-radius:8px;min-width:20rem;display:grid;gap:.8rem}
            h1{font-size:1.3rem;margin:0 0 .5rem}label{display:grid;gap:.3rem;font-size:.9rem}
            input{padding:.55rem;border-radius:4px;border:1px solid #3c4650;background:#0d1115;color:inherit;font-size:1rem}
            button,.sso{padding:.6rem;border:0;border-radius:4px;background:#1e88e5;color:#fff;font-size:1rem;cursor:pointer;text-align:center;text-decoration:none}
            .error{background:#5c1d1d;padding:.5rem .7rem;border-radius:4px}
            </style></head><body>
            <form method="post" action="/signin" data-testid="signin-form">
            <h1>Trung tâm giám sát · Sign in</h1>
            """);
        if (message is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"error\" role=\"alert\" data-testid=\"signin-error\">{h.Encode(message)}</div>");
        }

        html.Append(CultureInfo.InvariantCulture, $"""
            <input type="hidden" name="{h.Encode(antiforgeryField)}" value="{h.Encode(antiforgeryToken)}" />
            <input type="hidden" name="returnUrl" value="{h.Encode(returnUrl)}" />
            <label>Tên đăng nhập · User name<input name="username" autocomplete="username" required autofocus value="{h.Encode(name ?? string.Empty)}" /></label>
            <label>Mật khẩu · Password<input name="password" type="password" autocomplete="current-password" required /></label>
            <button type="submit" data-testid="signin-submit">Đăng nhập · Sign in</button>
            """);
        if (ssoLabel is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<a class=\"sso\" data-testid=\"signin-sso\" href=\"/signin/oidc?returnUrl={Uri.EscapeDataString(returnUrl)}\">{h.Encode(ssoLabel)}</a>");
        }

        html.Append("</form></body></html>");
        return html.ToString();
    }

    /// <summary>A refused or failed sign-in: what happened and what to do, with a way back to the sign-in page.</summary>
    public static string Refused(string title, string detail) =>
        $"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8" /><title>Đăng nhập — Supervision</title></head><body style="font-family:system-ui;background:#101418;color:#e8eaed;padding:2rem"><div role="alert" data-testid="signin-refused"><h1>{Encoder.Encode(title)}</h1><p>{Encoder.Encode(detail)}</p></div><p><a style="color:#90caf9" href="/signin">Đăng nhập · Sign in</a></p></body></html>""";

    /// <summary>The body of a 403 answer for pages.</summary>
    public static string Forbidden(string path) =>
        $"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8" /><title>403</title></head><body style="font-family:system-ui;background:#101418;color:#e8eaed;padding:2rem"><h1 data-testid="forbidden">403 — Không có quyền · Forbidden</h1><p>{Encoder.Encode(path)}</p><p><a style="color:#90caf9" href="/">/</a> · <a style="color:#90caf9" href="/signin">Đăng nhập · Sign in</a></p></body></html>""";
}
