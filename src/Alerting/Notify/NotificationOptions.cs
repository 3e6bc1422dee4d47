namespace Supervision.Alerting.Notify;

/// <summary>Settings of the notification module (section <c>Notifications</c>).</summary>
public sealed class NotificationOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Notifications";

    /// <summary>SQLite file holding the outbox, notification log, groups, maintenance windows, overrides and audit. Default <c>data/notifications.db</c>.</summary>
    public string DatabasePath { get; set; } = "data/notifications.db";

    /// <summary>Routes, receivers, people, schedules and policies. Default <c>config/notifications.yaml</c>.</summary>
    public string ConfigFile { get; set; } = "config/notifications.yaml";

    /// <summary>
    /// Base URL of the Dashboard, for links in messages (<c>{DashboardUrl}/alerts/{id}</c>). Default: the service's
    /// <c>Alerting:Dashboard:Url</c> (where it pushes alert changes) when set, else <c>http://127.0.0.1:5000</c>, the
    /// Dashboard's own default address.
    /// </summary>
    public string DashboardUrl { get; set; } = DefaultDashboardUrl;

    /// <summary>
    /// Sent as <c>externalURL</c> in webhooks. Default empty: the <see cref="DashboardUrl"/>, because the Dashboard
    /// is where a person opens what a receiver links to (Alerting's own port serves only its API).
    /// </summary>
    public string ExternalUrl { get; set; } = string.Empty;

    /// <summary>The Dashboard's default address (<c>DashboardApp</c> listens there when given no URL).</summary>
    public const string DefaultDashboardUrl = "http://127.0.0.1:5000";

    /// <summary>The <c>externalURL</c> actually sent: <see cref="ExternalUrl"/>, or the Dashboard's URL when empty.</summary>
    public string EffectiveExternalUrl => string.IsNullOrWhiteSpace(ExternalUrl) ? DashboardUrl.TrimEnd('/') : ExternalUrl;

    /// <summary>How often the worker re-runs the pipeline on the last alerts and delivers due messages. Default 1 s.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>First retry delay after a failed attempt; doubles each time. Default 2 s.</summary>
    public TimeSpan RetryInitialBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest retry delay. Default 30 s, so a receiver back from an outage gets its backlog within half a minute.</summary>
    public TimeSpan RetryMaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A message still undelivered after this long is abandoned (recorded, not sent). Default 24 h.</summary>
    public TimeSpan MaxDeliveryAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a claimed message stays in flight before another attempt may take it (covers a crash mid-send). A live
    /// sender renews it every third while its receiver is slow, so this bounds only how late a dead sender's message is
    /// sent again. Default 60 s.
    /// </summary>
    public TimeSpan DeliveryLease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Messages delivered at once. Default 8.</summary>
    public int MaxParallelDeliveries { get; set; } = 8;
}

/// <summary>Checks <see cref="NotificationOptions"/> at start-up.</summary>
public sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DatabasePath)) { errors.Add("Notifications:DatabasePath is empty"); }
        if (string.IsNullOrWhiteSpace(options.ConfigFile)) { errors.Add("Notifications:ConfigFile is empty"); }
        if (!Uri.TryCreate(options.DashboardUrl, UriKind.Absolute, out _)) { errors.Add($"Notifications:DashboardUrl '{options.DashboardUrl}' is not an absolute URL"); }
        if (!string.IsNullOrWhiteSpace(options.ExternalUrl) && !Uri.TryCreate(options.ExternalUrl, UriKind.Absolute, out _)) { errors.Add($"Notifications:ExternalUrl '{options.ExternalUrl}' is not an absolute URL"); }
        if (options.TickInterval <= TimeSpan.Zero) { errors.Add("Notifications:TickInterval must be positive"); }
        if (options.RetryInitialBackoff <= TimeSpan.Zero || options.RetryMaxBackoff < options.RetryInitialBackoff) { errors.Add("Notifications:RetryInitialBackoff must be positive and at most RetryMaxBackoff"); }
        if (options.DeliveryLease <= TimeSpan.Zero) { errors.Add("Notifications:DeliveryLease must be positive"); }
        if (options.MaxParallelDeliveries is < 1 or > 256) { errors.Add("Notifications:MaxParallelDeliveries must be 1..256"); }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
