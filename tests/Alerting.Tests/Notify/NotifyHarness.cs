using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Supervision.Alerting.Api;
using Supervision.Alerting.Muting;
using Supervision.Alerting.Notify;
using Supervision.Alerting.Notify.Config;
using Supervision.Alerting.Notify.Delivery;
using Supervision.Alerting.Notify.Store;
using Supervision.Alerting.OnCall;
using Supervision.Alerting.Tests.Support;
using Supervision.Core.Messages;

namespace Supervision.Alerting.Tests.Notify;

/// <summary>
/// The one builder of the notification module under test: the real services over a SQLite file in a temp
/// folder, a fake clock, and a fake logger. Two harnesses on the same folder model a restart.
/// </summary>
public sealed class NotifyHarness : IAsyncDisposable
{
    /// <summary>Monday 2026-11-23 01:00 UTC = 08:00 Vietnam time.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _provider;
    private readonly bool _ownsFolder;

    private NotifyHarness(ServiceProvider provider, string folder, FakeTimeProvider time, bool ownsFolder)
    {
        _provider = provider;
        Folder = folder;
        Time = time;
        _ownsFolder = ownsFolder;
    }

    public string Folder { get; }

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => _provider;

    public INotificationPipeline Pipeline => _provider.GetRequiredService<INotificationPipeline>();

    public OutboxDispatcher Dispatcher => _provider.GetRequiredService<OutboxDispatcher>();

    public OutboxStore Outbox => _provider.GetRequiredService<OutboxStore>();

    public InMemorySilenceSource Silences => (InMemorySilenceSource)_provider.GetRequiredService<ISilenceSource>();

    public MaintenanceService Maintenance => _provider.GetRequiredService<MaintenanceService>();

    public OnCallService OnCall => _provider.GetRequiredService<OnCallService>();

    public AuditStore Audit => _provider.GetRequiredService<AuditStore>();

    public FakeLogCollector Logs => _provider.GetRequiredService<FakeLogCollector>();

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>Builds the module from YAML; <paramref name="folder"/> reuses an earlier harness's database (a restart).</summary>
    public static NotifyHarness Create(string yaml, string? folder = null, DateTimeOffset? start = null, Action<Dictionary<string, string?>>? settings = null)
    {
        var owns = folder is null;
        folder ??= Path.Combine(Path.GetTempPath(), "supervision-notify-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var time = new FakeTimeProvider(start ?? Start);
        var values = new Dictionary<string, string?>
        {
            ["Notifications:DatabasePath"] = Path.Combine(folder, "notify.db"),
            ["Notifications:DashboardUrl"] = "http://dashboard.test",
            ["Notifications:ExternalUrl"] = "http://alerting.test",
            ["Notifications:RetryInitialBackoff"] = "00:00:02",
            ["Notifications:RetryMaxBackoff"] = "00:00:16",
            ["Notifications:DeliveryLease"] = "00:00:30",
        };
        settings?.Invoke(values);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddLogging(b => b.AddFakeLogging().SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton<ISilenceSource, InMemorySilenceSource>();
        services.AddNotifications(configuration, NotificationsConfigLoader.Parse(yaml, "test.yaml"));
        return new NotifyHarness(services.BuildServiceProvider(), folder, time, owns);
    }

    /// <summary>Runs the pipeline on <paramref name="alerts"/> at the current fake time, then one delivery pass.</summary>
    public async Task<DeliveryPass> StepAsync(IReadOnlyList<AlertView> alerts)
    {
        await Pipeline.ProcessAsync(alerts, Now, CancellationToken.None);
        return await Dispatcher.DeliverDueAsync(Now, CancellationToken.None);
    }

    /// <summary>Advances the clock and runs a tick (pipeline timers + delivery).</summary>
    public async Task<DeliveryPass> AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        await Pipeline.TickAsync(Now, CancellationToken.None);
        return await Dispatcher.DeliverDueAsync(Now, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_ownsFolder)
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // Temp folder; harmless if left.
            }
        }
    }

    /// <summary>A firing alert of one commune's system.</summary>
    public static AlertView Firing(string unit, string province = "79", string system = "edoc", string severity = "critical", string rule = "TargetDown", DateTimeOffset? since = null, string? ackBy = null)
    {
        var at = since ?? Start;
        var labels = new Dictionary<string, string>
        {
            ["alertname"] = rule,
            ["unit"] = unit,
            ["province"] = province,
            ["system"] = system,
            ["severity"] = severity,
            ["province_name"] = "Hồ Chí Minh",
            ["unit_name"] = "Phường " + unit,
        };
        var annotations = new Dictionary<string, string>
        {
            ["summary"] = $"{system} of {unit} is down",
            ["runbook_url"] = "https://runbooks.test/target-down",
        };
        return new AlertView($"{rule}-{unit}-{system}", rule, AlertState.Firing, severity, labels, annotations, at, at, null, at, AcknowledgedBy: ackBy, AcknowledgedAt: ackBy is null ? null : at);
    }

    /// <summary>The same alert, resolved at <paramref name="at"/>.</summary>
    public static AlertView Resolved(AlertView firing, DateTimeOffset at) =>
        firing with { State = AlertState.Resolved, ResolvedAt = at, StateSince = at };

    /// <summary>A YAML config with one webhook receiver as root and a critical route.</summary>
    public static string WebhookConfig(Uri url, string extra = "") => $$"""
        route:
          receiver: ops
          group_by: [province, system]
          group_wait: 10s
          group_interval: 1m
          repeat_interval: 4h
        receivers:
          - name: ops
            webhook:
              url: {{url}}
              timeout: 2s
        {{extra}}
        """;
}
