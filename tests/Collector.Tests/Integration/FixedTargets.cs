using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Supervision.Collector.Tests.Integration;

/// <summary>
/// A loopback server answering every target under <c>/t/{unit}/{system}/</c> with one fixed exposition
/// and a healthy <c>/health</c>, remembering when each <c>/metrics</c> request arrived. For tests that
/// must know exactly what the collector was given and how often it asked.
/// </summary>
public sealed class FixedTargets : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> _requests = new(StringComparer.Ordinal);

    private FixedTargets(WebApplication app, string body)
    {
        _app = app;
        Body = body;
    }

    /// <summary>The exposition served on every <c>/metrics</c>.</summary>
    public string Body { get; }

    /// <summary>The base URL.</summary>
    public Uri Url { get; private set; } = null!;

    public static async Task<FixedTargets> StartAsync(string body)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FixedTargets(app, body);
        app.MapGet("/t/{unit}/{system}/metrics", (string unit, string system) =>
        {
            server._requests.GetOrAdd(unit + "/" + system, _ => new()).Enqueue(TimeProvider.System.GetUtcNow());
            return Results.Text(body, "text/plain; version=0.0.4; charset=utf-8");
        });
        app.MapGet("/t/{unit}/{system}/health", () => Results.Text("{\"status\":\"Healthy\",\"totalDuration\":\"00:00:00.001\",\"entries\":{}}", "application/json"));
        await app.StartAsync();
        server.Url = new Uri(app.Urls.First());
        return server;
    }

    /// <summary>When each <c>/metrics</c> request for <paramref name="targetId"/> arrived, in order.</summary>
    public IReadOnlyList<DateTimeOffset> Requests(string targetId) =>
        _requests.TryGetValue(targetId, out var times) ? times.ToArray() : [];

    /// <summary><c>/metrics</c> requests served, all targets.</summary>
    public int TotalRequests => _requests.Values.Sum(q => q.Count);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
