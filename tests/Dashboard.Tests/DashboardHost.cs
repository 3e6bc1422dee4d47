using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Core.Messages;
using Supervision.Testing;

namespace Supervision.Dashboard.Tests;

/// <summary>A real Dashboard on Kestrel 127.0.0.1 (port 0 unless given) over the national inventory: the builder every hub test uses.</summary>
public sealed class DashboardHost : IAsyncDisposable
{
    public const string Key = "test-ingest-key-0123456789";

    private DashboardHost(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public static async Task<DashboardHost> StartAsync(int port = 0, params string[] extra)
    {
        var app = DashboardApp.Build([
            "--urls", $"http://127.0.0.1:{port}",
            "--inventory", RepoPaths.NationalInventory,
            "--ingest-key", Key,
            "--Dashboard:CoalescePeriod=00:00:00.200",
            "--Logging:LogLevel:Default=Warning",
            .. TestUsers.Arguments(),
            .. extra]);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new DashboardHost(app, address);
    }

    public async Task<HubConnection> IngestAsync(string? key = Key)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Address, HubNames.IngestHubPath), o =>
            {
                if (key is not null)
                {
                    o.Headers[HubNames.ApiKeyHeader] = key;
                }
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>A status-hub subscriber that records every message it receives, with automatic reconnect.</summary>
public sealed class Subscriber : IAsyncDisposable
{
    public HubConnection Connection { get; }

    public ConcurrentQueue<(string Kind, JsonElement Payload)> Messages { get; } = new();

    private Subscriber(HubConnection connection) => Connection = connection;

    public static async Task<Subscriber> JoinAsync(Uri address, string group, string user = TestUsers.Admin)
    {
        var cookies = await TestUsers.SignInAsync(address, user);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(address, HubNames.StatusHubPath), o => o.Cookies = cookies)
            .WithAutomaticReconnect(new ForeverRetryPolicy())
            .Build();
        var subscriber = new Subscriber(connection);
        connection.On<JsonElement>(HubNames.Snapshot, p => subscriber.Messages.Enqueue((HubNames.Snapshot, p)));
        connection.On<JsonElement>(HubNames.Delta, p => subscriber.Messages.Enqueue((HubNames.Delta, p)));
        connection.Reconnected += async _ => await connection.InvokeAsync(HubNames.Join, group);
        await connection.StartAsync();
        await connection.InvokeAsync(HubNames.Join, group);
        return subscriber;
    }

    public async Task<JsonElement> NextAsync(string kind, Func<JsonElement, bool>? match = null, int timeoutMs = 10_000)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < timeoutMs)
        {
            foreach (var (k, p) in Messages)
            {
                if (k == kind && (match is null || match(p)))
                {
                    return p;
                }
            }

            await Task.Delay(50);
        }

        Assert.Fail($"no '{kind}' message matching within {timeoutMs} ms; got {Messages.Count} messages: {string.Join(", ", Messages.Select(m => m.Kind))}");
        return default;
    }

    /// <summary>
    /// The province's status as this subscriber sees it now: its last snapshot with every later delta applied
    /// (what a wallboard shows), or null before any message about it.
    /// </summary>
    public string? ProvinceStatus(string code)
    {
        string? status = null;
        foreach (var (kind, payload) in Messages)
        {
            var provinces = payload.TryGetProperty("provinces", out var list) ? list.EnumerateArray() : default;
            foreach (var p in provinces)
            {
                if (p.GetProperty("code").GetString() == code)
                {
                    status = p.GetProperty("status").GetString();
                }
            }
        }

        return status;
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}

/// <summary>Retries forever, every 250 ms: a wall never gives up on its Dashboard.</summary>
public sealed class ForeverRetryPolicy : IRetryPolicy
{
    public TimeSpan? NextRetryDelay(RetryContext retryContext) => retryContext.PreviousRetryCount == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(250);
}
