using Microsoft.OpenApi;

namespace Supervision.Alerting.Api;

/// <summary>
/// The OpenAPI document of Alerting's HTTP API, served at <c>/openapi/v1.json</c> under the same key rules as every read
/// of <c>/api</c> (<see cref="ReadKeyMiddleware"/>). Its schemas are the Core contracts the endpoints return.
/// </summary>
internal static class AlertingOpenApi
{
    /// <summary>Name of the security scheme that stands for the <c>X-Api-Key</c> header.</summary>
    public const string ApiKeyScheme = "apiKey";

    public static IServiceCollection AddAlertingOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Supervision Alerting API";
            document.Info.Description = "Alerts, acknowledgements, silences, rules, maintenance windows, on-call, notifications and audit. "
                + $"Actions need the {HubNames.ApiKeyHeader} header; reads need it too when the service listens beyond loopback "
                + "or Alerting:ApiKeyForReads is true. Request and response bodies are the records of Supervision.Core.Contracts.Alerting.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
            document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = HubNames.ApiKeyHeader,
                Description = "Alerting:ApiKey",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] }];
            return Task.CompletedTask;
        }));
}
