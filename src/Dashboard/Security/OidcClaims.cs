namespace Supervision.Dashboard.Security;

/// <summary>Turns a provider's claims into the Dashboard's: the five roles and the bound provinces, nothing else.</summary>
public static class OidcClaims
{
    /// <summary>Maps a principal from the provider; unknown role values are dropped, so a provider cannot invent roles.</summary>
    public static ClaimsPrincipal Map(ClaimsPrincipal external, OidcSettings settings)
    {
        ArgumentNullException.ThrowIfNull(external);
        ArgumentNullException.ThrowIfNull(settings);
        var name = external.FindFirst("preferred_username")?.Value ?? external.FindFirst("name")?.Value ?? external.FindFirst("sub")?.Value ?? "unknown";
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, external.FindFirst("sub")?.Value ?? name),
            new(ClaimTypes.Name, name),
            new(DashboardClaims.Method, "oidc"),
        };
        foreach (var value in Values(external, settings.RoleClaim).Where(Roles.IsKnown).Distinct(StringComparer.Ordinal))
        {
            claims.Add(new Claim(ClaimTypes.Role, value));
        }

        foreach (var value in Values(external, settings.ProvinceClaim).Where(v => v.Length == 2 && v.All(char.IsAsciiDigit)).Distinct(StringComparer.Ordinal))
        {
            claims.Add(new Claim(DashboardClaims.Province, value));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, "oidc", ClaimTypes.Name, ClaimTypes.Role));
    }

    // Providers send a list either as repeated claims or as one space- or comma-separated value.
    private static IEnumerable<string> Values(ClaimsPrincipal principal, string type) =>
        principal.FindAll(type).SelectMany(c => c.Value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
