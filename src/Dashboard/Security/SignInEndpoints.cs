using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Supervision.Dashboard.Security;

/// <summary>The sign-in form post.</summary>
/// <param name="Username">User name.</param>
/// <param name="Password">Password.</param>
/// <param name="ReturnUrl">Where to go after; only local paths are followed.</param>
public sealed record SignInForm(string? Username, string? Password, string? ReturnUrl);

/// <summary><c>GET|POST /signin</c>, <c>GET /signin/oidc</c> (and its landing page), <c>POST /signout</c>, <c>GET /api/me</c>, <c>GET /api/access-audit</c>.</summary>
public static class SignInEndpoints
{
    /// <summary>Path of the sign-in page.</summary>
    public const string SignInPath = "/signin";

    /// <summary>Maps the endpoints; form posts are antiforgery-checked by <c>UseAntiforgery</c>.</summary>
    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(SignInPath, (string? returnUrl, HttpContext http, IAntiforgery antiforgery, IOptions<SecurityOptions> options) =>
            Page(http, antiforgery, options.Value, LocalOrHome(returnUrl), null, null, StatusCodes.Status200OK)).AllowAnonymous();

        endpoints.MapPost(SignInPath, async ([FromForm] SignInForm form, HttpContext http, IAntiforgery antiforgery, PasswordSignIn signIn, IOptions<SecurityOptions> options) =>
        {
            var returnUrl = LocalOrHome(form.ReturnUrl);
            var result = signIn.Check(form.Username, form.Password);
            if (result.Principal is null)
            {
                var message = result.LockedUntil is { } until
                    ? $"Tài khoản bị khoá đến {VietnamTime.ToVietnam(until).ToString("HH:mm", CultureInfo.InvariantCulture)} (UTC+7) · Account locked until then"
                    : "Sai tên đăng nhập hoặc mật khẩu · Wrong user name or password";
                return Page(http, antiforgery, options.Value, returnUrl, message, form.Username, StatusCodes.Status401Unauthorized);
            }

            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, result.Principal);
            return Results.LocalRedirect(HomeFor(returnUrl, ProvinceScope.Of(result.Principal)));
        }).AllowAnonymous();

        endpoints.MapGet(SignInPath + "/oidc", (string? returnUrl, IOptions<SecurityOptions> options) =>
            options.Value.Oidc is null
                ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "OpenID Connect sign-in is off", detail: "set Dashboard:Security:Oidc to enable it")
                : Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOrHome(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme])).AllowAnonymous();

        endpoints.MapGet(OidcSignIn.LandingPath, (string? returnUrl) =>
            Results.Content(OidcSignIn.LandingPage(LocalOrHome(returnUrl)), "text/html; charset=utf-8")).AllowAnonymous();

        endpoints.MapPost("/signout", async (HttpContext http, AuditLog audit, IOptions<SecurityOptions> options) =>
        {
            audit.Record(http.User.Identity?.Name ?? "anonymous", "signout", http.User.Identity?.Name ?? "anonymous");
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (options.Value.Oidc is not null && http.User.HasClaim(DashboardClaims.Method, "oidc"))
            {
                // Ends the provider's session too: on a shared control-room PC the next person must not get in on it.
                await http.SignOutAsync(OpenIdConnectDefaults.AuthenticationScheme, new AuthenticationProperties { RedirectUri = SignInPath });
                return Results.Empty;
            }

            return Results.LocalRedirect(SignInPath);
        }).DisableAntiforgery().AddEndpointFilter(RequireFormAntiforgery);

        endpoints.MapGet("/api/me", (HttpContext http) =>
        {
            var scope = ProvinceScope.Of(http.User);
            return TypedResults.Ok(new SignedInUser(
                http.User.Identity?.Name,
                [.. http.User.FindAll(System.Security.Claims.ClaimTypes.Role).Select(c => c.Value)],
                scope.Codes));
        }).WithName("Me").WithSummary("The signed-in user: name, roles and bound provinces.");

        endpoints.MapGet("/api/access-audit", (int? limit, string? target, AuditLog audit) =>
            TypedResults.Ok(audit.Recent(Math.Clamp(limit ?? 200, 1, 2000), target))).RequireAuthorization(Policies.Admin)
            .WithName("AccessAudit").WithSummary("The Dashboard's access audit, newest first (admin; limit 1..2000, default 200; target filters).");
        return endpoints;
    }

    /// <summary>Only a local path is followed after sign-in (no open redirect); anything else goes home.</summary>
    public static string LocalOrHome(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl[0] == '/' && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
            ? returnUrl
            : "/";

    /// <summary>A province-bound user has no national wallboard: home is the first own province.</summary>
    /// <param name="returnUrl">The local page asked for.</param>
    /// <param name="scope">The user's provinces.</param>
    public static string HomeFor(string returnUrl, ProvinceScope scope) =>
        returnUrl == "/" && scope.IsBound && scope.Codes.Count > 0 ? "/provinces/" + scope.Codes[0] : returnUrl;

    private static IResult Page(HttpContext http, IAntiforgery antiforgery, SecurityOptions options, string returnUrl, string? message, string? name, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var html = SignInPage.Render(tokens.FormFieldName, tokens.RequestToken ?? string.Empty, returnUrl, message, name, options.Oidc?.DisplayName);
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    // The sign-out form has no body to bind, so the automatic check does not run: validate explicitly.
    private static async ValueTask<object?> RequireFormAntiforgery(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
        if (!await antiforgery.IsRequestValidAsync(context.HttpContext))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "antiforgery token missing or invalid", detail: "sign out from the Dashboard's own page");
        }

        return await next(context);
    }
}
