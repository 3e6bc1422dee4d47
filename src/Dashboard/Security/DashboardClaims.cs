namespace Supervision.Dashboard.Security;

/// <summary>Claim types the Dashboard puts in its sign-in cookie.</summary>
public static class DashboardClaims
{
    /// <summary>One claim per province code the user is bound to; none means the whole country.</summary>
    public const string Province = "supervision:province";

    /// <summary>How the user signed in: <c>password</c> or <c>oidc</c>.</summary>
    public const string Method = "supervision:method";
}
