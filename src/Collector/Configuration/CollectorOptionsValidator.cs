namespace Supervision.Collector.Configuration;

/// <summary>Start-up checks the attributes cannot express; each failure names the setting.</summary>
public sealed class CollectorOptionsValidator(IConfiguration configuration) : IValidateOptions<CollectorOptions>
{
    // Batching moved out of the InfluxDB connection when every service took Core's one InfluxDB settings shape.
    private static readonly Dictionary<string, string> Moved = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Collector:Influx:BatchPoints"] = "Collector:Write:BatchPoints",
        ["Collector:Influx:FlushInterval"] = "Collector:Write:FlushInterval",
        ["Collector:Influx:Concurrency"] = "Collector:Write:Concurrency",
        ["Collector:Dashboard:HubUrl"] = "Collector:Dashboard:Url (the Dashboard's base URL, without /hubs/ingest)",
    };

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

        failures.AddRange(options.Influx.Validate("Collector:Influx"));
        if (options.Buffer.MaxAge <= TimeSpan.Zero)
        {
            failures.Add($"Collector:Buffer:MaxAge: must be positive (is {options.Buffer.MaxAge})");
        }

        // Each server has its own disk buffer, named by the server: two names that fold to one folder would share it.
        var folders = options.Influx.Servers.Select((server, i) => (i, Folder: Core.Influx.Writing.WriteDestination.BufferFolder(string.Empty, i, server))).ToList();
        foreach (var (i, folder) in folders.Where(f => folders.Any(o => o.i < f.i && o.Folder == f.Folder)))
        {
            failures.Add($"Collector:Influx:Replicas:{i - 1}: '{options.Influx.Servers[i]}' would share the disk buffer folder '{folder}' with another server");
        }

        failures.AddRange(options.Write.Validate("Collector:Write"));

        if (options.ShutdownGrace < TimeSpan.Zero || options.InventoryPollInterval <= TimeSpan.Zero)
        {
            failures.Add("Collector:ShutdownGrace must not be negative and Collector:InventoryPollInterval must be positive");
        }

        failures.AddRange(options.Dashboard.Validate("Collector:Dashboard"));

        if (options.CustomCaPath is { } ca && !File.Exists(ca))
        {
            failures.Add($"Collector:CustomCaPath: file '{ca}' does not exist");
        }

        failures.AddRange(NestedValidation.Validate(options, "Collector"));
        failures.AddRange(MovedSettings.Find(configuration, Moved));

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
