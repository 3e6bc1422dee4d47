using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Supervision.Dashboard.Security;

/// <summary>
/// OpenID Connect sign-in (authorization code flow with PKCE) and what happens around it: the provider's claims
/// turned into the Dashboard's, a refusal page for accounts with no role, a readable page for failures at the
/// provider, and the landing page that lets the browser send the new same-site cookie (docs/security.md).
/// </summary>
public static class OidcSignIn
{
    /// <summary>Callback path registered at the provider as the redirect URI (<c>{dashboard}/signin-oidc</c>).</summary>
    public const string CallbackPath = "/signin-oidc";

    /// <summary>Path registered at the provider as the post-logout redirect URI.</summary>
    public const string SignedOutCallbackPath = "/signout-callback-oidc";

    /// <summary>Where the callback sends the browser before the page it asked for (see <see cref="LandingPage"/>).</summary>
    public const string LandingPath = "/signin/oidc/done";

    /// <summary>Configures the handler from <paramref name="oidc"/>.</summary>
    public static void Configure(OpenIdConnectOptions options, OidcSettings oidc)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(oidc);
        options.Authority = oidc.Authority;
        options.ClientId = oidc.ClientId;
        options.ClientSecret = oidc.ClientSecret;
        options.ResponseType = OpenIdConnectResponseType.Code;
        options.UsePkce = true;
        options.RequireHttpsMetadata = !oidc.AllowHttp;
        options.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        options.CallbackPath = CallbackPath;
        options.SignedOutCallbackPath = SignedOutCallbackPath;
        options.MapInboundClaims = false;
        options.GetClaimsFromUserInfoEndpoint = true;
        // The id token is kept (only it, see OnTicketReceived) as the hint that lets sign-out end the provider session too.
        options.SaveTokens = true;
        options.Scope.Clear();
        options.Scope.Add(OpenIdConnectScope.OpenId);
        foreach (var scope in oidc.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            options.Scope.Add(scope);
        }

        // Claims from the user-info endpoint are kept only when mapped: many providers (oidc-provider, Keycloak
        // without a token mapper) release roles there and not in the id token.
        options.ClaimActions.MapUniqueJsonKey("preferred_username", "preferred_username");
        options.ClaimActions.MapJsonKey(oidc.RoleClaim, oidc.RoleClaim);
        options.ClaimActions.MapJsonKey(oidc.ProvinceClaim, oidc.ProvinceClaim);
        options.TokenValidationParameters.NameClaimType = "preferred_username";
        options.TokenValidationParameters.RoleClaimType = ClaimTypes.Role;
        options.Events.OnTicketReceived = ctx => TicketReceived(ctx, oidc);
        options.Events.OnRemoteFailure = RemoteFailure;
    }

    /// <summary>
    /// The page the callback lands on: it moves on with a meta refresh. The session cookie is SameSite=Strict, and
    /// a browser does not send it on a redirect chain that began at the provider's site; a navigation started by
    /// this page (same site) carries it.
    /// </summary>
    public static string LandingPage(string returnUrl)
    {
        var target = System.Net.WebUtility.HtmlEncode(SignInEndpoints.LocalOrHome(returnUrl));
        return $"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8" /><meta http-equiv="refresh" content="0;url={target}" /><title>Đăng nhập — Supervision</title></head><body style="font-family:system-ui;background:#101418;color:#e8eaed;padding:2rem"><p data-testid="signin-landing">Đã đăng nhập · Signed in — <a style="color:#90caf9" href="{target}">{target}</a></p></body></html>""";
    }

    // After the id token and the user-info claims are in: map, refuse or sign in (then the cookie handler writes the cookie).
    private static Task TicketReceived(TicketReceivedContext ctx, OidcSettings oidc)
    {
        var audit = ctx.HttpContext.RequestServices.GetRequiredService<AuditLog>();
        var mapped = OidcClaims.Map(ctx.Principal!, oidc);
        var name = mapped.Identity?.Name ?? "unknown";
        if (!Roles.All.Any(mapped.IsInRole))
        {
            var sent = string.Join(' ', ctx.Principal!.FindAll(oidc.RoleClaim).Select(c => c.Value));
            audit.Record(name, "signin", name, "denied", $"oidc: no known role in claim '{oidc.RoleClaim}' ({(sent.Length == 0 ? "absent" : sent)})");
            ctx.HandleResponse();
            return Refuse(ctx.Response, StatusCodes.Status403Forbidden,
                $"Tài khoản “{name}” không có vai trò nào trong hệ thống · The provider's account “{name}” has no Dashboard role",
                $"Claim '{oidc.RoleClaim}' must carry one of {string.Join(", ", Roles.All)} (it carried: {(sent.Length == 0 ? "nothing" : sent)}). Ask the SSO administrator to assign a role.");
        }

        audit.Record(name, "signin", name, "ok", "oidc");
        ctx.Principal = mapped;
        if (ctx.Properties is { } properties)
        {
            // Only the id token stays in the cookie (the sign-out hint); access and refresh tokens are not used here.
            properties.StoreTokens(properties.GetTokens().Where(t => t.Name == OpenIdConnectParameterNames.IdToken).ToArray());
        }

        var home = SignInEndpoints.HomeFor(SignInEndpoints.LocalOrHome(ctx.ReturnUri), ProvinceScope.Of(mapped));
        ctx.ReturnUri = LandingPath + "?returnUrl=" + Uri.EscapeDataString(home);
        return Task.CompletedTask;
    }

    // A refused consent, an expired or replayed callback, a provider error: a page that says so, not an exception.
    private static Task RemoteFailure(RemoteFailureContext ctx)
    {
        var audit = ctx.HttpContext.RequestServices.GetRequiredService<AuditLog>();
        var message = ctx.Failure?.Message ?? "unknown error";
        audit.Record("anonymous", "signin.failed", "oidc", "error", message);
        ctx.HandleResponse();
        return Refuse(ctx.Response, StatusCodes.Status400BadRequest, "Đăng nhập qua SSO không thành công · Sign-in at the provider failed", message);
    }

    private static Task Refuse(HttpResponse response, int status, string title, string detail)
    {
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        return response.WriteAsync(SignInPage.Refused(title, detail));
    }
}
