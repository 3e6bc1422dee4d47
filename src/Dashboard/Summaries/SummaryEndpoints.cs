namespace Supervision.Dashboard.Summaries;

/// <summary>
/// <c>GET /api/summaries</c> (the sheet as JSON) and <c>GET /api/summaries/{table}.csv</c> (one table),
/// both with <c>period=today|7d|30d</c> and at most one of <c>region</c>, <c>province</c>, <c>commune</c>.
/// Policy <c>summaries</c> (leader, engineer, admin); a user bound to provinces sees only those (<see cref="ISummaryAccess"/>).
/// </summary>
public static class SummaryEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapSummaryApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/summaries").RequireAuthorization(Security.Policies.Summaries);
        api.MapGet(string.Empty, async (HttpContext http, SummaryService summaries, ISummaryAccess access) =>
            await RunAsync(http, summaries, access, Results.Ok))
            .WithName("Summary").WithSummary("The summary sheet as JSON; query period=today|7d|30d and at most one of region, province, commune.")
            .Produces<SummarySheet>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/{table}.csv", async (string table, HttpContext http, SummaryService summaries, ISummaryAccess access) =>
        {
            if (!SummaryCsv.Tables.Contains(table))
            {
                return Results.Problem(statusCode: 404, title: "unknown table", detail: $"'{table}' is not a summary table; use one of {string.Join(", ", SummaryCsv.Tables)}");
            }

            return await RunAsync(http, summaries, access, sheet =>
            {
                SummaryCsv.TryWrite(sheet, table, out var bytes);
                var scope = sheet.Code ?? sheet.Region ?? "toan-quoc";
                return Results.File(bytes, "text/csv; charset=utf-8", $"tong-hop-{scope}-{SummaryWindow.UrlValue(sheet.Window.Period)}-{table}.csv");
            });
        }).WithName("SummaryTableCsv").WithSummary("One table of the summary sheet as CSV (same query as the sheet).")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    /// <summary>Reads the request from the query string; null with an error text when it is malformed.</summary>
    public static SummaryRequest? Parse(IQueryCollection query, out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        error = null;
        var periodText = query["period"].ToString();
        var period = SummaryPeriod.Days7;
        if (periodText.Length > 0 && !SummaryWindow.TryParse(periodText, out period))
        {
            error = $"query 'period': '{periodText}' is not one of today, 7d, 30d";
            return null;
        }

        static string? Text(IQueryCollection q, string name) => q[name].ToString() is { Length: > 0 } v ? v : null;
        return new SummaryRequest(period, Text(query, "region"), Text(query, "province"), Text(query, "commune"));
    }

    private static async Task<IResult> RunAsync(HttpContext http, SummaryService summaries, ISummaryAccess access, Func<SummarySheet, IResult> answer)
    {
        if (Parse(http.Request.Query, out var error) is not { } request)
        {
            return Results.Problem(statusCode: 400, title: "bad summary request", detail: error);
        }

        try
        {
            var sheet = await summaries.GetAsync(request, access.AllowedProvinces(http.User), http.RequestAborted);
            return answer(sheet);
        }
        catch (SummaryRequestException ex)
        {
            return Results.Problem(statusCode: ex.Forbidden ? 403 : ex.NotFound ? 404 : 400, title: "bad summary request", detail: ex.Message);
        }
        catch (InfluxException ex)
        {
            return Results.Problem(statusCode: 503, title: "InfluxDB unavailable", detail: ex.Message);
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("no InfluxDB", StringComparison.Ordinal))
        {
            return Results.Problem(statusCode: 503, title: "no InfluxDB configured", detail: ex.Message);
        }
    }
}
