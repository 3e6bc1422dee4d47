namespace Supervision.Dashboard.Security;

/// <summary>
/// Blazor endpoints that stay open without sign-in: the framework's script and circuit hub (pages inside a circuit
/// are still checked by <c>AuthorizeRouteView</c> against each page's <c>[Authorize]</c>), and the kiosk, whose
/// page checks its own read-only token (Dashboard:Kiosk:Tokens).
/// </summary>
public static class AnonymousRoutes
{
    /// <summary>Route prefixes open to anonymous requests.</summary>
    public static IReadOnlyList<string> Prefixes { get; } = ["/_blazor", "/_framework", "/kiosk"];

    /// <summary>Endpoint convention: adds <see cref="AllowAnonymousAttribute"/> to endpoints under <see cref="Prefixes"/>.</summary>
    public static void Apply(EndpointBuilder endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } raw }
            && Prefixes.Any(p => ("/" + raw.TrimStart('/')).StartsWith(p, StringComparison.OrdinalIgnoreCase)))
        {
            endpoint.Metadata.Add(new AllowAnonymousAttribute());
        }
    }
}
