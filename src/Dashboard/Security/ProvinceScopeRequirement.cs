namespace Supervision.Dashboard.Security;

/// <summary>
/// The route's province (route value <c>code</c>, any case) must be in the user's scope. Part of every policy,
/// so the rule holds for pages (prerendered and in the circuit) and APIs alike.
/// </summary>
public sealed class ProvinceScopeRequirement : IAuthorizationRequirement;

/// <summary>National views need a user who is not bound to provinces.</summary>
public sealed class NationalScopeRequirement : IAuthorizationRequirement;

/// <summary>Decides <see cref="ProvinceScopeRequirement"/> and <see cref="NationalScopeRequirement"/>.</summary>
public sealed class ProvinceScopeHandler : IAuthorizationHandler
{
    /// <summary>Route value that names a province in pages (<c>/provinces/{Code}</c>) and APIs (<c>{code}</c>).</summary>
    public const string RouteKey = "code";

    /// <inheritdoc />
    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var scope = ProvinceScope.Of(context.User);
        foreach (var requirement in context.PendingRequirements.ToArray())
        {
            switch (requirement)
            {
                case ProvinceScopeRequirement when !scope.IsBound || RouteProvince(context.Resource) is not { } code || scope.Allows(code):
                case NationalScopeRequirement when !scope.IsBound:
                    context.Succeed(requirement);
                    break;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The province code a resource (HTTP request or Blazor route) names, or null.</summary>
    public static string? RouteProvince(object? resource)
    {
        IEnumerable<KeyValuePair<string, object?>>? values = resource switch
        {
            HttpContext http => http.Request.RouteValues,
            Microsoft.AspNetCore.Components.RouteData route => route.RouteValues,
            _ => null,
        };
        if (values is null)
        {
            return null;
        }

        foreach (var (key, value) in values)
        {
            if (string.Equals(key, RouteKey, StringComparison.OrdinalIgnoreCase))
            {
                return value?.ToString();
            }
        }

        return null;
    }
}
