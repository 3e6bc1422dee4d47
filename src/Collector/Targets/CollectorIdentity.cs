namespace Supervision.Collector.Targets;

/// <summary>Who this agent is: its shard and its name in tags and on the Dashboard.</summary>
public sealed class CollectorIdentity
{
    /// <summary>Reads the identity from the options (validated at start-up).</summary>
    public CollectorIdentity(IOptions<CollectorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!ShardSelector.TryParse(options.Value.Shard, out var shard, out var error))
        {
            throw new InvalidOperationException("Collector:Shard: " + error);
        }

        Shard = shard;
        Id = options.Value.CollectorId ?? $"collector-{shard.Index}of{shard.Count}";
        BufferDirectory = options.Value.Buffer.Directory ?? Path.Combine(".data", "collector-buffer", $"{shard.Index}of{shard.Count}");
    }

    /// <summary>This agent's disk buffer folder; its roll-up state is kept there too.</summary>
    public string BufferDirectory { get; }

    /// <summary>This agent's shard.</summary>
    public ShardSelector Shard { get; }

    /// <summary>This agent's name.</summary>
    public string Id { get; }
}
