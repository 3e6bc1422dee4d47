namespace Supervision.Dashboard.Api;

/// <summary>The HTTP contract: <c>GET /api/status</c> and <c>GET /api/status/provinces/{code}</c>.</summary>
public static class StatusApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder endpoints)
    {
        // Sign-in required unless Dashboard:Security:AnonymousStatusApi opens them (they carry the alerts); a user bound to provinces gets neither the
        // national view nor another province's (docs/security.md).
        endpoints.MapGet("/api/status", (LiveState state, Cluster.ClusterHealth health) =>
            Results.Ok(health.Current() is { Nodes.Count: > 0 } cluster ? state.National() with { Cluster = cluster } : state.National())).RequireAuthorization(Security.Policies.StatusReadNational)
            .WithName("NationalStatus").WithSummary("The national snapshot: figures, provinces, active alerts (and the cluster's nodes when clustered).")
            .Produces<NationalSnapshot>();
        endpoints.MapGet("/api/status/provinces/{code}", (string code, LiveState state) =>
            state.Province(code) is { } province
                ? Results.Ok(province)
                : Results.Problem(statusCode: 404, title: "unknown province", detail: $"'{code}' is not a province code of the inventory (2 digits, e.g. 79)"))
            .RequireAuthorization(Security.Policies.StatusRead)
            .WithName("ProvinceStatus").WithSummary("One province's snapshot by its two-digit code.")
            .Produces<ProvinceSnapshot>().ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }
}
