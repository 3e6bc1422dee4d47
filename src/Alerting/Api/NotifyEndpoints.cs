using Microsoft.AspNetCore.Http.HttpResults;

namespace Supervision.Alerting.Api;

/// <summary>
/// HTTP API of the notification module: maintenance windows, on-call, notification history, audit, and the
/// muting answer. Every change is audited with the caller (authenticated name, else the <c>X-User</c> header).
/// </summary>
public static class NotifyEndpoints
{
    /// <summary>Header naming the operator when the API runs without authentication.</summary>
    public const string UserHeader = "X-User";

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapNotificationApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var maintenance = endpoints.MapGroup("/api/maintenance");
        maintenance.MapGet("/", ListMaintenanceAsync).WithName("ListMaintenance").WithSummary("Maintenance windows, each with whether it mutes now and its next opening.");
        maintenance.MapGet("/{id}", GetMaintenanceAsync).WithName("GetMaintenance").WithSummary("One maintenance window by id.");
        maintenance.MapPost("/", (MaintenanceRequest body, HttpContext ctx, MaintenanceService s, TimeProvider t, CancellationToken ct) => SaveMaintenanceAsync(null, body, ctx, s, t, ct))
            .AddEndpointFilter<AlertEndpoints.ApiKeyFilter>().WithName("CreateMaintenance").WithSummary("Creates a one-off or recurring (cron) maintenance window; audited.")
            .Produces<MaintenanceEntry>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
        maintenance.MapPut("/{id}", (string id, MaintenanceRequest body, HttpContext ctx, MaintenanceService s, TimeProvider t, CancellationToken ct) => SaveMaintenanceAsync(id, body, ctx, s, t, ct))
            .AddEndpointFilter<AlertEndpoints.ApiKeyFilter>().WithName("UpdateMaintenance").WithSummary("Replaces a maintenance window; audited.")
            .Produces<MaintenanceEntry>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status401Unauthorized);
        maintenance.MapDelete("/{id}", async Task<Results<NoContent, ProblemHttpResult>> (string id, HttpContext ctx, MaintenanceService s, TimeProvider t, CancellationToken ct) =>
            await s.DeleteAsync(id, Actor(ctx), t.GetUtcNow(), ct) ? TypedResults.NoContent() : NotFound("maintenance window", id))
            .AddEndpointFilter<AlertEndpoints.ApiKeyFilter>().WithName("DeleteMaintenance").WithSummary("Deletes a maintenance window; audited.").ProducesProblem(StatusCodes.Status401Unauthorized);

        endpoints.MapGet("/api/oncall", OnCallAsync).WithName("OnCall").WithSummary("Who is on call now and next: every schedule, or the one named; at an instant (default now).");
        endpoints.MapGet("/api/oncall/schedules", (OnCallService s) => TypedResults.Ok(s.Schedules.Select(d => new OnCallScheduleView(
            d.Name,
            d.TimeZone.Id,
            [.. d.Layers.Select(l => new OnCallLayerView(l.Name, l.Rotation.ToString().ToLowerInvariant(), l.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), l.Handoff.ToString("HH:mm", CultureInfo.InvariantCulture), l.Users))])).ToArray()))
            .WithName("ListSchedules").WithSummary("The on-call schedules and their rotation layers.");
        endpoints.MapGet("/api/oncall/overrides", async (string? schedule, OnCallService s, CancellationToken ct) => TypedResults.Ok(await s.ListOverridesAsync(schedule, ct)))
            .WithName("ListOverrides").WithSummary("On-call overrides, of every schedule or the one named.");
        endpoints.MapPost("/api/oncall/overrides", async Task<Results<Created<OnCallOverride>, ProblemHttpResult>> (OverrideRequest body, HttpContext ctx, OnCallService s, TimeProvider t, CancellationToken ct) =>
        {
            var (o, errors) = await s.AddOverrideAsync(body.Schedule ?? string.Empty, body.User ?? string.Empty, body.StartsAt, body.EndsAt, Actor(ctx), t.GetUtcNow(), ct);
            return o is null ? Invalid("on-call override", errors) : TypedResults.Created($"/api/oncall/overrides/{o.Id}", o);
        }).AddEndpointFilter<AlertEndpoints.ApiKeyFilter>().WithName("CreateOverride").WithSummary("Puts someone on call instead for a time; audited.").ProducesProblem(StatusCodes.Status401Unauthorized);
        endpoints.MapDelete("/api/oncall/overrides/{id}", async Task<Results<NoContent, ProblemHttpResult>> (string id, HttpContext ctx, OnCallService s, TimeProvider t, CancellationToken ct) =>
            await s.DeleteOverrideAsync(id, Actor(ctx), t.GetUtcNow(), ct) ? TypedResults.NoContent() : NotFound("override", id))
            .AddEndpointFilter<AlertEndpoints.ApiKeyFilter>().WithName("DeleteOverride").WithSummary("Deletes an on-call override; audited.").ProducesProblem(StatusCodes.Status401Unauthorized);

        endpoints.MapGet("/api/escalations", async (NotificationPipeline p, CancellationToken ct) => TypedResults.Ok(await p.EscalationsAsync(ct)))
            .WithName("ListEscalations").WithSummary("Notification groups whose receiver escalates, with where each escalation stands.");
        endpoints.MapGet("/api/groups", async Task<Results<Ok<NotificationGroup>, NotFound<ApiError>, ValidationProblem>> (string? key, NotificationPipeline p, CancellationToken ct) =>
            string.IsNullOrEmpty(key)
                ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["key"] = ["required: the group key a notification carries (groupKey)"] })
                : await p.GroupAsync(key, ct) is { } group ? TypedResults.Ok(group) : TypedResults.NotFound(new ApiError($"no notification group {key}")))
            .WithName("GetGroup").WithSummary("A notification group by key: the alerts one message is about.");
        endpoints.MapGet("/api/alerts/{id}/notifications", async (string id, int? limit, OutboxStore outbox, CancellationToken ct) =>
            TypedResults.Ok(await outbox.HistoryForAlertAsync(id, Math.Clamp(limit ?? 100, 1, 1000), ct)))
            .WithName("ListAlertNotifications").WithSummary("Notifications that carried the alert, newest first, with every delivery attempt (limit 1..1000, default 100).");
        endpoints.MapGet("/api/notifications/outbox", async (OutboxStore outbox, CancellationToken ct) => TypedResults.Ok(await outbox.CountByStatusAsync(ct)))
            .WithName("OutboxCounts").WithSummary("Outbox rows by delivery status.");
        endpoints.MapGet("/api/audit", async (int? limit, string? action, AuditStore audit, CancellationToken ct) =>
            TypedResults.Ok(await audit.ListAsync(Math.Clamp(limit ?? 200, 1, 5000), action, ct)))
            .WithName("ListAudit").WithSummary("Alerting's audit, newest first; action filters by prefix (limit 1..5000, default 200).");
        endpoints.MapPost("/api/mute/check", async (MuteCheckRequest body, MuteEvaluator mute, TimeProvider t, CancellationToken ct) =>
        {
            var decision = (await mute.SnapshotAsync(t.GetUtcNow(), ct)).Check(body.Labels ?? new Dictionary<string, string>());
            return TypedResults.Ok(new MuteCheckAnswer(decision.IsMuted, decision.Reason.ToString().ToLowerInvariant(), decision.By));
        }).WithName("CheckMute").WithSummary("Whether a silence or maintenance window mutes alerts with these labels now.");
        return endpoints;
    }

    private static async Task<Ok<MaintenanceEntry[]>> ListMaintenanceAsync(MaintenanceService s, TimeProvider t, CancellationToken ct)
    {
        var now = t.GetUtcNow();
        return TypedResults.Ok((await s.ListAsync(ct)).Select(c => new MaintenanceEntry(c.Window, c.IsOpenAt(now), c.NextOpening(now))).ToArray());
    }

    private static async Task<Results<Ok<MaintenanceEntry>, ProblemHttpResult>> GetMaintenanceAsync(string id, MaintenanceService s, TimeProvider t, CancellationToken ct)
    {
        var now = t.GetUtcNow();
        return await s.GetAsync(id, ct) is { } c ? TypedResults.Ok(new MaintenanceEntry(c.Window, c.IsOpenAt(now), c.NextOpening(now))) : NotFound("maintenance window", id);
    }

    private static async Task<IResult> SaveMaintenanceAsync(string? id, MaintenanceRequest body, HttpContext ctx, MaintenanceService s, TimeProvider t, CancellationToken ct)
    {
        if (id is not null && await s.GetAsync(id, ct) is null)
        {
            return NotFound("maintenance window", id);
        }

        var errors = new List<string>();
        TimeSpan? duration = null;
        if (body.Duration is not null)
        {
            if (DurationText.TryParse(body.Duration, out var d, out var error)) { duration = d; }
            else { errors.Add("duration: " + error); }
        }

        var matchers = new List<string>(body.Matchers ?? []);
        if (!string.IsNullOrWhiteSpace(body.Province)) { matchers.Add($"province=\"{body.Province}\""); }
        if (!string.IsNullOrWhiteSpace(body.System)) { matchers.Add($"system=\"{body.System}\""); }
        if (errors.Count > 0)
        {
            return Invalid("maintenance window", errors);
        }

        var now = t.GetUtcNow();
        var window = new MaintenanceWindow(id ?? string.Empty, body.Name ?? string.Empty, matchers, body.StartsAt, body.EndsAt, body.Cron, duration, body.TimeZone ?? "+07:00", string.Empty, body.Comment ?? string.Empty, now);
        var (saved, problems) = await s.SaveAsync(window, Actor(ctx), now, create: id is null, ct);
        if (saved is null)
        {
            return Invalid("maintenance window", problems);
        }

        var response = new MaintenanceEntry(saved.Window, saved.IsOpenAt(now), saved.NextOpening(now));
        return id is null ? Results.Created($"/api/maintenance/{saved.Window.Id}", response) : Results.Ok(response);
    }

    private static async Task<Results<Ok<OnCallAnswer[]>, Ok<OnCallAnswer>, ProblemHttpResult>> OnCallAsync(string? schedule, DateTimeOffset? at, OnCallService s, TimeProvider t, CancellationToken ct)
    {
        var when = at ?? t.GetUtcNow();
        if (string.IsNullOrWhiteSpace(schedule))
        {
            var all = new List<OnCallAnswer>();
            foreach (var d in s.Schedules)
            {
                all.Add((await s.AnswerAsync(d.Name, when, ct))!);
            }

            return TypedResults.Ok(all.ToArray());
        }

        return await s.AnswerAsync(schedule, when, ct) is { } answer ? TypedResults.Ok(answer) : NotFound("schedule", schedule);
    }

    /// <summary>Who makes a change: the authenticated name, else the <c>X-User</c> header, else <c>anonymous</c>.</summary>
    internal static string Actor(HttpContext ctx)
    {
        if (ctx.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name })
        {
            return name;
        }

        var header = ctx.Request.Headers[UserHeader].ToString();
        return string.IsNullOrWhiteSpace(header) ? "anonymous" : header.Trim();
    }

    private static ProblemHttpResult NotFound(string what, string id) =>
        TypedResults.Problem(title: $"{what} not found", detail: $"no {what} '{id}'", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult Invalid(string what, IReadOnlyList<string> errors) =>
        TypedResults.Problem(
            title: $"invalid {what}",
            detail: string.Join("; ", errors),
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["errors"] = errors });
}
