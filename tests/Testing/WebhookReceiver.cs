using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Supervision.Testing;

/// <summary>One request the receiver accepted.</summary>
/// <param name="Path">Request path.</param>
/// <param name="Body">Body text.</param>
/// <param name="Headers">Request headers (first value of each).</param>
public sealed record ReceivedRequest(string Path, string Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// A webhook receiver on Kestrel at 127.0.0.1:0. It answers 200 and records the request, or, as told, answers
/// an error status (down), or answers late (slow), or hangs until the caller gives up (a request abandoned mid-flight
/// is not recorded as answered).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly ConcurrentQueue<ReceivedRequest> _arrived = new();
    private volatile int _status = 200;
    private volatile bool _hang;
    private long _answerAfterTicks;
    private int _hits;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Requests answered with 2xx, in arrival order.</summary>
    public IReadOnlyList<ReceivedRequest> Received => _received.ToArray();

    /// <summary>
    /// Every request whose body arrived, answered or not (a sender killed while the receiver held its request
    /// shows here and not in <see cref="Received"/>), in arrival order.
    /// </summary>
    public IReadOnlyList<ReceivedRequest> Arrived => _arrived.ToArray();

    /// <summary>Every request that reached the handler, answered or not.</summary>
    public int Hits => Volatile.Read(ref _hits);

    /// <summary>Starts a receiver.</summary>
    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseAddress = new Uri(address);
        return receiver;
    }

    /// <summary>Answers this status from now on (200 = healthy; 503 = down).</summary>
    public void RespondWith(HttpStatusCode status) => _status = (int)status;

    /// <summary>Holds every request open until the client gives up.</summary>
    public void Hang(bool hang) => _hang = hang;

    /// <summary>Answers every request only after <paramref name="delay"/> (a slow receiver; zero: at once).</summary>
    public void AnswerAfter(TimeSpan delay) => Interlocked.Exchange(ref _answerAfterTicks, delay.Ticks);

    /// <summary>Waits (bounded) until at least <paramref name="count"/> requests were accepted.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (_received.Count < count)
        {
            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"webhook receiver got {_received.Count} of {count} requests within {timeout}");
            }

            await Task.Delay(20, CancellationToken.None);
        }

        return Received;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _hits);
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = new ReceivedRequest(
            context.Request.Path + context.Request.QueryString, body,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
        _arrived.Enqueue(request);
        if (_hang)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (Interlocked.Read(ref _answerAfterTicks) is > 0 and var ticks)
        {
            try
            {
                await Task.Delay(TimeSpan.FromTicks(ticks), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var status = _status;
        if (status is >= 200 and < 300)
        {
            _received.Enqueue(request);
        }

        context.Response.StatusCode = status;
    }
}
