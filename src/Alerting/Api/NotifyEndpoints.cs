using System.Globalization;
using Supervision.Alerting.Muting;
using Supervision.Alerting.Notify;
using Supervision.Alerting.Notify.Store;
using Supervision.Alerting.OnCall;
using Supervision.Core.Common;

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
        maintenance.MapGet("/", ListMaintenanceAsync);
        maintenance.MapGet("/{id}", GetMaintenanceAsync);
        maintenance.MapPost("/", (MaintenanceRequest body, HttpContext ctx, MaintenanceService s, TimeProvider t, CancellationToken ct) => SaveMaintenanceAsync(null, body, ctx, s, t, ct))
            .AddEndpointFilter<AlertEndpoints.ApiKeyFilter>();
        maintenance.MapPut("/{id}", (string id, MaintenanceRequest body, HttpContext ctx, MaintenanceService s, TimeProvider t, CancellationToken ct) => SaveMaintenanceAsync(id, body, ctx, s, t, ct))
            .AddEndpointFilter<AlertEndpoints.ApiKeyFilter>();
        maintenance.MapDelete("/{id}", async (string id, HttpContext ctx, MaintenanceService s, TimeProvider t, CancellationToken ct) =>
            await s.DeleteAsync(id, Actor(ctx), t.GetUtcNow(), ct) ? Results.NoContent() : NotFound("maintenance window", id))
            .AddEndpointFilter<AlertEndpoints.ApiKeyFilter>();

        endpoints.MapGet("/api/oncall", OnCallAsync);
        endpoints.MapGet("/api/oncall/schedules", (OnCallService s) => Results.Ok(s.Schedules.Select(d => new
        {
            d.Name,
            timeZone = d.TimeZone.Id,
            layers = d.Layers.Select(l => new { l.Name, rotation = l.Rotation.ToString().ToLowerInvariant(), start = l.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), handoff = l.Handoff.ToString("HH:mm", CultureInfo.InvariantCulture), l.Users }),
        })));
        endpoints.MapGet("/api/oncall/overrides", async (string? schedule, OnCallService s, CancellationToken ct) => Results.Ok(await s.ListOverridesAsync(schedule, ct)));
        endpoints.MapPost("/api/oncall/overrides", async (OverrideRequest body, HttpContext ctx, OnCallService s, TimeProvider t, CancellationToken ct) =>
        {
            var (o, errors) = await s.AddOverrideAsync(body.Schedule ?? string.Empty, body.User ?? string.Empty, body.StartsAt, body.EndsAt, Actor(ctx), t.GetUtcNow(), ct);
            return o is null ? Invalid("on-call override", errors) : Results.Created($"/api/oncall/overrides/{o.Id}", o);
        }).AddEndpointFilter<AlertEndpoints.ApiKeyFilter>();
        endpoints.MapDelete("/api/oncall/overrides/{id}", async (string id, HttpContext ctx, OnCallService s, TimeProvider t, CancellationToken ct) =>
            await s.DeleteOverrideAsync(id, Actor(ctx), t.GetUtcNow(), ct) ? Results.NoContent() : NotFound("override", id))
            .AddEndpointFilter<AlertEndpoints.ApiKeyFilter>();

        endpoints.MapGet("/api/escalations", async (NotificationPipeline p, CancellationToken ct) =>
            Results.Ok((await p.EscalationsAsync(ct)).Select(e => new { e.GroupKey, e.Progress })));
        endpoints.MapGet("/api/groups", async (string? key, NotificationPipeline p, CancellationToken ct) =>
            string.IsNullOrEmpty(key)
                ? Results.ValidationProblem(new Dictionary<string, string[]> { ["key"] = ["required: the group key a notification carries (groupKey)"] })
                : await p.GroupAsync(key, ct) is { } group ? Results.Ok(group) : Results.NotFound(new { error = $"no notification group {key}" }));
        endpoints.MapGet("/api/alerts/{id}/notifications", async (string id, int? limit, OutboxStore outbox, CancellationToken ct) =>
            Results.Ok(await outbox.HistoryForAlertAsync(id, Math.Clamp(limit ?? 100, 1, 1000), ct)));
        endpoints.MapGet("/api/notifications/outbox", async (OutboxStore outbox, CancellationToken ct) => Results.Ok(await outbox.CountByStatusAsync(ct)));
        endpoints.MapGet("/api/audit", async (int? limit, string? action, AuditStore audit, CancellationToken ct) =>
            Results.Ok(await audit.ListAsync(Math.Clamp(limit ?? 200, 1, 5000), action, ct)));
        endpoints.MapPost("/api/mute/check", async (MuteCheckRequest body, MuteEvaluator mute, TimeProvider t, CancellationToken ct) =>
        {
            var decision = (await mute.SnapshotAsync(t.GetUtcNow(), ct)).Check(body.Labels ?? new Dictionary<string, string>());
            return Results.Ok(new { muted = decision.IsMuted, reason = decision.Reason.ToString().ToLowerInvariant(), by = decision.By });
        });
        return endpoints;
    }

    private static async Task<IResult> ListMaintenanceAsync(MaintenanceService s, TimeProvider t, CancellationToken ct)
    {
        var now = t.GetUtcNow();
        return Results.Ok((await s.ListAsync(ct)).Select(c => new MaintenanceResponse(c.Window, c.IsOpenAt(now), c.NextOpening(now))));
    }

    private static async Task<IResult> GetMaintenanceAsync(string id, MaintenanceService s, TimeProvider t, CancellationToken ct)
    {
        var now = t.GetUtcNow();
        return await s.GetAsync(id, ct) is { } c ? Results.Ok(new MaintenanceResponse(c.Window, c.IsOpenAt(now), c.NextOpening(now))) : NotFound("maintenance window", id);
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

        var response = new MaintenanceResponse(saved.Window, saved.IsOpenAt(now), saved.NextOpening(now));
        return id is null ? Results.Created($"/api/maintenance/{saved.Window.Id}", response) : Results.Ok(response);
    }

    private static async Task<IResult> OnCallAsync(string? schedule, DateTimeOffset? at, OnCallService s, TimeProvider t, CancellationToken ct)
    {
        var when = at ?? t.GetUtcNow();
        if (string.IsNullOrWhiteSpace(schedule))
        {
            var all = new List<OnCallAnswer>();
            foreach (var d in s.Schedules)
            {
                all.Add((await s.AnswerAsync(d.Name, when, ct))!);
            }

            return Results.Ok(all);
        }

        return await s.AnswerAsync(schedule, when, ct) is { } answer ? Results.Ok(answer) : NotFound("schedule", schedule);
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

    private static IResult NotFound(string what, string id) =>
        Results.Problem(title: $"{what} not found", detail: $"no {what} '{id}'", statusCode: StatusCodes.Status404NotFound);

    private static IResult Invalid(string what, IReadOnlyList<string> errors) =>
        Results.Problem(
            title: $"invalid {what}",
            detail: string.Join("; ", errors),
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["errors"] = errors });
}
