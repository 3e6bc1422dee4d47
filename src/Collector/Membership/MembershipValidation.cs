namespace Supervision.Collector.Membership;

/// <summary>
/// Start-up checks of <c>Collector:Membership</c>, each naming its key. A misspelt or unreachable Redis stops the agent
/// (exit 2): running alone on a static split it would scrape what its siblings scrape. Later outages are ridden out.
/// </summary>
public static class MembershipValidation
{
    private const string Section = "Collector:Membership";

    /// <summary>The failures, empty when the settings hold (or membership is off).</summary>
    public static IReadOnlyList<string> Validate(MembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return [];
        }

        var failures = new List<string>();
        if (options.HeartbeatInterval < TimeSpan.FromMilliseconds(50) || options.HeartbeatInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{Section}:HeartbeatInterval ({options.HeartbeatInterval}) must be between 50 ms and 1 min");
        }

        if (options.ExpireAfter < 2 * options.HeartbeatInterval)
        {
            failures.Add($"{Section}:ExpireAfter ({options.ExpireAfter}) must be at least two {Section}:HeartbeatInterval ({options.HeartbeatInterval}): one late heartbeat must not look like a death");
        }

        if (options.HandoverDelay <= options.HeartbeatInterval)
        {
            failures.Add($"{Section}:HandoverDelay ({options.HandoverDelay}) must be longer than {Section}:HeartbeatInterval ({options.HeartbeatInterval}): every agent must read a change before it applies");
        }

        if (string.IsNullOrWhiteSpace(options.KeyPrefix))
        {
            failures.Add($"{Section}:KeyPrefix must not be empty");
        }

        ConfigurationOptions config;
        try
        {
            config = ConfigurationOptions.Parse(options.Redis!);
        }
        catch (ArgumentException ex)
        {
            failures.Add($"{Section}:Redis '{options.Redis}' is not a Redis configuration: {ex.Message}");
            return failures;
        }

        config.AbortOnConnectFail = true;
        config.ConnectTimeout = 5000;
        try
        {
            using var probe = ConnectionMultiplexer.Connect(config);
            probe.GetDatabase().Ping();
        }
        catch (RedisException ex)
        {
            failures.Add($"{Section}:Redis: cannot reach Redis at {string.Join(", ", config.EndPoints)}: {ex.Message.Split('\n')[0]}");
        }

        return failures;
    }
}
