using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Messages;
using Supervision.Dashboard.Security;

namespace Supervision.Dashboard.Tests.Security;

public sealed class SecurityUnitTests
{
    [Fact]
    public void a_password_verifies_against_its_own_hash_only_and_a_malformed_hash_never_verifies()
    {
        var hash = PasswordHashing.Hash("đúng mật khẩu", PasswordHashing.MinimumIterations);
        Assert.StartsWith("pbkdf2-sha256$10000$", hash, StringComparison.Ordinal);
        Assert.True(PasswordHashing.Verify("đúng mật khẩu", hash));
        Assert.False(PasswordHashing.Verify("dung mat khau", hash));
        Assert.NotEqual(hash, PasswordHashing.Hash("đúng mật khẩu", PasswordHashing.MinimumIterations)); // salted
        Assert.False(PasswordHashing.Verify("x", "plain-text-password"));
        Assert.False(PasswordHashing.TryParse("pbkdf2-sha256$10$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==", out _, out _, out _, out var error));
        Assert.Contains("iterations", error, StringComparison.Ordinal);
    }

    [Fact]
    public void the_lockout_locks_after_the_threshold_and_opens_again_when_the_duration_has_passed()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        var lockout = new SignInLockout(Options.Create(new SecurityOptions { LockoutThreshold = 5, LockoutDuration = TimeSpan.FromMinutes(15) }), time);
        for (var i = 0; i < 4; i++)
        {
            Assert.Null(lockout.Fail("An"));
        }

