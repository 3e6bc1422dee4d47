using Microsoft.AspNetCore.SignalR.Client;

namespace Supervision.Core.Messages;

/// <summary>
/// A service's one connection to the Dashboard's ingest hub: the collector and Alerting use it alike. It connects
/// and reconnects forever with one back-off (0.5 s doubling to 10 s), calls <see cref="Connected"/> after every
/// connect and reconnect (a Dashboard that restarted knows nothing: the caller sends its whole view), and sends
/// with <see cref="TrySendAsync{T}"/>, which never throws for a lost connection: the Dashboard is told, the service
/// does not depend on it.
/// </summary>
public sealed partial class IngestHubLink : IAsyncDisposable
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);
    private readonly HubConnection _connection;
    private readonly Uri _hubUrl;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _failedStarts;

    /// <summary>A link to <paramref name="link"/>'s hub; it does not connect before <see cref="ConnectAsync"/>.</summary>
    public IngestHubLink(DashboardLinkOptions link, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(link);
        _hubUrl = link.HubUrl ?? throw new ArgumentException("no Dashboard URL configured", nameof(link));
        _time = time;
        _logger = logger;
        _connection = new HubConnectionBuilder()
            .WithUrl(_hubUrl, o => o.Headers[HubNames.ApiKeyHeader] = link.ApiKey ?? string.Empty)
            .AddJsonProtocol(o => HubJson.Configure(o.PayloadSerializerOptions))
            .WithAutomaticReconnect(new Backoff())
            .Build();
        _connection.Reconnected += _ =>
        {
            LogConnected(_logger, _hubUrl);
            return OnConnectedAsync();
        };
    }

    /// <summary>Called after every connect and reconnect, before anything else is sent.</summary>
    public Func<CancellationToken, Task>? Connected { get; set; }

    /// <summary>Whether messages can go now.</summary>
    public bool IsConnected => _connection.State == HubConnectionState.Connected;

    /// <summary>Waits until connected (or <paramref name="cancellationToken"/> fires), trying again with the back-off.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && _connection.State == HubConnectionState.Disconnected)
        {
            try
            {
                await _connection.StartAsync(cancellationToken);
                _failedStarts = 0;
                LogConnected(_logger, _hubUrl);
                await OnConnectedAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogUnreachable(_logger, _hubUrl, ex.Message);
                await DelayAsync(Backoff.Delay(_failedStarts++), cancellationToken);
            }
        }
    }

    /// <summary>Sends one message; false (logged) when the connection is down or drops meanwhile.</summary>
    public async Task<bool> TrySendAsync<T>(string method, T message, CancellationToken cancellationToken)
    {
        if (!IsConnected)
        {
            return false;
        }

        try
        {
            await _connection.InvokeAsync(method, message, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogSendFailed(_logger, method, ex.Message);
            return false;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private Task OnConnectedAsync(CancellationToken cancellationToken = default) =>
        Connected is { } connected ? connected(cancellationToken) : Task.CompletedTask;

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private sealed class Backoff : IRetryPolicy
    {
        public static TimeSpan Delay(int attempt) =>
            TimeSpan.FromSeconds(Math.Min(MaxDelay.TotalSeconds, 0.5 * (1 << Math.Min(attempt, 5))));

        public TimeSpan? NextRetryDelay(RetryContext retryContext) => Delay((int)Math.Min(retryContext.PreviousRetryCount, 5));
    }

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Connected to the Dashboard's ingest hub {Url}")]
    private static partial void LogConnected(ILogger logger, Uri url);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Dashboard's ingest hub {Url} unreachable, trying again: {Error}")]
    private static partial void LogUnreachable(ILogger logger, Uri url, string error);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Sending {Method} to the Dashboard failed: {Error}")]
    private static partial void LogSendFailed(ILogger logger, string method, string error);
}
