namespace Supervision.Dashboard.Reports;

/// <summary>
/// <c>GET /api/reports</c> (the archive's index as the caller may see it), <c>GET /api/reports/{id}.pdf</c> (one
/// report) — policy <c>summaries</c>, with the summaries' province rule: a user bound to provinces sees only their
/// provinces' reports, never the national one — and <c>POST /api/reports/{id}/retry</c> (admin) for a failed report.
/// </summary>
public static class ReportEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/reports");
        api.MapGet(string.Empty, (ClaimsPrincipal user, ReportArchive archive, ISummaryAccess access) =>
            TypedResults.Ok(Visible(archive.List(), access.AllowedProvinces(user))))
            .RequireAuthorization(Policies.Summaries)
            .WithName("Reports").WithSummary("The scheduled reports the caller may read, newest period first, with their status.");
        api.MapGet("/{id}.pdf", (string id, ClaimsPrincipal user, ReportArchive archive, ISummaryAccess access) =>
        {
            if (!ReportArchive.IsId(id) || archive.Find(id) is not { } record || !File.Exists(archive.PdfPath(id)))
            {
                return Results.Problem(statusCode: 404, title: "no such report", detail: $"report '{id}' is not in the archive");
            }

            return MayRead(record, access.AllowedProvinces(user))
                ? Results.File(archive.PdfPath(id), "application/pdf", id + ".pdf")
                : Results.Problem(statusCode: 403, title: "not your report", detail: $"report '{id}' is outside the provinces you may see");
        }).RequireAuthorization(Policies.Summaries)
            .WithName("ReportPdf").WithSummary("One archived report as PDF.")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id}/retry", async (string id, ClaimsPrincipal user, ReportRunner runner, CancellationToken ct) =>
            await runner.RetryAsync(id, user.Identity?.Name ?? "?", ct)
                ? Results.Accepted()
                : Results.Problem(statusCode: 404, title: "nothing to retry", detail: $"report '{id}' is not a failed report of the archive"))
            .RequireAuthorization(Policies.Admin)
            .WithName("RetryReport").WithSummary("Tries a failed or given-up report again at once (its attempts start again).");
        return endpoints;
    }

    /// <summary>Whether a user with <paramref name="allowed"/> provinces (null = all) may read <paramref name="record"/>.</summary>
    public static bool MayRead(ReportRecord record, IReadOnlySet<string>? allowed)
    {
        ArgumentNullException.ThrowIfNull(record);
        return allowed is null || (!record.IsNational && allowed.Contains(record.Scope));
    }

    /// <summary>The records a user with <paramref name="allowed"/> provinces may read.</summary>
    public static IReadOnlyList<ReportRecord> Visible(IEnumerable<ReportRecord> records, IReadOnlySet<string>? allowed) =>
        records.Where(r => MayRead(r, allowed)).ToList();
}
