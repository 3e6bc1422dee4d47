namespace Supervision.Dashboard.Security;

/// <summary>
/// Which provinces a user may see and act on: all of them (no <see cref="DashboardClaims.Province"/> claim) or
/// exactly the bound ones. Pages, APIs, hub groups and the console all ask this one type.
/// </summary>
public sealed class ProvinceScope
{
    private readonly HashSet<string>? _codes;

    private ProvinceScope(HashSet<string>? codes) => _codes = codes;

    /// <summary>The whole country.</summary>
    public static ProvinceScope Everything { get; } = new(null);

    /// <summary>True when the user is bound to provinces.</summary>
    public bool IsBound => _codes is not null;

    /// <summary>The bound province codes, sorted (empty when not bound).</summary>
    public IReadOnlyList<string> Codes => _codes is null ? [] : [.. _codes.Order(StringComparer.Ordinal)];

    /// <summary>The scope of a signed-in user.</summary>
    public static ProvinceScope Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        HashSet<string>? codes = null;
        foreach (var claim in user.FindAll(DashboardClaims.Province))
        {
            (codes ??= new HashSet<string>(StringComparer.Ordinal)).Add(claim.Value);
        }

        return codes is null ? Everything : new ProvinceScope(codes);
    }

    /// <summary>True when the user may see and act on <paramref name="provinceCode"/>.</summary>
    public bool Allows(string? provinceCode) => _codes is null || (provinceCode is not null && _codes.Contains(provinceCode));

    /// <summary>True when the user may see this alert (alerts without a province label are national: unbound users only).</summary>
    public bool Allows(AlertView alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return Allows(alert.Labels.GetValueOrDefault("province"));
    }

    /// <summary>
    /// True when the user may join the hub group: <c>national</c> only when not bound, <c>province:{code}</c> for
    /// an allowed code. Unknown group names pass here: the hub itself answers them with a clear error.
    /// </summary>
    public bool AllowsGroup(string group)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (group == HubNames.NationalGroup)
        {
            return !IsBound;
        }

        const string prefix = "province:";
        return !group.StartsWith(prefix, StringComparison.Ordinal) || Allows(group[prefix.Length..]);
    }
}
