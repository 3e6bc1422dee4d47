using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Core.Messages;

namespace Supervision.Dashboard.Tests.Security;

/// <summary>
/// One real Dashboard on Kestrel shared by the access tests (each signs in for itself), with the read-only status
/// closed as by default (<c>AnonymousStatusApi=false</c>): then nothing but the documented list is open.
/// </summary>
public sealed class AccessHost : IAsyncLifetime
{
    public DashboardHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await DashboardHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class AccessTests(AccessHost fixture) : IClassFixture<AccessHost>
{
    // What is open without sign-in, on purpose (docs/security.md): everything else must answer 401 or the sign-in redirect.
    private static readonly string[] OpenPrefixes = ["/signin", "/healthz", "/metrics", HubNames.IngestHubPath, "/_blazor", "/_framework", "/kiosk", "/status"];

    private Uri Address => fixture.Host.Address;

    private static string Sample(string pattern) => pattern
        .Replace("{code}", "79", StringComparison.OrdinalIgnoreCase)
        .Replace("{id}", "0123abcd", StringComparison.OrdinalIgnoreCase);

    private IEnumerable<(string Method, string Path, bool Anonymous)> Endpoints() =>
        fixture.Host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.Contains('.', StringComparison.Ordinal)) // static files
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (m, "/" + Sample(e.RoutePattern.RawText!).TrimStart('/'), e.Metadata.GetMetadata<IAllowAnonymous>() is not null)))
            .Where(e => !e.Item2.Contains('{', StringComparison.Ordinal) && !e.Item2.Contains('*', StringComparison.Ordinal))
            .Distinct();

    [Fact]
    public async Task anonymous_requests_to_every_page_and_api_get_401_or_the_sign_in_redirect()
    {
        using var client = TestUsers.Client(Address);
        var checkedCount = 0;
        foreach (var (method, path, anonymous) in Endpoints())
        {
            if (anonymous)
            {
                Assert.True(OpenPrefixes.Any(p => path.StartsWith(p, StringComparison.Ordinal)), $"{method} {path} is open without sign-in but is not in the documented list");
                continue;
            }

            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT")
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request);
            checkedCount++;
            if (path.StartsWith("/api", StringComparison.Ordinal) || path.StartsWith("/hubs", StringComparison.Ordinal) || method != "GET")
            {
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {(int)response.StatusCode}, expected 401");
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{method} {path}: {(int)response.StatusCode}, expected the sign-in redirect");
                Assert.StartsWith("/signin", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
            }
        }

        Assert.True(checkedCount >= 5, $"only {checkedCount} protected endpoints found");
    }

    [Fact]
    public async Task a_signed_in_user_gets_pages_and_the_status_api()
    {
        using var client = TestUsers.Client(Address, await TestUsers.SignInAsync(Address, TestUsers.Viewer));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/status")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/provinces/01")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        var me = await client.GetStringAsync("/api/me");
        Assert.Contains("\"viewer\"", me, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_user_bound_to_one_province_gets_403_on_another_provinces_page_api_and_on_national_views()
    {
        using var client = TestUsers.Client(Address, await TestUsers.SignInAsync(Address, TestUsers.Hcm));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/status/provinces/79")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/provinces/79")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/status/provinces/01")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/provinces/01")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/status")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task a_user_bound_to_one_province_is_refused_another_provinces_hub_group_and_the_national_group()
    {
        await using var own = await Subscriber.JoinAsync(Address, HubNames.ProvinceGroup("79"), TestUsers.Hcm);
        var snapshot = await own.NextAsync(HubNames.Snapshot);
        Assert.Equal("79", snapshot.GetProperty("summary").GetProperty("code").GetString());

        var other = await Assert.ThrowsAsync<HubException>(() => own.Connection.InvokeAsync(HubNames.Join, HubNames.ProvinceGroup("01")));
        Assert.Contains("403", other.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HubException>(() => own.Connection.InvokeAsync(HubNames.Join, HubNames.NationalGroup));
        Assert.DoesNotContain(own.Messages, m => m.Kind == HubNames.Snapshot && m.Payload.TryGetProperty("provinces", out _));
    }

    [Fact]
    public async Task the_status_hub_refuses_an_anonymous_connection()
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(Address, HubNames.StatusHubPath)).Build();
        await using var _ = connection;
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Theory]
    [InlineData(TestUsers.Viewer)]
    [InlineData(TestUsers.Leader)]
    public async Task a_user_without_an_acting_role_cannot_acknowledge_silence_or_open_the_console(string name)
    {
        using var client = TestUsers.Client(Address, await TestUsers.SignInAsync(Address, name));
        using var ack = await client.PostAsJsonAsync("/api/console/alerts/0123abcd/ack", new { comment = "on it" });
        Assert.Equal(HttpStatusCode.Forbidden, ack.StatusCode);
        using var unack = await client.DeleteAsync("/api/console/alerts/0123abcd/ack");
        Assert.Equal(HttpStatusCode.Forbidden, unack.StatusCode);
        using var silence = await client.PostAsJsonAsync("/api/console/silences", new { matchers = new[] { new { name = "province", value = "79" } }, durationMinutes = 60, comment = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, silence.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/console")).StatusCode);
    }

    [Fact]
    public async Task an_engineer_passes_the_policy_and_gets_a_clear_error_when_alerting_is_not_configured()
    {
        using var client = TestUsers.Client(Address, await TestUsers.SignInAsync(Address, TestUsers.Engineer));
        using var ack = await client.PostAsJsonAsync("/api/console/alerts/0123abcd/ack", new { comment = "on it" });
        Assert.Equal(HttpStatusCode.BadGateway, ack.StatusCode);
        Assert.Contains("Dashboard:Alerting:Url", await ack.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var audit = fixture.Host.App.Services.GetRequiredService<Supervision.Dashboard.Security.AuditLog>().Recent(20, "0123abcd");
        Assert.Contains(audit, e => e.Action == "alert.ack" && e.Outcome == "error" && e.Actor == TestUsers.Engineer);
    }

    [Fact]
    public async Task five_wrong_passwords_lock_the_account_and_then_even_the_right_one_is_refused()
    {
        using var client = TestUsers.Client(Address);
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await TestUsers.PostSignInAsync(client, TestUsers.Operator, "wrong-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var right = await TestUsers.PostSignInAsync(client, TestUsers.Operator, TestUsers.Password(TestUsers.Operator));
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);

        var audit = fixture.Host.App.Services.GetRequiredService<Supervision.Dashboard.Security.AuditLog>().Recent(50, TestUsers.Operator);
        Assert.Equal(4, audit.Count(e => e.Action == "signin.failed"));
        Assert.Single(audit, e => e.Action == "signin.lockout");
        Assert.Contains(audit, e => e.Action == "signin.locked" && e.Outcome == "denied");
    }

    [Fact]
    public async Task a_sign_in_post_without_the_antiforgery_token_is_rejected()
    {
        using var client = TestUsers.Client(Address);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = TestUsers.Admin, ["password"] = TestUsers.Password(TestUsers.Admin) });
        using var response = await client.PostAsync("/signin", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith(Supervision.Dashboard.Security.SecurityServiceCollectionExtensions.CookieName, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task sign_out_needs_the_antiforgery_token_and_then_ends_the_session()
    {
        using var client = TestUsers.Client(Address, await TestUsers.SignInAsync(Address, TestUsers.Leader));
        using (var forged = await client.PostAsync("/signout", new FormUrlEncodedContent(new Dictionary<string, string>())))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = await TestUsers.AntiforgeryTokenAsync(client) });
        using var signedOut = await client.PostAsync("/signout", form);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
        var audit = fixture.Host.App.Services.GetRequiredService<Supervision.Dashboard.Security.AuditLog>().Recent(20);
        Assert.Contains(audit, e => e.Action == "signout" && e.Actor == TestUsers.Leader);
    }

    [Fact]
    public async Task sign_in_does_not_redirect_off_site_and_a_bound_user_lands_on_their_province()
    {
        using var client = TestUsers.Client(Address);
        using var response = await TestUsers.PostSignInAsync(client, TestUsers.Hcm, TestUsers.Password(TestUsers.Hcm));
        Assert.Equal("/provinces/79", response.Headers.Location!.OriginalString);
        Assert.Equal("/", Supervision.Dashboard.Security.SignInEndpoints.LocalOrHome("//evil.example/x"));
        Assert.Equal("/", Supervision.Dashboard.Security.SignInEndpoints.LocalOrHome("https://evil.example/"));
        Assert.Equal("/", Supervision.Dashboard.Security.SignInEndpoints.LocalOrHome("/\\evil.example"));
        Assert.Equal("/console?x=1", Supervision.Dashboard.Security.SignInEndpoints.LocalOrHome("/console?x=1"));
    }

    [Fact]
    public async Task an_alerts_recent_data_is_served_only_within_the_users_provinces()
    {
        var at = TimeProvider.System.GetUtcNow();
        AlertView Alert(string id, string province, string unit) => new(id, "target-down", AlertState.Firing, "critical",
            new Dictionary<string, string> { ["province"] = province, ["unit"] = unit, ["system"] = "dossier" }, new Dictionary<string, string>(), at, at, null, at);
        await using (var ingest = await fixture.Host.IngestAsync())
        {
            await ingest.InvokeAsync(HubNames.PushAlertChanges, new AlertChangeBatch([Alert("rd79", "79", "26737"), Alert("rd01", "01", "00004")]));
        }

        using var client = TestUsers.Client(Address, await TestUsers.SignInAsync(Address, TestUsers.Hcm));
        using var own = await client.GetAsync("/api/console/alerts/rd79/recent");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        // This Dashboard has no InfluxDB: the answer says so instead of failing.
        Assert.Contains("no InfluxDB configured", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/console/alerts/rd01/recent")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/console/alerts/nosuch/recent")).StatusCode);
    }
}
