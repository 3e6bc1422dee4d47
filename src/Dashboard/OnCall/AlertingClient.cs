using System.Net;
using System.Text.Json.Serialization;

namespace Supervision.Dashboard.OnCall;

/// <summary>Alerting answered with an error, was unreachable, or is not configured.</summary>
public sealed class AlertingApiException : Exception
{
    /// <summary>Creates the error.</summary>
    public AlertingApiException(string message, HttpStatusCode? status = null, Exception? inner = null) : base(message, inner) => Status = status;

    /// <summary>Creates an error without detail.</summary>
    public AlertingApiException() : this("Alerting API error")
    {
    }

    /// <summary>Creates an error with a message.</summary>
    public AlertingApiException(string message) : this(message, null, null)
    {
    }

    /// <summary>Creates an error with a message and its cause.</summary>
    public AlertingApiException(string message, Exception inner) : this(message, null, inner)
    {
    }

    /// <summary>Alerting's status code, or null when it did not answer.</summary>
    public HttpStatusCode? Status { get; }
}

/// <summary>Who acts: the name shown and written as author, and the sign-in name for Alerting's audit header.</summary>
/// <param name="Display">Display name (acknowledged by, created by).</param>
/// <param name="Login">Sign-in name, sent as <c>X-User</c> (headers are ASCII; other characters are percent-escaped).</param>
public sealed record Author(string Display, string Login);

/// <summary>
/// The console's way to Alerting's HTTP API (IHttpClientFactory client <c>alerting</c>): Alerting's API key on every
/// call and the signed-in user as author (<c>by</c>, <c>createdBy</c>, and <c>X-User</c> for Alerting's audit).
/// Bodies are the Core contracts Alerting's endpoints use (<c>Supervision.Core.Contracts.Alerting</c>), so a renamed
/// field fails to compile on both sides.
/// </summary>
public sealed class AlertingClient(IHttpClientFactory factory, IOptions<AlertingApiOptions> options)
{
    /// <summary>Name of the HTTP client.</summary>
    public const string HttpClientName = "alerting";

    private static readonly JsonSerializerOptions Json = CreateJson();

    /// <summary>True when an Alerting URL is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(options.Value.Url);

    /// <summary>Alerts, optionally only of one state.</summary>
    public Task<IReadOnlyList<AlertView>> AlertsAsync(AlertState? state, CancellationToken ct) =>
        GetAsync<IReadOnlyList<AlertView>>(state is null ? "/api/alerts" : "/api/alerts?state=" + state.ToString()!.ToLowerInvariant(), ct);