        Assert.Null(lockout.LockedUntil("an"));
        Assert.Equal(time.GetUtcNow().AddMinutes(15), lockout.Fail("AN"));
        Assert.NotNull(lockout.LockedUntil("an"));
        time.Advance(TimeSpan.FromMinutes(15));
        Assert.Null(lockout.LockedUntil("an"));
        Assert.Null(lockout.Fail("an")); // the count starts again after a lock ends
    }

    [Fact]
    public void a_success_clears_the_failures()
    {
        var lockout = new SignInLockout(Options.Create(new SecurityOptions { LockoutThreshold = 2 }), new FakeTimeProvider());
        Assert.Null(lockout.Fail("an"));
        lockout.Succeed("an");
        Assert.Null(lockout.Fail("an"));
    }

    [Fact]
    public void province_scope_allows_bound_provinces_their_groups_and_alerts_only()
    {
        var bound = ProvinceScope.Of(new ClaimsPrincipal(new ClaimsIdentity([new Claim(DashboardClaims.Province, "79"), new Claim(DashboardClaims.Province, "04")], "test")));
        Assert.True(bound.IsBound);
        Assert.Equal(["04", "79"], bound.Codes);
        Assert.True(bound.AllowsGroup(HubNames.ProvinceGroup("79")));
        Assert.False(bound.AllowsGroup(HubNames.ProvinceGroup("01")));
        Assert.False(bound.AllowsGroup(HubNames.NationalGroup));
        Assert.True(bound.Allows(Alert("79")));
        Assert.False(bound.Allows(Alert("01")));
        Assert.False(bound.Allows(Alert(null))); // a national alert is not a province's

        var everything = ProvinceScope.Of(new ClaimsPrincipal(new ClaimsIdentity([], "test")));
        Assert.False(everything.IsBound);
        Assert.True(everything.AllowsGroup(HubNames.NationalGroup));
        Assert.True(everything.Allows(Alert(null)));
    }

    [Fact]
    public void the_validator_names_the_user_and_field_of_each_mistake()
    {
        var options = new SecurityOptions
        {
            Users =
            [
                new UserEntry { Name = "an", PasswordHash = "secret", Roles = ["boss"], Provinces = ["7"] },
                new UserEntry { Name = "AN", PasswordHash = PasswordHashing.Hash("x", PasswordHashing.MinimumIterations), Roles = [Roles.Viewer] },
            ],
        };
        var failures = new SecurityOptionsValidator().Validate(null, options).Failures!.ToArray();
        Assert.Contains(failures, f => f.StartsWith("Dashboard:Security:Users:0:PasswordHash (an)", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'boss' is not one of", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'7' is not a 2-digit province code", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Dashboard:Security:Users:1:Name: 'AN' appears twice", StringComparison.Ordinal));
    }

    [Fact]
    public void oidc_claims_keep_only_the_five_roles_and_valid_province_codes()
    {
        var external = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("preferred_username", "lan"), new Claim("sub", "42"), new Claim("roles", "engineer superuser"), new Claim("roles", "viewer"), new Claim("provinces", "79,xx")], "oidc"));
        var mapped = OidcClaims.Map(external, new OidcSettings());
        Assert.Equal("lan", mapped.Identity!.Name);
        Assert.True(mapped.IsInRole(Roles.Engineer));
        Assert.True(mapped.IsInRole(Roles.Viewer));
        Assert.False(mapped.IsInRole("superuser"));
        Assert.Equal(["79"], ProvinceScope.Of(mapped).Codes);
    }

    [Fact]
    public void oidc_settings_are_checked_at_start_up_with_the_setting_named()
    {
        var options = new SecurityOptions { Oidc = new OidcSettings { Authority = "http://sso.example/realms/x", ClientId = "", RoleClaim = " " } };
        var failures = new SecurityOptionsValidator().Validate(null, options).Failures!.ToArray();
        Assert.Contains(failures, f => f.StartsWith("Dashboard:Security:Oidc:Authority: 'http://sso.example/realms/x' must be an absolute https URL", StringComparison.Ordinal));
        Assert.Contains("Dashboard:Security:Oidc:ClientId: required", failures);
        Assert.Contains(failures, f => f.StartsWith("Dashboard:Security:Oidc:RoleClaim: required", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("ProvinceClaim", StringComparison.Ordinal));

        options.Oidc = new OidcSettings { Authority = "http://127.0.0.1:5601", ClientId = "d", AllowHttp = true };
        Assert.True(new SecurityOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void the_former_public_status_key_is_refused_with_its_new_name_and_default()
    {
        Assert.False(new SecurityOptions().AnonymousStatusApi);
        var failures = new SecurityOptionsValidator().Validate(null, new SecurityOptions { PublicStatus = true }).Failures!.ToArray();
        var failure = Assert.Single(failures);
        Assert.StartsWith("Dashboard:Security:PublicStatus: renamed AnonymousStatusApi, and its default is now false", failure, StringComparison.Ordinal);
        Assert.EndsWith("Write Dashboard:Security:AnonymousStatusApi=true instead", failure, StringComparison.Ordinal);
        Assert.True(new SecurityOptionsValidator().Validate(null, new SecurityOptions { AnonymousStatusApi = true }).Succeeded);
    }

    [Fact]
    public void the_status_page_settings_are_checked_at_start_up()
    {
        var options = new Configuration.DashboardOptions { InventoryPath = Testing.RepoPaths.NationalInventory, IngestApiKeys = ["0123456789abcdef"] };
        Assert.True(new Configuration.DashboardOptionsValidator().Validate(null, options).Succeeded);
        options.StatusPage.Refresh = TimeSpan.FromMilliseconds(500);
        options.StatusPage.MaxAge = TimeSpan.FromSeconds(2);
        var failures = new Configuration.DashboardOptionsValidator().Validate(null, options).Failures!.ToArray();
        Assert.Contains("Dashboard:StatusPage:Refresh: 00:00:00.5000000 is outside 00:00:01 .. 00:10:00", failures);
        Assert.Contains(failures, f => f.StartsWith("Dashboard:StatusPage:MaxAge: 00:00:02 is outside 0 .. Refresh", StringComparison.Ordinal));
    }

    [Fact]
    public void the_oidc_landing_page_moves_on_to_local_pages_only_and_encodes_them()
    {
        Assert.Contains("content=\"0;url=/provinces/79\"", OidcSignIn.LandingPage("/provinces/79"), StringComparison.Ordinal);
        Assert.Contains("content=\"0;url=/\"", OidcSignIn.LandingPage("//evil.example/x"), StringComparison.Ordinal);
        Assert.Contains("content=\"0;url=/\"", OidcSignIn.LandingPage("https://evil.example/"), StringComparison.Ordinal);
        Assert.Contains("url=/summaries?a=1&amp;b=&quot;x&quot;", OidcSignIn.LandingPage("/summaries?a=1&b=\"x\""), StringComparison.Ordinal);
    }

    [Fact]
    public void a_bound_user_comes_home_to_the_lowest_own_province_and_keeps_an_explicit_page()
    {
        var bound = ProvinceScope.Of(OidcClaims.Map(new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "k"), new Claim("roles", "engineer"), new Claim("provinces", "79 04")], "oidc")), new OidcSettings()));
        Assert.Equal("/provinces/04", SignInEndpoints.HomeFor("/", bound)); // codes in order
        Assert.Equal("/console", SignInEndpoints.HomeFor("/console", bound));
        Assert.Equal("/", SignInEndpoints.HomeFor("/", ProvinceScope.Of(new ClaimsPrincipal(new ClaimsIdentity()))));
    }

    [Fact]
    public void hash_password_reads_standard_input_and_refuses_an_empty_password()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, HashPasswordCommand.Run(new StringReader("mật khẩu\n"), output, error));
        Assert.True(PasswordHashing.Verify("mật khẩu", output.ToString().Trim()));
        Assert.Equal(2, HashPasswordCommand.Run(new StringReader(""), output, error));
        Assert.Contains("standard input", error.ToString(), StringComparison.Ordinal);
    }

    private static AlertView Alert(string? province)
    {
        var labels = province is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["province"] = province };
        return new AlertView("a", "r", AlertState.Firing, "critical", labels, new Dictionary<string, string>(), default, default, null, default);
    }
}
