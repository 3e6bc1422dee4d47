namespace Supervision.Simulator.Endpoints;

/// <summary>The control API of DESIGN.md: targets, and faults to start, list and delete.</summary>
public static class ControlEndpoints
{
    /// <summary>Maps <c>/control/targets</c> and <c>/control/faults</c>.</summary>
    public static IEndpointRouteBuilder MapControl(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var targetsBody = new Lazy<byte[]>(() => TargetsJson(app.ServiceProvider.GetRequiredService<SimulatedFleet>()));
        app.MapGet("/control/targets", () => Results.Bytes(targetsBody.Value, "application/json"));
        app.MapGet("/control/faults", (FaultStore store) => Results.Json(Describe(store.Active())));
        app.MapGet("/control/targets/{unit}/{system}/requests", (string unit, string system, SimulatedFleet fleet) =>
            fleet.Find(unit + "/" + system) is { } profile
                ? Results.Json(new { target = unit + "/" + system, health = profile.Requests.Health, metrics = profile.Requests.Metrics })
                : Results.Problem(statusCode: 404, title: "unknown target", detail: $"'{unit}/{system}' is not a target of the simulated inventory"));
        app.MapGet("/control/requests/health", (SimulatedFleet fleet, RequestLog log) => log.Enabled
            ? Results.Json(new { targets = fleet.Profiles.Where(p => log.Times(p.Index).Length > 0).ToDictionary(p => p.Target.Id, p => log.Times(p.Index)) })
            : Results.Problem(statusCode: 404, title: "request log off", detail: "start the simulator with --request-log N (Simulator:RequestLog) to keep each target's latest N /health arrival times"));
        app.MapGet("/control/faults/{id}", (string id, FaultStore store) =>
            store.Active().FirstOrDefault(f => string.Equals(f.Id, id, StringComparison.Ordinal)) is { } f
                ? Results.Json(Describe(f))
                : NotFound(id));
        app.MapPost("/control/faults", CreateAsync);
        app.MapDelete("/control/faults/{id}", (string id, FaultStore store, ILoggerFactory logs) =>
        {
            if (!store.Remove(id))
            {
                return NotFound(id);
            }

            Log.FaultDeleted(logs.CreateLogger("Supervision.Simulator.Control"), id);
            return Results.NoContent();
        });
        return app;
    }

    /// <summary>Validates and starts a fault from a request; shared by the API and the scenario runner.</summary>
    public static (Fault? Fault, IReadOnlyDictionary<string, string> Errors) Start(FaultRequest request, SimulatedFleet fleet, FaultStore store, SimulatorTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(telemetry);
        var (spec, errors) = FaultRequestValidator.Validate(request, fleet.Inventory);
        if (spec is null)
        {
            return (null, errors);
        }

        if (store.CountMatching(spec.Selector) == 0)
        {
            return (null, new Dictionary<string, string> { ["selector"] = "the selector matches no target of the inventory" });
        }

        var fault = store.Add(spec);
        if (fault is null)
        {
            return (null, new Dictionary<string, string> { ["(faults)"] = $"{FaultStore.MaxFaults} faults are already active; delete some first" });
        }

        telemetry.FaultsStarted.WithLabels(FaultKindNames.Name(spec.Kind)).Inc();
        return (fault, errors);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, SimulatedFleet fleet, FaultStore store, SimulatorTelemetry telemetry, ILoggerFactory logs)
    {
        FaultRequest request;
        try
        {
            using var doc = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            request = FaultJsonReader.Read(doc.RootElement);
        }
        catch (JsonException ex)
        {
            return Problem(new Dictionary<string, string> { ["(body)"] = $"not JSON: {ex.Message}" });
        }

        var (fault, errors) = Start(request, fleet, store, telemetry);
        if (fault is null)
        {
            return Problem(errors);
        }

        Log.FaultStarted(logs.CreateLogger("Supervision.Simulator.Control"), fault.Id, FaultKindNames.Name(fault.Kind), fault.MatchedCount, fault.ExpiresAt);
        return Results.Json(new { id = fault.Id, matchedTargets = fault.MatchedCount }, statusCode: StatusCodes.Status201Created, contentType: "application/json");
    }

    private static IResult Problem(IReadOnlyDictionary<string, string> errors)
    {
        var detail = string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}"));
        return Results.Problem(
            title: "Invalid fault request",
            detail: detail,
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?>
            {
                ["field"] = errors.Keys.First(),
                ["errors"] = errors.ToDictionary(e => e.Key, e => new[] { e.Value }),
            });
    }

    private static IResult NotFound(string id) => Results.Problem(
        title: "Unknown fault",
        detail: $"no active fault has id '{id}'",
        statusCode: StatusCodes.Status404NotFound);

    private static object[] Describe(IReadOnlyList<Fault> faults)
    {
        var list = new object[faults.Count];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = Describe(faults[i]);
        }

        return list;
    }

    private static object Describe(Fault f) => new
    {
        id = f.Id,
        selector = new
        {
            unit = f.Spec.Selector.Unit,
            province = f.Spec.Selector.Province,
            system = f.Spec.Selector.System,
            fraction = f.Spec.Selector.Fraction,
        },
        kind = FaultKindNames.Name(f.Kind),
        startedAt = f.StartedAt,
        expiresAt = f.ExpiresAt,
        durationSeconds = f.Spec.Duration?.TotalSeconds,
        @params = f.Spec.Parameters.Describe(f.Kind),
        matchedTargets = f.MatchedCount,
    };

    private static byte[] TargetsJson(SimulatedFleet fleet)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("count", fleet.Profiles.Count);
            w.WriteStartArray("ids");
            foreach (var p in fleet.Profiles)
            {
                w.WriteStringValue(p.Target.Id);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return stream.ToArray();
    }
}
