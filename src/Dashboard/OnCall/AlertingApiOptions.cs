namespace Supervision.Dashboard.OnCall;

/// <summary>Where the console sends actions (section <c>Dashboard:Alerting</c>).</summary>
public sealed class AlertingApiOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Dashboard:Alerting";

    /// <summary>Alerting's base URL, e.g. <c>http://127.0.0.1:9300</c>; empty (default) turns the console's actions off.</summary>
    public string? Url { get; set; }

    /// <summary>Alerting's API key, sent as <c>X-Api-Key</c> (Alerting:ApiKey there).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Time limit of one call (default 5 s): an engineer clicking must get an answer, not a spinner.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Start-up checks of <see cref="AlertingApiOptions"/>.</summary>
public sealed class AlertingApiOptionsValidator : IValidateOptions<AlertingApiOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AlertingApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.Url) && !Uri.TryCreate(options.Url, UriKind.Absolute, out _))
        {
            return ValidateOptionsResult.Fail($"{AlertingApiOptions.Section}:Url: '{options.Url}' is not an absolute URL");
        }

        return options.Timeout <= TimeSpan.Zero
            ? ValidateOptionsResult.Fail($"{AlertingApiOptions.Section}:Timeout: must be positive")
            : ValidateOptionsResult.Success;
    }
}
