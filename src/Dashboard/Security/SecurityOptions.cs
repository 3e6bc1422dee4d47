namespace Supervision.Dashboard.Security;

/// <summary>Sign-in, users and audit settings (section <c>Dashboard:Security</c>; docs/security.md).</summary>
public sealed class SecurityOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Dashboard:Security";

    /// <summary>Users who sign in with a password (default none: then only OpenID Connect, if configured, lets anyone in).</summary>
    public List<UserEntry> Users { get; set; } = [];

    /// <summary>
    /// An extra JSON file with the same shape as appsettings (<c>{"Dashboard":{"Security":{"Users":[…]}}}</c>),
    /// so users live outside appsettings; command line <c>--users</c>. Default none.
    /// </summary>
    public string? UsersFile { get; set; }

    /// <summary>Failed password sign-ins in a row that lock the account (default 5).</summary>
    public int LockoutThreshold { get; set; } = 5;

    /// <summary>How long a locked account stays locked (default 15 minutes).</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Lifetime of the sign-in cookie, renewed while used (default 12 hours: one control-room shift).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Append-only audit file, one JSON object a line (default <c>data/dashboard-audit.log</c>; empty: log only).</summary>
    public string? AuditPath { get; set; } = "data/dashboard-audit.log";

    /// <summary>
    /// Opens the internal read-only status (<c>GET /api/status</c>, <c>GET /api/status/provinces/{code}</c> and the
    /// <c>/hubs/status</c> hub, which carry the active alerts) to callers who have not signed in (default false: sign-in
    /// required, as DESIGN.md gives it). Citizens have the public page <c>/status</c>, which needs neither. Signed-in users
    /// bound to provinces are held to them either way. A start-up warning says when it is on.
    /// </summary>
    public bool AnonymousStatusApi { get; set; }

    /// <summary>
    /// The former name of <see cref="AnonymousStatusApi"/>, whose default was true. Refused at start-up when set, so an
    /// operator who relied on it learns that the default changed instead of finding wallboard tools locked out.
    /// </summary>
    public bool? PublicStatus { get; set; }

    /// <summary>OpenID Connect sign-in; null (default) disables it.</summary>
    public OidcSettings? Oidc { get; set; }
}

/// <summary>A user who signs in with a password.</summary>
public sealed class UserEntry
{
    /// <summary>Sign-in name, compared case-insensitively (required).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Name shown in the console and written as the author of acknowledgements (default: <see cref="Name"/>).</summary>
    public string? DisplayName { get; set; }

    /// <summary>PBKDF2 hash from <c>hash-password</c> (required; never the password itself).</summary>
    public string PasswordHash { get; set; } = string.Empty;

    /// <summary>Roles: viewer, operator, engineer, leader, admin (at least one).</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>Province codes the user is bound to (default none: the whole country).</summary>
    public List<string> Provinces { get; set; } = [];
}

/// <summary>OpenID Connect settings (authorization code flow with PKCE).</summary>
public sealed class OidcSettings
{
    /// <summary>Issuer URL, e.g. <c>https://sso.example.gov.vn/realms/supervision</c> (required).</summary>
    public string Authority { get; set; } = string.Empty;

    /// <summary>Client id registered at the provider (required).</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>Client secret, from an environment variable in production (optional for public clients).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// Scopes asked for besides <c>openid</c>, space-separated (default <c>profile</c>); add the scope under which the
    /// provider releases the role and province claims when it needs one (e.g. Keycloak client scopes).
    /// </summary>
    public string Scope { get; set; } = "profile";

    /// <summary>Claim carrying the roles (default <c>roles</c>); values outside the five roles are ignored.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Claim carrying bound province codes (default <c>provinces</c>); absent means the whole country.</summary>
    public string ProvinceClaim { get; set; } = "provinces";

    /// <summary>Label of the button on the sign-in page (default <c>SSO</c>).</summary>
    public string DisplayName { get; set; } = "SSO";

    /// <summary>Allow an http:// authority (default false; loopback test providers only).</summary>
    public bool AllowHttp { get; set; }
}
