namespace Supervision.Dashboard.Security;

/// <summary>Summaries see what the user's <see cref="ProvinceScope"/> allows: everything, or the bound provinces only.</summary>
public sealed class ScopedSummaryAccess : ISummaryAccess
{
    /// <inheritdoc />
    public IReadOnlySet<string>? AllowedProvinces(ClaimsPrincipal user)
    {
        var scope = ProvinceScope.Of(user);
        return scope.IsBound ? new HashSet<string>(scope.Codes, StringComparer.Ordinal) : null;
    }
}
