namespace Supervision.Dashboard.Api;

/// <summary>
/// The OpenAPI document of the Dashboard's HTTP API, served at <c>/openapi/v1.json</c>. It needs a signed-in user (the
/// fallback policy, as every Dashboard path that is not opened on purpose): the readers are operators' scripts, which
/// sign in to call the API anyway, and the document lists the console's actions and the admin audit, which a stranger on
/// the network has no use for (docs/api.md). Its schemas are the Core records the endpoints serve.
/// </summary>
public static class DashboardOpenApi
{
    /// <summary>Registers the document generator.</summary>
    public static IServiceCollection AddDashboardOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Supervision Dashboard API";
            document.Info.Description = "Status snapshots, summaries, the on-call console's actions (forwarded to Alerting) and the access audit. "
                + "Every path needs a signed-in session cookie (POST /signin) unless the configuration opens it; see docs/security.md.";
            return Task.CompletedTask;
        }));
}
