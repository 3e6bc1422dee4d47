using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Supervision.Dashboard.Security;

/// <summary>Wires sign-in, roles, province scope and audit (docs/security.md).</summary>
public static class SecurityServiceCollectionExtensions
{
    /// <summary>Cookie name of a signed-in session.</summary>
    public const string CookieName = "supervision.auth";

    /// <summary>Adds cookie (and optionally OpenID Connect) authentication, the policies and the audit log.</summary>
    public static IServiceCollection AddDashboardSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        services.AddSingleton<SignInLockout>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<PasswordSignIn>();
        services.AddSingleton<IAuthorizationHandler, ProvinceScopeHandler>();
        // Replaces the summaries' open default, whichever was registered first.
        services.Replace(ServiceDescriptor.Singleton<Summaries.ISummaryAccess, ScopedSummaryAccess>());
        var security = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        services.AddAuthorization(o => Policies.Configure(o, security.AnonymousStatusApi));
        services.AddCascadingAuthenticationState();

        var authentication = services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                // Strict: no other site can make a browser send the session (the JSON action APIs rely on it).
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = security.SessionLifetime;
                o.SlidingExpiration = true;
                o.LoginPath = SignInEndpoints.SignInPath;
                o.Events.OnRedirectToLogin = ctx => Answer(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => Answer(ctx, StatusCodes.Status403Forbidden);
            });
        if (security.Oidc is { } oidc)
        {
            authentication.AddOpenIdConnect(OpenIdConnectDefaults.AuthenticationScheme, o => OidcSignIn.Configure(o, oidc));
        }

        return services;
    }

    /// <summary>Authentication and authorization middleware; call before <c>UseAntiforgery</c> and the endpoints.</summary>
    public static IApplicationBuilder UseDashboardSecurity(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ApplicationServices.GetRequiredService<IOptions<SecurityOptions>>().Value;
        if (options.Users.Count == 0 && options.Oidc is null)
        {
            SecurityLog.NoUsers(app.ApplicationServices.GetRequiredService<ILogger<AuditLog>>());
        }

        if (options.AnonymousStatusApi)
        {
            SecurityLog.AnonymousStatusApi(app.ApplicationServices.GetRequiredService<ILogger<AuditLog>>());
        }

        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// True for requests a program makes (APIs, hubs, Blazor's own endpoints, the OpenAPI document): they get a status code, not a redirect.
    /// </summary>
    public static bool IsApiRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
            || request.Path.StartsWithSegments("/hubs", StringComparison.Ordinal)
            || request.Path.StartsWithSegments("/_blazor", StringComparison.Ordinal)
            || request.Path.StartsWithSegments("/openapi", StringComparison.Ordinal)
            || !HttpMethods.IsGet(request.Method);
    }

    private static Task Answer(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (status == StatusCodes.Status401Unauthorized && !IsApiRequest(ctx.Request))
        {
            ctx.Response.Redirect(ctx.RedirectUri);
            return Task.CompletedTask;
        }

        ctx.Response.StatusCode = status;
        if (status == StatusCodes.Status403Forbidden && !IsApiRequest(ctx.Request))
        {
            ctx.Response.ContentType = "text/html; charset=utf-8";
            return ctx.Response.WriteAsync(SignInPage.Forbidden(ctx.Request.Path));
        }

        return Task.CompletedTask;
    }
}
