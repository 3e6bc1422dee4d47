namespace Supervision.Dashboard.Security;

/// <summary>Start-up checks of <see cref="SecurityOptions"/>; each failure names the setting and the user.</summary>
public sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Users.Count; i++)
        {
            var user = options.Users[i];
            var where = $"{SecurityOptions.Section}:Users:{i}";
            if (string.IsNullOrWhiteSpace(user.Name))
            {
                failures.Add($"{where}:Name: required");
            }
            else if (!seen.Add(user.Name))
            {
                failures.Add($"{where}:Name: '{user.Name}' appears twice");
            }

            if (!PasswordHashing.TryParse(user.PasswordHash, out _, out _, out _, out var error))
            {
                failures.Add($"{where}:PasswordHash ({user.Name}): {error}");
            }

            if (user.Roles.Count == 0)
            {
                failures.Add($"{where}:Roles ({user.Name}): at least one of {string.Join(", ", Roles.All)}");
            }

            foreach (var role in user.Roles.Where(r => !Roles.IsKnown(r)))
            {
                failures.Add($"{where}:Roles ({user.Name}): '{role}' is not one of {string.Join(", ", Roles.All)}");
            }

            foreach (var code in user.Provinces.Where(p => p.Length != 2 || !p.All(char.IsAsciiDigit)))
            {
                failures.Add($"{where}:Provinces ({user.Name}): '{code}' is not a 2-digit province code");
            }
        }

        if (options.LockoutThreshold is < 1 or > 100)
        {
            failures.Add($"{SecurityOptions.Section}:LockoutThreshold: {options.LockoutThreshold} is outside 1 .. 100");
        }

        if (options.LockoutDuration <= TimeSpan.Zero)
        {
            failures.Add($"{SecurityOptions.Section}:LockoutDuration: must be positive");
        }

        if (options.SessionLifetime < TimeSpan.FromMinutes(1))
        {
            failures.Add($"{SecurityOptions.Section}:SessionLifetime: at least one minute");
        }

        if (options.PublicStatus is { } publicStatus)
        {
            failures.Add($"{SecurityOptions.Section}:PublicStatus: renamed {nameof(SecurityOptions.AnonymousStatusApi)}, and its default is now false " +
                $"(GET /api/status and /hubs/status need sign-in; citizens have /status). Write {SecurityOptions.Section}:{nameof(SecurityOptions.AnonymousStatusApi)}={publicStatus.ToString().ToLowerInvariant()} instead");
        }

        if (options.Oidc is { } oidc)
        {
            if (!Uri.TryCreate(oidc.Authority, UriKind.Absolute, out var authority) || (authority.Scheme != Uri.UriSchemeHttps && !oidc.AllowHttp))
            {
                failures.Add($"{SecurityOptions.Section}:Oidc:Authority: '{oidc.Authority}' must be an absolute https URL (AllowHttp for a loopback test provider)");
            }

            if (string.IsNullOrWhiteSpace(oidc.ClientId))
            {
                failures.Add($"{SecurityOptions.Section}:Oidc:ClientId: required");
            }

            // Empty claim names would match nothing and silently give every provider user no role.
            if (string.IsNullOrWhiteSpace(oidc.RoleClaim))
            {
                failures.Add($"{SecurityOptions.Section}:Oidc:RoleClaim: required (the claim carrying role names, e.g. roles)");
            }

            if (string.IsNullOrWhiteSpace(oidc.ProvinceClaim))
            {
                failures.Add($"{SecurityOptions.Section}:Oidc:ProvinceClaim: required (the claim carrying province codes, e.g. provinces)");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
