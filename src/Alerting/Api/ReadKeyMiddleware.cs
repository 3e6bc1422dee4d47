using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Supervision.Alerting.Api;

/// <summary>
/// Reads of <c>/api/*</c> and the OpenAPI document (<c>/openapi/*</c>) need the API key too once the service is reachable from other machines (it listens
/// beyond loopback, as the nodes of a cluster do) or <c>Alerting:ApiKeyForReads</c> says so: an alert list tells
/// an intruder which systems are down. Actions are guarded by <see cref="AlertEndpoints.ApiKeyFilter"/> either way.
/// </summary>
internal sealed class ReadKeyMiddleware(RequestDelegate next, IOptions<AlertingOptions> options, IServer server)
{
    private bool? _required;

    public Task InvokeAsync(HttpContext context)
    {
        var expected = options.Value.ApiKey;
        // The OpenAPI document (/openapi/v1.json) follows the same rule: it maps what an intruder could ask for.
        var guarded = context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi");
        if (string.IsNullOrEmpty(expected) || !guarded || !HttpMethods.IsGet(context.Request.Method))
        {
            return next(context);
        }

        _required ??= options.Value.ApiKeyForReads ?? ListensBeyondLoopback();
        if (_required != true)
        {
            return next(context);
        }

        var given = context.Request.Headers[HubNames.ApiKeyHeader].ToString();
        if (System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(given), System.Text.Encoding.UTF8.GetBytes(expected)))
        {
            return next(context);
        }

        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "missing or wrong X-Api-Key").ExecuteAsync(context);
    }

    private bool ListensBeyondLoopback()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var a in addresses)
        {
            // "http://+:80", "http://*:80", "http://0.0.0.0:80" and a named host all reach beyond this machine.
            var host = a.Replace("://+", "://any", StringComparison.Ordinal).Replace("://*", "://any", StringComparison.Ordinal);
            if (!Uri.TryCreate(host, UriKind.Absolute, out var uri) || !(uri.IsLoopback || uri.Host == "localhost"))
            {
                return true;
            }
        }

        return false;
    }
}
