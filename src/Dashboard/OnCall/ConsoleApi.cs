namespace Supervision.Dashboard.OnCall;

/// <summary>Body of <c>POST /api/console/alerts/{id}/ack</c>.</summary>
/// <param name="Comment">Why, optional.</param>
public sealed record AckBody(string? Comment);

/// <summary>Body of <c>POST /api/console/silences</c>: an end time, or a duration from the start.</summary>
/// <param name="Matchers">All must match.</param>
/// <param name="StartsAt">Start (default now).</param>
/// <param name="EndsAt">End; or give <paramref name="DurationMinutes"/>.</param>
/// <param name="DurationMinutes">Length in minutes when <paramref name="EndsAt"/> is not given.</param>
/// <param name="Comment">Why (required).</param>
public sealed record SilenceBody(IReadOnlyList<SilenceMatcher>? Matchers, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, double? DurationMinutes, string? Comment);

/// <summary>
/// The console's actions over HTTP, for scripts and tests (<c>/api/console/…</c>, policy <c>console</c>); the same
/// <see cref="ConsoleActions"/> as the page, so role, province and audit rules are identical.
/// </summary>
public static class ConsoleApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapConsoleApi(this IEndpointRouteBuilder endpoints)
    {
        // Every answer may also be a problem: 400 invalid, 403 outside the user's role or provinces, 404, 502 Alerting refused.
        var api = endpoints.MapGroup("/api/console").RequireAuthorization(Policies.Console)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status502BadGateway);
        api.MapGet("/alerts", async (ClaimsPrincipal user, AlertingClient alerting, CancellationToken ct) =>
            await Guard(async () => Results.Ok((await alerting.AlertsAsync(null, ct)).Where(ProvinceScope.Of(user).Allows).ToArray())))
            .WithName("ConsoleAlerts").WithSummary("Alerting's alerts within the user's provinces.").Produces<AlertView[]>();
        api.MapGet("/alerts/{id}/recent", (string id, ClaimsPrincipal user, LiveState state, AlertRecentDataLoader loader, CancellationToken ct) =>
            Guard(async () => Results.Ok(await loader.LoadAsync(
                user,
                state.National().Alerts.FirstOrDefault(a => a.Id == id) ?? throw new KeyNotFoundException($"no active alert {id}"),
                ct))))
            .WithName("ConsoleAlertRecent").WithSummary("Recent data of an active alert's targets, for the alert page.").Produces<AlertRecentData>();
        api.MapPost("/alerts/{id}/ack", (string id, AckBody? body, ClaimsPrincipal user, ConsoleActions actions, CancellationToken ct) =>
            Guard(async () => Results.Ok(await actions.AcknowledgeAsync(user, id, body?.Comment, ct))))
            .WithName("ConsoleAcknowledge").WithSummary("Acknowledges an alert in Alerting as the signed-in user.").Produces<AlertView>();
        api.MapDelete("/alerts/{id}/ack", (string id, ClaimsPrincipal user, ConsoleActions actions, CancellationToken ct) =>
            Guard(async () => Results.Ok(await actions.UnacknowledgeAsync(user, id, ct))))
            .WithName("ConsoleUnacknowledge").WithSummary("Removes an acknowledgement in Alerting.").Produces<AlertView>();
        api.MapPost("/silences", (SilenceBody body, ClaimsPrincipal user, ConsoleActions actions, TimeProvider time, CancellationToken ct) =>
            Guard(async () =>
            {
                var start = body.StartsAt ?? time.GetUtcNow();
                var end = body.EndsAt ?? (body.DurationMinutes is { } minutes ? start.AddMinutes(minutes) : throw new ArgumentException("endsAt or durationMinutes is required"));
                return Results.Ok(new SilenceCreated(await actions.SilenceAsync(user, body.Matchers ?? [], body.StartsAt, end, body.Comment, ct)));
            }))
            .WithName("ConsoleSilence").WithSummary("Creates a silence in Alerting (an end time, or a duration in minutes).").Produces<SilenceCreated>();
        api.MapDelete("/silences/{id}", (string id, ClaimsPrincipal user, ConsoleActions actions, CancellationToken ct) =>
            Guard(async () =>
            {
                await actions.ExpireSilenceAsync(user, id, ct);
                return Results.NoContent();
            }))
            .WithName("ConsoleExpireSilence").WithSummary("Expires a silence in Alerting now.").Produces(StatusCodes.Status204NoContent);
        api.MapPost("/maintenance", (MaintenanceRequest body, ClaimsPrincipal user, ConsoleActions actions, CancellationToken ct) =>
            Guard(async () => Results.Ok(await actions.CreateMaintenanceAsync(user, body, ct))))
            .WithName("ConsoleMaintenance").WithSummary("Creates a maintenance window in Alerting.").Produces<MaintenanceEntry>();
        return endpoints;
    }

    // One mapping from the action layer's errors to HTTP, so the page and the API tell the same story.
    private static async Task<IResult> Guard(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (ConsoleAccessDeniedException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "not allowed", detail: ex.Message);
        }
        catch (KeyNotFoundException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "not found", detail: ex.Message);
        }
        catch (ArgumentException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "invalid request", detail: ex.Message);
        }
        catch (AlertingApiException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Alerting refused or is unreachable", detail: ex.Message);
        }
    }
}
