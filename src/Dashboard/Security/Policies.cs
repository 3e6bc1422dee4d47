namespace Supervision.Dashboard.Security;

/// <summary>
/// Named authorization policies. Every one of them also carries <see cref="ProvinceScopeRequirement"/>, so a
/// user bound to provinces is refused another province's page or API whatever the policy.
/// </summary>
public static class Policies
{
    /// <summary>Signed in with any role: wallboard, province views, status API (also the default and fallback policy).</summary>
    public const string SignedIn = "signed-in";

    /// <summary>National views (wallboard <c>/</c>, <c>/api/status</c>, hub group <c>national</c>): users not bound to provinces.</summary>
    public const string National = "national";

    /// <summary>Read-only status of a province (API and hub): signed in, or anyone when <see cref="SecurityOptions.AnonymousStatusApi"/>.</summary>
    public const string StatusRead = "status-read";

    /// <summary>Read-only national status: as <see cref="StatusRead"/>, and a signed-in user must not be bound to provinces.</summary>
    public const string StatusReadNational = "status-read-national";

    /// <summary>The on-call console and its actions (acknowledge, silence, maintenance): operator, engineer, admin.</summary>
    public const string Console = "console";

    /// <summary>Leaders' summaries: leader, engineer, admin.</summary>
    public const string Summaries = "summaries";

    /// <summary>The access audit log: admin.</summary>
    public const string Admin = "admin";

    /// <summary>Roles that may act on alerts.</summary>
    public static IReadOnlyList<string> ActingRoles { get; } = [Roles.Operator, Roles.Engineer, Roles.Admin];

    /// <summary>Registers the policies; the default and fallback policy is <see cref="SignedIn"/>.</summary>
    public static void Configure(AuthorizationOptions options, bool anonymousStatus)
    {
        ArgumentNullException.ThrowIfNull(options);
        var signedIn = Build(b => b.RequireRole(Roles.All));
        options.AddPolicy(SignedIn, signedIn);
        options.DefaultPolicy = signedIn;
        options.FallbackPolicy = signedIn;
        options.AddPolicy(National, Build(b => b.RequireRole(Roles.All).AddRequirements(new NationalScopeRequirement())));
        options.AddPolicy(StatusRead, StatusPolicy(anonymousStatus));
        options.AddPolicy(StatusReadNational, StatusPolicy(anonymousStatus, new NationalScopeRequirement()));
        options.AddPolicy(Console, Build(b => b.RequireRole(ActingRoles)));
        options.AddPolicy(Summaries, Build(b => b.RequireRole(Roles.Leader, Roles.Engineer, Roles.Admin)));
        options.AddPolicy(Admin, Build(b => b.RequireRole(Roles.Admin)));
    }

    // An anonymous caller has no province claims, so the scope requirements let it through; only the assertion decides.
    private static AuthorizationPolicy StatusPolicy(bool anonymousStatus, params IAuthorizationRequirement[] extra) =>
        new AuthorizationPolicyBuilder()
            .RequireAssertion(c => c.User.Identity?.IsAuthenticated == true ? Roles.All.Any(c.User.IsInRole) : anonymousStatus)
            .AddRequirements([new ProvinceScopeRequirement(), .. extra])
            .Build();

    private static AuthorizationPolicy Build(Action<AuthorizationPolicyBuilder> configure)
    {
        var builder = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new ProvinceScopeRequirement());
        configure(builder);
        return builder.Build();
    }
}
