using System.Text.Json.Serialization;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;
using Supervision.Alerting.Engine;
using Supervision.Core.Messages;

namespace Supervision.Alerting.Push;

/// <summary>
/// Pushes alert changes to the Dashboard's ingest hub (<c>PushAlertChanges</c>). Reconnects on its own and sends a
/// full snapshot after every (re)connect, so a Dashboard that restarted catches up. With no Dashboard configured
/// (or reachable) changes are dropped, counted, and the service runs on: paging never depends on the wallboard.
/// </summary>
internal sealed partial class DashboardPusher(IOptions<AlertingOptions> options, IServiceProvider services, TimeProvider time, ILogger<DashboardPusher> logger)
    : BackgroundService, IAlertChangeSink
{
    public const string MethodName = "PushAlertChanges";
    private readonly Channel<IReadOnlyList<AlertView>> _queue = Channel.CreateBounded<IReadOnlyList<AlertView>>(
        new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private volatile HubConnection? _connection;

    /// <summary>
    /// Sends a cluster node's health report at once when connected (a report lost to a reconnect is replaced by the
    /// next one a few seconds later); never throws: the Dashboard is told, paging does not depend on it.
    /// </summary>
    public async Task ReportHealthAsync(NodeHealthReport report, CancellationToken ct)
    {
        if (_connection is not { State: HubConnectionState.Connected } connection)
        {
            return;
        }

        try
        {
            await connection.InvokeAsync(HubNames.PushNodeHealth, report, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.PushFailed(logger, ex.Message);
        }
    }

    public void Publish(IReadOnlyList<AlertView> changed)
    {
        if (!string.IsNullOrEmpty(options.Value.DashboardUrl))
        {
            _queue.Writer.TryWrite(changed);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var url = options.Value.DashboardUrl;
        if (string.IsNullOrEmpty(url))
        {
            return;
        }

        var connection = new HubConnectionBuilder()
            .WithUrl(url.TrimEnd('/') + HubNames.IngestHubPath, o => o.Headers[HubNames.ApiKeyHeader] = options.Value.DashboardApiKey ?? string.Empty)
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .WithAutomaticReconnect(new ForeverRetry())
            .Build();
        connection.Reconnected += async _ => await SendSnapshotAsync(connection, stoppingToken);
        _connection = connection;
        try
        {
            while (!stoppingToken.IsCancellationRequested && connection.State != HubConnectionState.Connected)
            {
                try
                {
                    await connection.StartAsync(stoppingToken);
                    Log.Connected(logger, url);
                    await SendSnapshotAsync(connection, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Dashboard down at start: keep trying; alerting itself is unaffected.
                    Log.ConnectFailed(logger, url, ex.Message);
                    await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken);
                }
            }

            await foreach (var batch in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                if (connection.State != HubConnectionState.Connected)
                {
                    continue; // the snapshot after reconnect carries it
                }

                try
                {
                    await connection.InvokeAsync(MethodName, new AlertChangeBatch(batch, false), stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.PushFailed(logger, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }

    private async Task SendSnapshotAsync(HubConnection connection, CancellationToken ct)
    {
        try
        {
            var engine = services.GetRequiredService<AlertEngine>();
            await connection.InvokeAsync(MethodName, new AlertChangeBatch(engine.Views, true), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.PushFailed(logger, ex.Message);
        }
    }

    private sealed class ForeverRetry : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
            TimeSpan.FromSeconds(Math.Min(10, 1 + retryContext.PreviousRetryCount));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "Connected to the Dashboard ingest hub at {Url}")]
        public static partial void Connected(ILogger logger, string url);

        [LoggerMessage(EventId = 5302, Level = LogLevel.Warning, Message = "Dashboard ingest hub at {Url} unreachable: {Error}")]
        public static partial void ConnectFailed(ILogger logger, string url, string error);

        [LoggerMessage(EventId = 5303, Level = LogLevel.Warning, Message = "Alert push failed: {Error}")]
        public static partial void PushFailed(ILogger logger, string error);
    }
}
