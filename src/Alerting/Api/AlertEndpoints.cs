using Microsoft.Extensions.Options;
using System.Text.Json;
using Supervision.Alerting.Engine;
using Supervision.Alerting.Muting;
using Supervision.Alerting.Notify.Store;
using Supervision.Alerting.Rules;
using Supervision.Core.Messages;

namespace Supervision.Alerting.Api;

/// <summary>
/// The engine's HTTP API: alerts, acknowledgements, silences, rules. Actions need <c>X-Api-Key</c>; each is audited
/// (<c>alert.ack</c>, <c>alert.unack</c>, <c>silence.create</c>, <c>silence.update</c>, <c>silence.expire</c>).
/// </summary>
internal static class AlertEndpoints
{
    public static void MapAlertingApi(this WebApplication app)
    {
        app.MapGet("/api/alerts", (string? state, string? province, string? severity, AlertEngine engine) =>
        {
            AlertState? wanted = null;
            if (!string.IsNullOrEmpty(state))
            {
                if (!Enum.TryParse<AlertState>(state, ignoreCase: true, out var s))
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["state"] = [$"'{state}' is not one of inactive, pending, firing, resolved"] });
                }

                wanted = s;
            }

            var list = engine.Views.Where(v =>
                    (wanted is null || v.State == wanted)
                    && (string.IsNullOrEmpty(province) || v.Labels.GetValueOrDefault("province") == province)
                    && (string.IsNullOrEmpty(severity) || string.Equals(v.Severity, severity, StringComparison.OrdinalIgnoreCase)))
                .OrderByDescending(v => v.State == AlertState.Firing).ThenBy(v => v.ActiveSince).ThenBy(v => v.Id, StringComparer.Ordinal)
                .ToArray();
            return Results.Ok(list);
        });

        app.MapGet("/api/alerts/{id}", (string id, AlertEngine engine) =>
            engine.Views.FirstOrDefault(v => v.Id == id) is { } v ? Results.Ok(v) : Results.NotFound());

        app.MapPost("/api/alerts/{id}/ack", async (string id, AckRequest? body, AlertEngine engine, AuditStore audit, TimeProvider time, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(body?.By))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["by"] = ["required: who acknowledges"] });
            }

            var now = time.GetUtcNow();
            var view = await engine.AcknowledgeAsync(id, body.By, body.Comment, now, ct);
            if (view is null)
            {
                return Results.NotFound();
            }

            await audit.AppendAsync(now, body.By, "alert.ack", id, JsonSerializer.Serialize(new { comment = body.Comment }), ct);
            return Results.Ok(view);
        }).AddEndpointFilter<ApiKeyFilter>();

        // Escalate by hand: the next step of the escalation policy of every group that notified this alert, now.
        app.MapPost("/api/alerts/{id}/escalate", async (string id, AckRequest? body, AlertEngine engine, AuditStore audit, TimeProvider time, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(body?.By))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["by"] = ["required: who escalates"] });
            }

            var now = time.GetUtcNow();
            var escalated = await engine.EscalateAsync(id, body.By, now, ct);
            if (escalated is null)
            {
                return Results.NotFound(new { error = $"no firing alert {id}" });
            }

            if (escalated.Count == 0)
            {
                return Results.Conflict(new { error = $"alert {id}: no escalation policy covers it (its notifications go to receivers without one)" });
            }

            await audit.AppendAsync(now, body.By, "alert.escalate", id, JsonSerializer.Serialize(new { comment = body.Comment, groups = escalated.Select(e => e.GroupKey) }), ct);
            return Results.Ok(escalated);
        }).AddEndpointFilter<ApiKeyFilter>();

        app.MapDelete("/api/alerts/{id}/ack", async (string id, HttpContext http, AlertEngine engine, AuditStore audit, TimeProvider time, CancellationToken ct) =>
        {
            var now = time.GetUtcNow();
            var view = await engine.AcknowledgeAsync(id, null, null, now, ct);
            if (view is null)
            {
                return Results.NotFound();
            }

            await audit.AppendAsync(now, NotifyEndpoints.Actor(http), "alert.unack", id, null, ct);
            return Results.Ok(view);
        }).AddEndpointFilter<ApiKeyFilter>();

        app.MapGet("/api/silences", (SilenceStore store, TimeProvider time) =>
        {
            var now = time.GetUtcNow();
            return Results.Ok(store.All().Select(s => SilenceJson(s, now)).ToArray());
        });

        app.MapGet("/api/silences/{id}", (string id, SilenceStore store, TimeProvider time) =>
            store.Find(id) is { } s ? Results.Ok(SilenceJson(s, time.GetUtcNow())) : Results.NotFound());

        app.MapPost("/api/silences", async (SilenceRequest? body, SilenceStore store, AlertEngine engine, AuditStore audit, TimeProvider time, CancellationToken ct) =>
        {
            var now = time.GetUtcNow();
            var errors = new Dictionary<string, string[]>();
            var matchers = new List<SilenceMatcher>();
            if (body?.Matchers is not { Count: > 0 })
            {
                errors["matchers"] = ["at least one matcher is required (a silence never mutes everything)"];
            }
            else
            {
                for (var i = 0; i < body.Matchers.Count; i++)
                {
                    var m = body.Matchers[i];
                    if (string.IsNullOrWhiteSpace(m.Name) || m.Value is null)
                    {
                        errors[$"matchers[{i}]"] = ["name and value are required"];
                        continue;
                    }

                    var sm = new SilenceMatcher(m.Name, m.Value, m.IsRegex, m.IsEqual);
                    try
                    {
                        _ = sm.ToMatcher();
                        matchers.Add(sm);
                    }
                    catch (ArgumentException ex)
                    {
                        errors[$"matchers[{i}]"] = [ex.Message];
                    }
                }
            }

            var startsAt = body?.StartsAt ?? now;
            if (body?.EndsAt is null)
            {
                errors["endsAt"] = ["required"];
            }
            else if (body.EndsAt <= startsAt)
            {
                errors["endsAt"] = ["must be after startsAt"];
            }

            if (string.IsNullOrWhiteSpace(body?.CreatedBy))
            {
                errors["createdBy"] = ["required"];
            }

            if (!string.IsNullOrEmpty(body?.Id) && store.Find(body.Id) is null)
            {
                errors["id"] = [$"no silence '{body.Id}'"];
            }

            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            var id = string.IsNullOrEmpty(body!.Id) ? Guid.NewGuid().ToString("N") : body.Id;
            var silence = new StoredSilence(id, matchers, startsAt, body.EndsAt!.Value, body.CreatedBy!, body.Comment ?? string.Empty, now);
            store.Upsert(silence);
            await audit.AppendAsync(now, silence.CreatedBy, string.IsNullOrEmpty(body.Id) ? "silence.create" : "silence.update", id, JsonSerializer.Serialize(SilenceJson(silence, now)), ct);
            await engine.RefreshAsync(now, ct);
            return Results.Ok(new { silenceId = id });
        }).AddEndpointFilter<ApiKeyFilter>();

        app.MapDelete("/api/silences/{id}", async (string id, HttpContext http, SilenceStore store, AlertEngine engine, AuditStore audit, TimeProvider time, CancellationToken ct) =>
        {
            var now = time.GetUtcNow();
            if (store.Find(id) is not { } s)
            {
                return Results.NotFound();
            }

            if (s.EndsAt > now)
            {
                store.Upsert(s with { EndsAt = now < s.StartsAt ? s.StartsAt : now, UpdatedAt = now });
                await audit.AppendAsync(now, NotifyEndpoints.Actor(http), "silence.expire", id, null, ct);
                await engine.RefreshAsync(now, ct);
            }

            return Results.Ok(SilenceJson(store.Find(id)!, now));
        }).AddEndpointFilter<ApiKeyFilter>();

        app.MapGet("/api/rules", (AlertEngine engine, RuleRepository rules) => Results.Ok(new
        {
            rules = engine.RuleStatuses().Select(s => new
            {
                name = s.Rule,
                group = s.Group,
                kind = s.Kind,
                lastEvaluation = s.LastEvaluation,
                durationSeconds = s.DurationSeconds,
                error = s.Error,
                activeSamples = s.ActiveSamples,
                skippedOutsideWorkingHours = s.SkippedOutsideWorkingHours,
            }),
            reloadErrors = rules.LastErrors.Select(e => e.ToString()),
        }));
    }

    private static object SilenceJson(StoredSilence s, DateTimeOffset now) => new
    {
        id = s.Id,
        matchers = s.Matchers,
        startsAt = s.StartsAt,
        endsAt = s.EndsAt,
        createdBy = s.CreatedBy,
        comment = s.Comment,
        updatedAt = s.UpdatedAt,
        status = new { state = s.Status(now) },
    };

    /// <summary>Rejects action calls without the configured key (constant-time comparison).</summary>
    internal sealed class ApiKeyFilter(IOptions<AlertingOptions> options) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var expected = options.Value.ApiKey;
            if (!string.IsNullOrEmpty(expected))
            {
                var given = context.HttpContext.Request.Headers[HubNames.ApiKeyHeader].ToString();
                if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                        System.Text.Encoding.UTF8.GetBytes(given), System.Text.Encoding.UTF8.GetBytes(expected)))
                {
                    return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "missing or wrong X-Api-Key");
                }
            }

            return await next(context);
        }
    }
}