    /// <summary>One alert, or null when Alerting does not know it.</summary>
    public async Task<AlertView?> AlertAsync(string id, CancellationToken ct)
    {
        try
        {
            return await GetAsync<AlertView>("/api/alerts/" + Uri.EscapeDataString(id), ct);
        }
        catch (AlertingApiException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Notifications that carried the alert, newest first.</summary>
    public Task<IReadOnlyList<NotificationRecord>> NotificationsAsync(string alertId, CancellationToken ct) =>
        GetAsync<IReadOnlyList<NotificationRecord>>($"/api/alerts/{Uri.EscapeDataString(alertId)}/notifications?limit=50", ct);

    /// <summary>Alerting's audit, newest first (escalation steps are there).</summary>
    public Task<IReadOnlyList<AlertingAuditEntry>> AuditAsync(string? actionPrefix, int limit, CancellationToken ct) =>
        GetAsync<IReadOnlyList<AlertingAuditEntry>>($"/api/audit?limit={limit}" + (actionPrefix is null ? string.Empty : "&action=" + Uri.EscapeDataString(actionPrefix)), ct);

    /// <summary>Every silence.</summary>
    public Task<IReadOnlyList<SilenceView>> SilencesAsync(CancellationToken ct) => GetAsync<IReadOnlyList<SilenceView>>("/api/silences", ct);

    /// <summary>Who is on call now and next, per schedule.</summary>
    public Task<IReadOnlyList<OnCallAnswer>> OnCallAsync(CancellationToken ct) => GetAsync<IReadOnlyList<OnCallAnswer>>("/api/oncall", ct);

    /// <summary>Maintenance windows.</summary>
    public Task<IReadOnlyList<MaintenanceEntry>> MaintenanceAsync(CancellationToken ct) => GetAsync<IReadOnlyList<MaintenanceEntry>>("/api/maintenance", ct);

    /// <summary>Acknowledges an alert; null when Alerting does not know it.</summary>
    public Task<AlertView?> AcknowledgeAsync(string id, Author by, string? comment, CancellationToken ct) =>
        SendAsync<AlertView>(HttpMethod.Post, $"/api/alerts/{Uri.EscapeDataString(id)}/ack", by, new AckRequest(by.Display, comment), ct);

    /// <summary>
    /// Escalates an alert by hand; null when Alerting has no such firing alert. A 409 (no escalation policy covers the
    /// alert) comes back as an <see cref="AlertingApiException"/> carrying Alerting's words.
    /// </summary>
    public Task<IReadOnlyList<ManualEscalation>?> EscalateAsync(string id, Author by, string? comment, CancellationToken ct) =>
        SendAsync<IReadOnlyList<ManualEscalation>>(HttpMethod.Post, $"/api/alerts/{Uri.EscapeDataString(id)}/escalate", by, new AckRequest(by.Display, comment), ct);

    /// <summary>A notification group (what a message's group link names); null when Alerting has none with that key.</summary>
    public async Task<NotificationGroup?> GroupAsync(string key, CancellationToken ct)
    {
        try
        {
            return await GetAsync<NotificationGroup>("/api/groups?key=" + Uri.EscapeDataString(key), ct);
        }
        catch (AlertingApiException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Removes the acknowledgement; null when Alerting does not know the alert.</summary>
    public Task<AlertView?> UnacknowledgeAsync(string id, Author by, CancellationToken ct) =>
        SendAsync<AlertView>(HttpMethod.Delete, $"/api/alerts/{Uri.EscapeDataString(id)}/ack", by, null, ct);

    /// <summary>Creates a silence; returns its id.</summary>
    public async Task<string> CreateSilenceAsync(IReadOnlyList<SilenceMatcher> matchers, DateTimeOffset startsAt, DateTimeOffset endsAt, Author by, string comment, CancellationToken ct)
    {
        var answer = await SendAsync<SilenceCreated>(HttpMethod.Post, "/api/silences", by, new SilenceRequest(null, matchers, startsAt, endsAt, by.Display, comment), ct);
        return answer?.SilenceId ?? throw new AlertingApiException("Alerting answered without a silence id");
    }

    /// <summary>Expires a silence now; false when Alerting does not know it.</summary>
    public async Task<bool> ExpireSilenceAsync(string id, Author by, CancellationToken ct) =>
        await SendAsync<SilenceView>(HttpMethod.Delete, "/api/silences/" + Uri.EscapeDataString(id), by, null, ct) is not null;

    /// <summary>Creates a maintenance window.</summary>
    public async Task<MaintenanceEntry> CreateMaintenanceAsync(MaintenanceRequest request, Author by, CancellationToken ct) =>
        await SendAsync<MaintenanceEntry>(HttpMethod.Post, "/api/maintenance", by, request, ct) ?? throw new AlertingApiException("Alerting answered 404 to a new maintenance window");

    private async Task<T> GetAsync<T>(string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return (await ExchangeAsync<T>(request, ct))!;
    }

    private async Task<T?> SendAsync<T>(HttpMethod method, string path, Author by, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-User", by.Login.All(c => c is >= ' ' and <= '~') ? by.Login : Uri.EscapeDataString(by.Login));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        try
        {
            return await ExchangeAsync<T>(request, ct);
        }
        catch (AlertingApiException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            return default;
        }
    }

    private async Task<T?> ExchangeAsync<T>(HttpRequestMessage request, CancellationToken ct)
    {
        if (!Enabled)
        {
            throw new AlertingApiException("Alerting is not configured (Dashboard:Alerting:Url)", HttpStatusCode.ServiceUnavailable);
        }

        var client = factory.CreateClient(HttpClientName);
        request.RequestUri = new Uri(new Uri(options.Value.Url!.TrimEnd('/') + "/"), request.RequestUri!.OriginalString.TrimStart('/'));
        if (!string.IsNullOrEmpty(options.Value.ApiKey))
        {
            request.Headers.Add(HubNames.ApiKeyHeader, options.Value.ApiKey);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.Timeout);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (HttpRequestException ex)
        {
            throw new AlertingApiException($"Alerting at {options.Value.Url} is unreachable: {ex.Message}", HttpStatusCode.BadGateway, ex);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new AlertingApiException($"Alerting did not answer {request.Method} {request.RequestUri.AbsolutePath} within {options.Value.Timeout.TotalSeconds:0.#} s", HttpStatusCode.GatewayTimeout, ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(ct);
                throw new AlertingApiException($"Alerting answered {(int)response.StatusCode} to {request.Method} {request.RequestUri.AbsolutePath}: {Shorten(text)}", response.StatusCode);
            }

            if (response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0)
            {
                return default;
            }

            return await response.Content.ReadFromJsonAsync<T>(Json, ct);
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        json.Converters.Add(new JsonStringEnumConverter());
        return json;
    }
}
