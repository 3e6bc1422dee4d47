namespace Supervision.Dashboard.OnCall;

/// <summary>An action refused by the Dashboard's rules (role or provinces): 403, audited.</summary>
/// <param name="message">What was refused and why.</param>
public sealed class ConsoleAccessDeniedException(string message) : Exception(message)
{
    /// <summary>Creates an error without detail.</summary>
    public ConsoleAccessDeniedException() : this("not allowed")
    {
    }

    /// <summary>Creates an error with a message and its cause.</summary>
    public ConsoleAccessDeniedException(string message, Exception inner) : this(message + ": " + inner?.Message)
    {
    }
}

/// <summary>
/// The console's actions, shared by the Blazor page and the <c>/api/console</c> endpoints so the rules are in one
/// place: the user must hold an acting role, the target must be in the user's provinces, the user is the author,
/// and every attempt is audited (ok, denied or error).
/// </summary>
public sealed class ConsoleActions(AlertingClient alerting, AuditLog audit, TimeProvider time)
{
    /// <summary>Longest silence the console creates (a forgotten silence hides the next real outage).</summary>
    public static readonly TimeSpan MaxSilence = TimeSpan.FromDays(14);

    /// <summary>Acknowledges an alert with a comment.</summary>
    public Task<AlertView> AcknowledgeAsync(ClaimsPrincipal user, string alertId, string? comment, CancellationToken ct) =>
        OnAlertAsync(user, alertId, "alert.ack", comment, (by, c) => alerting.AcknowledgeAsync(alertId, AuthorOf(user), string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), c), ct);

    /// <summary>
    /// Escalates an alert by hand: the next step of the escalation policy of every group that notified it is paged now
    /// (same roles and provinces as an acknowledgement).
    /// </summary>
    public Task<IReadOnlyList<ManualEscalation>> EscalateAsync(ClaimsPrincipal user, string alertId, string? comment, CancellationToken ct) =>
        OnAlertAsync(user, alertId, "alert.escalate", comment, (by, c) => alerting.EscalateAsync(alertId, AuthorOf(user), string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), c), ct);

    /// <summary>Removes an acknowledgement.</summary>
    public Task<AlertView> UnacknowledgeAsync(ClaimsPrincipal user, string alertId, CancellationToken ct) =>
        OnAlertAsync(user, alertId, "alert.unack", null, (by, c) => alerting.UnacknowledgeAsync(alertId, AuthorOf(user), c), ct);

    /// <summary>Creates a silence from <paramref name="startsAt"/> (default now) to <paramref name="endsAt"/>.</summary>
    public async Task<string> SilenceAsync(ClaimsPrincipal user, IReadOnlyList<SilenceMatcher> matchers, DateTimeOffset? startsAt, DateTimeOffset endsAt, string? comment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        var by = Actor(user);
        var target = string.Join(",", matchers.Select(m => $"{m.Name}{(m.IsEqual ? "" : "!")}{(m.IsRegex ? "=~" : "=")}\"{m.Value}\""));
        Require(user, "silence.create", target);
        var now = time.GetUtcNow();
        var start = startsAt ?? now;
        var problem = matchers.Count == 0 ? "at least one matcher is required"
            : endsAt <= start ? "the end must be after the start"
            : endsAt - start > MaxSilence ? $"at most {MaxSilence.TotalDays:0} days"
            : string.IsNullOrWhiteSpace(comment) ? "a comment is required (why is this silenced?)"
            : null;
        if (problem is not null)
        {
            audit.Record(by, "silence.create", target, "error", problem);
            throw new ArgumentException(problem, nameof(matchers));
        }

        var scope = ProvinceScope.Of(user);
        if (scope.IsBound && !matchers.Any(m => m is { Name: "province", IsEqual: true, IsRegex: false } && scope.Allows(m.Value)))
        {
            Deny(by, "silence.create", target, $"a silence must match province=\"{string.Join("|", scope.Codes)}\" exactly");
        }

        return await RunAsync(by, "silence.create", target, comment, () => alerting.CreateSilenceAsync(matchers, start, endsAt, AuthorOf(user), comment!.Trim(), ct), id => id);
    }

    /// <summary>Expires a silence now.</summary>
    public async Task ExpireSilenceAsync(ClaimsPrincipal user, string silenceId, CancellationToken ct)
    {
        var by = Actor(user);
        Require(user, "silence.expire", silenceId);
        var scope = ProvinceScope.Of(user);
        if (scope.IsBound)
        {
            var silence = (await alerting.SilencesAsync(ct)).FirstOrDefault(s => s.Id == silenceId);
            if (silence is null || !silence.Matchers.Any(m => m is { Name: "province", IsEqual: true, IsRegex: false } && scope.Allows(m.Value)))
            {
                Deny(by, "silence.expire", silenceId, "the silence is not limited to your provinces");
            }
        }

        var found = await RunAsync(by, "silence.expire", silenceId, null, () => alerting.ExpireSilenceAsync(silenceId, AuthorOf(user), ct), _ => null);
        if (!found)
        {
            throw new KeyNotFoundException($"no silence '{silenceId}'");
        }
    }

    /// <summary>Creates a maintenance window (engineers and admins; a bound user only for an own province).</summary>
    public async Task<MaintenanceEntry> CreateMaintenanceAsync(ClaimsPrincipal user, MaintenanceRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(request);
        var by = Actor(user);
        var target = $"{request.Name} province={request.Province ?? "*"} system={request.System ?? "*"}";
        if (!user.IsInRole(Roles.Engineer) && !user.IsInRole(Roles.Admin))
        {
            Deny(by, "maintenance.create", target, "maintenance windows need the engineer or admin role");
        }

        var scope = ProvinceScope.Of(user);
        if (scope.IsBound && !scope.Allows(request.Province))
        {
            Deny(by, "maintenance.create", target, "a maintenance window must name one of your provinces");
        }

        return await RunAsync(by, "maintenance.create", target, request.Comment, () => alerting.CreateMaintenanceAsync(request, AuthorOf(user), ct), m => m.Window.Id);
    }

    /// <summary>The author name of a user: display name (what the wallboard shows as "acknowledged by").</summary>
    public static string Actor(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity?.Name is { Length: > 0 } name ? name : throw new ConsoleAccessDeniedException("not signed in");
    }

    /// <summary>The user as author of a call to Alerting.</summary>
    public static Author AuthorOf(ClaimsPrincipal user)
    {
        var display = Actor(user);
        return new Author(display, user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? display);
    }

    /// <summary>True when the user holds a role that may act on alerts.</summary>
    public static bool MayAct(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity?.IsAuthenticated == true && Policies.ActingRoles.Any(user.IsInRole);
    }

    private async Task<T> OnAlertAsync<T>(ClaimsPrincipal user, string alertId, string action, string? comment, Func<string, CancellationToken, Task<T?>> call, CancellationToken ct)
        where T : class
    {
        var by = Actor(user);
        Require(user, action, alertId);
        var scope = ProvinceScope.Of(user);
        if (scope.IsBound)
        {
            var alert = await alerting.AlertAsync(alertId, ct) ?? throw new KeyNotFoundException($"no alert '{alertId}'");
            if (!scope.Allows(alert))
            {
                Deny(by, action, alertId, $"alert of province {alert.Labels.GetValueOrDefault("province") ?? "(national)"} is outside your provinces");
            }
        }

        var view = await RunAsync(by, action, alertId, comment, () => call(by, ct), _ => null);
        return view ?? throw new KeyNotFoundException($"no alert '{alertId}'");
    }

    private void Require(ClaimsPrincipal user, string action, string target)
    {
        if (!MayAct(user))
        {
            Deny(Actor(user), action, target, $"needs one of the roles {string.Join(", ", Policies.ActingRoles)}");
        }
    }

    private void Deny(string by, string action, string target, string why)
    {
        audit.Record(by, action, target, "denied", why);
        throw new ConsoleAccessDeniedException($"{action} on {target}: {why}");
    }

    private async Task<T> RunAsync<T>(string by, string action, string target, string? detail, Func<Task<T>> call, Func<T, string?> resultNote)
    {
        try
        {
            var result = await call();
            var note = result is null ? "not found" : resultNote(result);
            audit.Record(by, action, target, result is null || (result is bool found && !found) ? "error" : "ok", Join(detail, note));
            return result;
        }
        catch (AlertingApiException ex)
        {
            audit.Record(by, action, target, "error", Join(detail, ex.Message));
            throw;
        }
    }

    private static string? Join(string? a, string? b) => (a, b) switch
    {
        (null or "", null or "") => null,
        (null or "", _) => b,
        (_, null or "") => a,
        _ => a + " · " + b,
    };
}
