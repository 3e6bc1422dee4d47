using System.Threading.Channels;

namespace Supervision.Alerting.Push;

/// <summary>
/// Pushes alert changes to the Dashboard's ingest hub (<c>PushAlertChanges</c>). Reconnects on its own and sends a
/// full snapshot after every (re)connect, so a Dashboard that restarted catches up. With no Dashboard configured
/// (or reachable) changes are dropped, counted, and the service runs on: paging never depends on the wallboard.
/// </summary>
internal sealed class DashboardPusher(IOptions<AlertingOptions> options, IServiceProvider services, TimeProvider time, ILogger<DashboardPusher> logger)
    : BackgroundService, IAlertChangeSink
{
    private readonly Channel<IReadOnlyList<AlertView>> _queue = Channel.CreateBounded<IReadOnlyList<AlertView>>(
        new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private volatile IngestHubLink? _hub;

    /// <summary>
    /// Sends a cluster node's health report at once when connected (a report lost to a reconnect is replaced by the
    /// next one a few seconds later); never throws: the Dashboard is told, paging does not depend on it.
    /// </summary>
    public async Task ReportHealthAsync(NodeHealthReport report, CancellationToken ct)
    {
        if (_hub is { } hub)
        {
            await hub.TrySendAsync(HubNames.PushNodeHealth, report, ct);
        }
    }

    public void Publish(IReadOnlyList<AlertView> changed)
    {
        if (options.Value.Dashboard.Enabled)
        {
            _queue.Writer.TryWrite(changed);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Dashboard.Enabled)
        {
            return;
        }

        await using var hub = new IngestHubLink(options.Value.Dashboard, time, logger);
        hub.Connected = SendSnapshotAsync;
        _hub = hub;
        try
        {
            // Dashboard down at start: keep trying; alerting itself is unaffected.
            await hub.ConnectAsync(stoppingToken);
            await foreach (var batch in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                // While disconnected a batch is dropped: the snapshot after the reconnect carries it.
                await hub.TrySendAsync(HubNames.PushAlertChanges, new AlertChangeBatch(batch, false), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _hub = null;
        }

        Task SendSnapshotAsync(CancellationToken ct) =>
            hub.TrySendAsync(HubNames.PushAlertChanges, new AlertChangeBatch(services.GetRequiredService<AlertEngine>().Views, true), ct);
    }
}
