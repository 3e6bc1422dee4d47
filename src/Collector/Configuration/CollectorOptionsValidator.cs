using Microsoft.Extensions.Options;
using Supervision.Collector.Targets;

namespace Supervision.Collector.Configuration;

/// <summary>Start-up checks the attributes cannot express; each failure names the setting.</summary>
public sealed class CollectorOptionsValidator : IValidateOptions<CollectorOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, CollectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!ShardSelector.TryParse(options.Shard, out _, out var shardError))
        {
            failures.Add($"Collector:Shard: {shardError}");
        }

        if (!File.Exists(options.InventoryPath))
        {
            failures.Add($"Collector:InventoryPath: file '{Path.GetFullPath(options.InventoryPath)}' does not exist");
        }

        if (!Uri.TryCreate(options.Influx.Url, UriKind.Absolute, out _))
        {
            failures.Add($"Collector:Influx:Url: '{options.Influx.Url}' is not an absolute URL");
        }

        if (options.Influx.FlushInterval <= TimeSpan.Zero || options.Influx.Timeout <= TimeSpan.Zero)
        {
            failures.Add("Collector:Influx:FlushInterval and Timeout must be positive");
        }

        if (options.ShutdownGrace < TimeSpan.Zero || options.InventoryPollInterval <= TimeSpan.Zero)
        {
            failures.Add("Collector:ShutdownGrace must not be negative and Collector:InventoryPollInterval must be positive");
        }

        if (!string.IsNullOrEmpty(options.Dashboard.HubUrl) && !Uri.TryCreate(options.Dashboard.HubUrl, UriKind.Absolute, out _))
        {
            failures.Add($"Collector:Dashboard:HubUrl: '{options.Dashboard.HubUrl}' is not an absolute URL");
        }

        if (options.CustomCaPath is { } ca && !File.Exists(ca))
        {
            failures.Add($"Collector:CustomCaPath: file '{ca}' does not exist");
        }

        // Data annotations do not reach nested sections: the push limits are checked here, each naming its key.
        var pushResults = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options.Push, new System.ComponentModel.DataAnnotations.ValidationContext(options.Push), pushResults, validateAllProperties: true);
        failures.AddRange(pushResults.Select(r => $"Collector:Push:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));

        if (options.Push.Burst < options.Push.MaxPointsPerRequest)
        {
            failures.Add($"Collector:Push:Burst ({options.Push.Burst}) must be at least Collector:Push:MaxPointsPerRequest ({options.Push.MaxPointsPerRequest}): a full request could never pass the rate limit");
        }

        if (options.Push.DownAfterPeriods < options.Push.UnknownAfterPeriods)
        {
            failures.Add($"Collector:Push:DownAfterPeriods ({options.Push.DownAfterPeriods}) must be at least Collector:Push:UnknownAfterPeriods ({options.Push.UnknownAfterPeriods})");
        }

        failures.AddRange(Storage.StorePolicy.Validate(options.Store, "Collector:Store"));
        failures.AddRange(Membership.MembershipValidation.Validate(options.Membership));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
