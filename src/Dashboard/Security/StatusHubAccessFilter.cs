namespace Supervision.Dashboard.Security;

/// <summary>
/// Refuses <c>Join</c> on the status hub for a group outside the caller's provinces (a bound user may not join
/// <c>national</c>): the hub stays unaware of users, the rule lives with the other access rules.
/// </summary>
public sealed class StatusHubAccessFilter(AuditLog audit, ILogger<StatusHubAccessFilter> logger) : IHubFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        if (invocationContext.HubMethodName == HubNames.Join
            && invocationContext.HubMethodArguments is [string group, ..]
            && invocationContext.Context.User is { } user
            && !ProvinceScope.Of(user).AllowsGroup(group))
        {
            var name = user.Identity?.Name ?? "anonymous";
            SecurityLog.GroupRefused(logger, name, group);
            audit.Record(name, "hub.join", group, "denied");
            throw new HubException($"403: group '{group}' is outside your provinces ({string.Join(", ", ProvinceScope.Of(user).Codes)})");
        }

        return await next(invocationContext);
    }
}
