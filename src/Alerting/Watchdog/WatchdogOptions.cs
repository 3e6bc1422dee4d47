namespace Supervision.Alerting.Watchdog;

/// <summary>The dead-man's switch (section <c>Alerting:Watchdog</c>).</summary>
public sealed class WatchdogOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Alerting:Watchdog";

    /// <summary>
    /// Receiver of <c>notifications.yaml</c> that gets the always-firing watchdog message every <see cref="Period"/>;
    /// an outside service pages when it stops arriving. Default empty: no outside message (the Dashboard still gets
    /// the beat and shows a banner when it stops).
    /// </summary>
    public string? Receiver { get; set; }

    /// <summary>How often the watchdog beats. Default 30 s: an outside receiver that expects a beat every minute pages within 2 minutes of a stop.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The newest rule evaluation must be at most this old for the watchdog to beat. Default 90 s.</summary>
    public TimeSpan MaxEvaluationAge { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>How long the InfluxDB ping may take. Default 5 s.</summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Checks <see cref="WatchdogOptions"/> at start-up; <paramref name="receivers"/> are the names of notifications.yaml's receivers.</summary>
public sealed class WatchdogOptionsValidator(IReadOnlyCollection<string> receivers) : IValidateOptions<WatchdogOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, WatchdogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Period <= TimeSpan.Zero) { errors.Add("Alerting:Watchdog:Period must be positive"); }
        if (options.MaxEvaluationAge <= TimeSpan.Zero) { errors.Add("Alerting:Watchdog:MaxEvaluationAge must be positive"); }
        if (options.PingTimeout <= TimeSpan.Zero) { errors.Add("Alerting:Watchdog:PingTimeout must be positive"); }
        if (options.Receiver is { Length: > 0 } r && !receivers.Contains(r)) { errors.Add($"Alerting:Watchdog:Receiver '{r}' is not a receiver of notifications.yaml ({string.Join(", ", receivers)})"); }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
