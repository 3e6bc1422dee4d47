namespace Supervision.Alerting.Watchdog;

/// <summary>What one beat found.</summary>
/// <param name="Healthy">True when rules were evaluated recently and InfluxDB answers.</param>
/// <param name="Problem">Why not, in words.</param>
internal sealed record WatchdogHealth(bool Healthy, string? Problem);

/// <summary>
/// The dead-man's switch. Every <see cref="WatchdogOptions.Period"/>, when rules were evaluated lately and InfluxDB
/// answers, it sends the always-firing "watchdog" message straight to its receiver (no routing, grouping or outbox:
/// a beat that fails is simply the next one's business) and a beat (an empty alert batch) to the Dashboard. When
/// Alerting stops, or cannot reach any InfluxDB server (Influx:Servers), or its scheduler stalls, the beats stop: the outside receiver pages,
/// and the wallboard shows a banner.
/// </summary>
internal sealed partial class WatchdogService(
    IOptions<WatchdogOptions> options,
    AlertEngine engine,
    InfluxReader influx,
    IAlertChangeSink dashboard,
    NotificationsConfig config,
    IEnumerable<INotificationChannel> channels,
    TimeProvider time,
    ILogger<WatchdogService> logger) : BackgroundService
{
    /// <summary>Rule name and <c>alertname</c> of the watchdog message.</summary>
    public const string AlertName = "watchdog";

    private bool? _lastHealthy;

    /// <summary>Beats sent to the receiver (for tests and /metrics).</summary>
    public int Beats { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Period, time);
        try
        {
            do
            {
                await BeatAsync(time.GetUtcNow(), stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One beat at <paramref name="now"/>: checks health and, when healthy, tells the receiver and the Dashboard.</summary>
    public async Task<WatchdogHealth> BeatAsync(DateTimeOffset now, CancellationToken ct)
    {
        var health = await CheckAsync(now, ct);
        if (health.Healthy != _lastHealthy)
        {
            if (health.Healthy) { Log.Healthy(logger); } else { Log.Unhealthy(logger, health.Problem ?? "unknown"); }
            _lastHealthy = health.Healthy;
        }

        if (!health.Healthy)
        {
            return health;
        }

        dashboard.Publish([]);
        if (options.Value.Receiver is { Length: > 0 } name && config.Receivers.TryGetValue(name, out var receiver)
            && channels.FirstOrDefault(c => c.Kind == receiver.Kind) is { } channel)
        {
            // Broad catch at the loop's edge: a receiver that is down must not stop the next beat.
            try
            {
                var result = await channel.SendAsync(receiver, Message(receiver.Name, now), ct);
                if (result.Delivered) { Beats++; } else { Log.SendFailed(logger, name, result.Error ?? "unknown"); }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.SendFailed(logger, name, ex.Message);
            }
        }

        return health;
    }

    private async Task<WatchdogHealth> CheckAsync(DateTimeOffset now, CancellationToken ct)
    {
        var last = engine.RuleStatuses().Select(s => s.LastEvaluation).Max();
        if (last is null || now - last.Value > options.Value.MaxEvaluationAge)
        {
            return new WatchdogHealth(false, last is null ? "no rule has been evaluated" : $"last rule evaluation at {last:O}, older than {options.Value.MaxEvaluationAge}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.PingTimeout);
        try
        {
            await influx.PingAsync(timeout.Token);
            return new WatchdogHealth(true, null);
        }
        catch (Exception ex) when (ex is InfluxException or HttpRequestException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return new WatchdogHealth(false, "InfluxDB does not answer: " + ex.Message);
        }
    }

    private static Notification Message(string receiver, DateTimeOffset now)
    {
        var labels = new Dictionary<string, string> { ["alertname"] = AlertName, ["severity"] = "info", ["unit"] = "center" };
        var annotations = new Dictionary<string, string>
        {
            ["summary"] = "Trung tâm giám sát đang hoạt động (tín hiệu định kỳ; mất tín hiệu này nghĩa là cảnh báo tự động đã dừng)",
            ["summary_en"] = "Supervision center alive (periodic beat; its absence means alerting has stopped)",
        };
        var alert = new NotificationAlert(AlertName, AlertName, NotificationAlert.Firing, "info", labels, annotations, now, null, null, null, null);
        return new Notification($"watchdog-{now.ToUnixTimeSeconds()}", receiver, receiver, null, "{}:{alertname=\"watchdog\"}", NotificationAlert.Firing,
            new Dictionary<string, string> { ["alertname"] = AlertName }, [alert], now, "watchdog");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Watchdog beating: rules evaluated and InfluxDB answers")]
        public static partial void Healthy(ILogger logger);

        [LoggerMessage(EventId = 9002, Level = LogLevel.Warning, Message = "Watchdog silent (the outside receiver will page): {Problem}")]
        public static partial void Unhealthy(ILogger logger, string problem);

        [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "Watchdog beat to receiver {Receiver} failed: {Error}")]
        public static partial void SendFailed(ILogger logger, string receiver, string error);
    }
}
