using Supervision.Core.Hosting;

namespace Supervision.Alerting.Engine;

/// <summary>Start-up checks of <see cref="AlertingOptions"/> beyond its own attributes; each failure names the setting.</summary>
internal sealed class AlertingOptionsValidator(IConfiguration configuration) : IValidateOptions<AlertingOptions>
{
    // The flat keys of wave 1, replaced by Core's one InfluxDB settings shape (which adds authentication) and Core's
    // one shape of the link to the Dashboard.
    private static readonly Dictionary<string, string> Moved = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Alerting:InfluxUrl"] = "Alerting:Influx:Url",
        ["Alerting:InfluxDatabase"] = "Alerting:Influx:Database",
        ["Alerting:QueryTimeout"] = "Alerting:Influx:Timeout",
        ["Alerting:DashboardUrl"] = "Alerting:Dashboard:Url",
        ["Alerting:DashboardApiKey"] = "Alerting:Dashboard:ApiKey",
    };

    public ValidateOptionsResult Validate(string? name, AlertingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        failures.AddRange(options.Influx.Validate("Alerting:Influx"));
        failures.AddRange(options.Dashboard.Validate("Alerting:Dashboard"));
        failures.AddRange(NestedValidation.Validate(options, AlertingOptions.SectionName));
        failures.AddRange(MovedSettings.Find(configuration, Moved));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
