using Microsoft.AspNetCore.Http.HttpResults;

namespace Supervision.Alerting.Api;

/// <summary>
/// The engine's HTTP API: alerts, acknowledgements, silences, rules. Actions need <c>X-Api-Key</c>; each is audited
/// (<c>alert.ack</c>, <c>alert.unack</c>, <c>silence.create</c>, <c>silence.update</c>, <c>silence.expire</c>).
/// </summary>
internal static class AlertEndpoints
{
    // The audit's copy of a silence uses the API's casing, so the detail reads like GET /api/silences/{id}.
    private static readonly JsonSerializerOptions AuditJson = new(JsonSerializerDefaults.Web);

    public static void MapAlertingApi(this WebApplication app)
    {
        app.MapGet("/api/alerts", Results<Ok<AlertView[]>, ValidationProblem> (string? state, string? province, string? severity, AlertEngine engine) =>
        {
            AlertState? wanted = null;
            if (!string.IsNullOrEmpty(state))
            {
                if (!Enum.TryParse<AlertState>(state, ignoreCase: true, out var s))
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = [$"'{state}' is not one of inactive, pending, firing, resolved"] });
                }

                wanted = s;
            }

            var list = engine.Views.Where(v =>
                    (wanted is null || v.State == wanted)
                    && (string.IsNullOrEmpty(province) || v.Labels.GetValueOrDefault("province") == province)
                    && (string.IsNullOrEmpty(severity) || string.Equals(v.Severity, severity, StringComparison.OrdinalIgnoreCase)))
                .OrderByDescending(v => v.State == AlertState.Firing).ThenBy(v => v.ActiveSince).ThenBy(v => v.Id, StringComparer.Ordinal)
                .ToArray();
            return TypedResults.Ok(list);
        }).WithName("ListAlerts").WithSummary("Alerts, firing first; filters: state (inactive, pending, firing, resolved), province code, severity.");

        app.MapGet("/api/alerts/{id}", Results<Ok<AlertView>, NotFound> (string id, AlertEngine engine) =>
            engine.Views.FirstOrDefault(v => v.Id == id) is { } v ? TypedResults.Ok(v) : TypedResults.NotFound())
            .WithName("GetAlert").WithSummary("One alert by id.");

        app.MapPost("/api/alerts/{id}/ack", async Task<Results<Ok<AlertView>, NotFound, ValidationProblem>> (string id, AckRequest? body, AlertEngine engine, AuditStore audit, TimeProvider time, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(body?.By))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["by"] = ["required: who acknowledges"] });
            }

            var now = time.GetUtcNow();
            var view = await engine.AcknowledgeAsync(id, body.By, body.Comment, now, ct);
            if (view is null)
            {
                return TypedResults.NotFound();
            }

            await audit.AppendAsync(now, body.By, "alert.ack", id, JsonSerializer.Serialize(new { comment = body.Comment }), ct);
            return TypedResults.Ok(view);
        }).AddEndpointFilter<ApiKeyFilter>().WithName("AcknowledgeAlert").WithSummary("Acknowledges an alert (stops its escalation); audited alert.ack.").ProducesProblem(StatusCodes.Status401Unauthorized);

        // Escalate by hand: the next step of the escalation policy of every group that notified this alert, now.
        app.MapPost("/api/alerts/{id}/escalate", async Task<Results<Ok<IReadOnlyList<ManualEscalation>>, NotFound<ApiError>, Conflict<ApiError>, ValidationProblem>> (string id, AckRequest? body, AlertEngine engine, AuditStore audit, TimeProvider time, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(body?.By))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["by"] = ["required: who escalates"] });
            }

            var now = time.GetUtcNow();
            var escalated = await engine.EscalateAsync(id, body.By, now, ct);
            if (escalated is null)
            {
                return TypedResults.NotFound(new ApiError($"no firing alert {id}"));
            }

            if (escalated.Count == 0)
            {
                return TypedResults.Conflict(new ApiError($"alert {id}: no escalation policy covers it (its notifications go to receivers without one)"));
            }

            await audit.AppendAsync(now, body.By, "alert.escalate", id, JsonSerializer.Serialize(new { comment = body.Comment, groups = escalated.Select(e => e.GroupKey) }), ct);
            return TypedResults.Ok(escalated);
        }).AddEndpointFilter<ApiKeyFilter>().WithName("EscalateAlert").WithSummary("Pages the next escalation step of every group that notified the alert, now.").ProducesProblem(StatusCodes.Status401Unauthorized);

        app.MapDelete("/api/alerts/{id}/ack", async Task<Results<Ok<AlertView>, NotFound>> (string id, HttpContext http, AlertEngine engine, AuditStore audit, TimeProvider time, CancellationToken ct) =>
        {
            var now = time.GetUtcNow();
            var view = await engine.AcknowledgeAsync(id, null, null, now, ct);
            if (view is null)
            {
                return TypedResults.NotFound();
            }

            await audit.AppendAsync(now, NotifyEndpoints.Actor(http), "alert.unack", id, null, ct);
            return TypedResults.Ok(view);
        }).AddEndpointFilter<ApiKeyFilter>().WithName("UnacknowledgeAlert").WithSummary("Removes the acknowledgement (escalation resumes); audited alert.unack.").ProducesProblem(StatusCodes.Status401Unauthorized);

        app.MapGet("/api/silences", (SilenceStore store, TimeProvider time) =>
        {
            var now = time.GetUtcNow();
            return TypedResults.Ok(store.All().Select(s => s.ToView(now)).ToArray());
        }).WithName("ListSilences").WithSummary("Every silence, with its state now.");

        app.MapGet("/api/silences/{id}", Results<Ok<SilenceView>, NotFound> (string id, SilenceStore store, TimeProvider time) =>
            store.Find(id) is { } s ? TypedResults.Ok(s.ToView(time.GetUtcNow())) : TypedResults.NotFound())
            .WithName("GetSilence").WithSummary("One silence by id.");

        app.MapPost("/api/silences", async Task<Results<Ok<SilenceCreated>, ValidationProblem>> (SilenceRequest? body, SilenceStore store, AlertEngine engine, AuditStore audit, TimeProvider time, CancellationToken ct) =>
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
                    // The contract says non-null, but a request may leave either out: JSON binding does not enforce it.
                    if (string.IsNullOrWhiteSpace(m.Name) || m.Value is null)
                    {
                        errors[$"matchers[{i}]"] = ["name and value are required"];
                        continue;
                    }

                    try
                    {
                        _ = m.ToMatcher();
                        matchers.Add(m);
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
                return TypedResults.ValidationProblem(errors);
            }

            var id = string.IsNullOrEmpty(body!.Id) ? Guid.NewGuid().ToString("N") : body.Id;
            var silence = new StoredSilence(id, matchers, startsAt, body.EndsAt!.Value, body.CreatedBy!, body.Comment ?? string.Empty, now);
            store.Upsert(silence);
            await audit.AppendAsync(now, silence.CreatedBy, string.IsNullOrEmpty(body.Id) ? "silence.create" : "silence.update", id, JsonSerializer.Serialize(silence.ToView(now), AuditJson), ct);
            await engine.RefreshAsync(now, ct);
            return TypedResults.Ok(new SilenceCreated(id));
        }).AddEndpointFilter<ApiKeyFilter>().WithName("SaveSilence").WithSummary("Creates a silence, or replaces the one named by id; audited silence.create or silence.update.").ProducesProblem(StatusCodes.Status401Unauthorized);

        app.MapDelete("/api/silences/{id}", async Task<Results<Ok<SilenceView>, NotFound>> (string id, HttpContext http, SilenceStore store, AlertEngine engine, AuditStore audit, TimeProvider time, CancellationToken ct) =>
        {
            var now = time.GetUtcNow();
            if (store.Find(id) is not { } s)
            {
                return TypedResults.NotFound();
            }

            if (s.EndsAt > now)
            {
                store.Upsert(s with { EndsAt = now < s.StartsAt ? s.StartsAt : now, UpdatedAt = now });
                await audit.AppendAsync(now, NotifyEndpoints.Actor(http), "silence.expire", id, null, ct);
                await engine.RefreshAsync(now, ct);
            }

            return TypedResults.Ok(store.Find(id)!.ToView(now));
        }).AddEndpointFilter<ApiKeyFilter>().WithName("ExpireSilence").WithSummary("Ends a silence now (it stays listed as expired); audited silence.expire.").ProducesProblem(StatusCodes.Status401Unauthorized);

        app.MapGet("/api/rules", (AlertEngine engine, RuleRepository rules) =>
            TypedResults.Ok(new RuleStatusList(engine.RuleStatuses(), [.. rules.LastErrors.Select(e => e.ToString())])))
            .WithName("ListRules").WithSummary("Every rule with its last evaluation, and the errors of the last rule-file reload.");
    }

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
