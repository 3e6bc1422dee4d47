using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Supervision.Core.Messages;

namespace Supervision.Dashboard.Tests.Security;

/// <summary>
/// A Dashboard whose operators re-opened the internal read-only status (<c>Dashboard:Security:AnonymousStatusApi</c>; closed by
/// default, <c>StatusPageTests</c> checks that): the status API and hub answer anyone, actions stay closed.
/// </summary>
public sealed class PublicStatusHost : IAsyncLifetime
{
    public DashboardHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await DashboardHost.StartAsync(0, "--Dashboard:Security:AnonymousStatusApi=true");

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class PublicStatusTests(PublicStatusHost fixture) : IClassFixture<PublicStatusHost>
{
    private Uri Address => fixture.Host.Address;

    [Fact]
    public async Task anonymous_callers_read_the_status_api_but_not_pages_or_actions()
    {
        using var client = TestUsers.Client(Address);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/status")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/status/provinces/79")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/status/provinces/99")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/console")).StatusCode);
        using var ack = await client.PostAsJsonAsync("/api/console/alerts/0123abcd/ack", new { comment = "x" });
        Assert.Equal(HttpStatusCode.Unauthorized, ack.StatusCode);
    }

    [Fact]
    public async Task an_anonymous_hub_client_joins_the_national_group_and_gets_its_snapshot()
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(Address, HubNames.StatusHubPath)).Build();
        await using var _ = connection;
        var snapshot = new TaskCompletionSource<System.Text.Json.JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<System.Text.Json.JsonElement>(HubNames.Snapshot, p => snapshot.TrySetResult(p));
        await connection.StartAsync();
        await connection.InvokeAsync(HubNames.Join, HubNames.NationalGroup);
        var payload = await snapshot.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(34, payload.GetProperty("provinces").GetArrayLength());
    }

    [Fact]
    public async Task a_user_bound_to_one_province_is_still_held_to_it_when_status_is_public()
    {
        using var client = TestUsers.Client(Address, await TestUsers.SignInAsync(Address, TestUsers.Hcm));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/status/provinces/79")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/status/provinces/01")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/status")).StatusCode);
    }
}
