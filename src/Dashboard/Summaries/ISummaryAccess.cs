namespace Supervision.Dashboard.Summaries;

/// <summary>
/// The seam for the access layer: which provinces a user may see in the summaries. The default lets
/// everyone see everything (no sign-in yet); the sign-in work replaces the registration with one that
/// reads the user's province claims and requires role <c>leader</c> or <c>admin</c>.
/// </summary>
public interface ISummaryAccess
{
    /// <summary>The province codes <paramref name="user"/> may see, or null for all provinces and the central agencies.</summary>
    IReadOnlySet<string>? AllowedProvinces(ClaimsPrincipal user);
}

/// <summary>No restriction: every province.</summary>
public sealed class OpenSummaryAccess : ISummaryAccess
{
    /// <inheritdoc />
    public IReadOnlySet<string>? AllowedProvinces(ClaimsPrincipal user) => null;
}
