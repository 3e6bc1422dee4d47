namespace Supervision.Dashboard.Security;

/// <summary>The outcome of a password sign-in.</summary>
/// <param name="Principal">The signed-in user, or null.</param>
/// <param name="LockedUntil">Set when the account is locked (now or by this attempt).</param>
public sealed record SignInResult(ClaimsPrincipal? Principal, DateTimeOffset? LockedUntil);

/// <summary>Checks a name and password against the configured users, with lock-out and audit.</summary>
public sealed class PasswordSignIn(IOptionsMonitor<SecurityOptions> options, SignInLockout lockout, AuditLog audit)
{
    // Unknown names are checked against this hash too, so a wrong name takes as long as a wrong password.
    private static readonly string DummyHash = PasswordHashing.Hash("not a password", PasswordHashing.DefaultIterations);

    /// <summary>Tries to sign in; every attempt is audited (never the password).</summary>
    public SignInResult Check(string? name, string? password)
    {
        name = (name ?? string.Empty).Trim();
        password ??= string.Empty;
        if (name.Length == 0)
        {
            return new SignInResult(null, null);
        }

        if (lockout.LockedUntil(name) is { } until)
        {
            audit.Record(name, "signin.locked", name, "denied", $"locked until {until:O}");
            return new SignInResult(null, until);
        }

        var user = options.CurrentValue.Users.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase));
        var valid = PasswordHashing.Verify(password, user?.PasswordHash ?? DummyHash) && user is not null;
        if (!valid)
        {
            var lockedNow = lockout.Fail(name);
            audit.Record(name, lockedNow is null ? "signin.failed" : "signin.lockout", name, "denied", lockedNow is null ? null : $"locked until {lockedNow:O}");
            return new SignInResult(null, lockedNow);
        }

        lockout.Succeed(name);
        audit.Record(user!.Name, "signin", user.Name, "ok", "password");
        return new SignInResult(PrincipalFor(user), null);
    }

    /// <summary>The cookie principal of a configured user: name, display name, roles, provinces.</summary>
    public static ClaimsPrincipal PrincipalFor(UserEntry user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Name),
            new(ClaimTypes.Name, user.DisplayName ?? user.Name),
            new(DashboardClaims.Method, "password"),
        };
        claims.AddRange(user.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(user.Provinces.Select(p => new Claim(DashboardClaims.Province, p)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
