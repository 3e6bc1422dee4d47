namespace Supervision.Dashboard.Cluster;

/// <summary>
/// A cluster node whose Redis is misspelt or unreachable at start-up stops (exit 2) naming <c>Dashboard:Cluster:Redis</c>:
/// running alone, it would show wallboards a different picture from its siblings'. Later outages are survived
/// (the multiplexer reconnects by itself).
/// </summary>
public sealed class DashboardClusterValidator : IValidateOptions<DashboardClusterOptions>
{
    private const string Setting = "Dashboard:Cluster:Redis";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DashboardClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        ConfigurationOptions config;
        try
        {
            config = ConfigurationOptions.Parse(options.Redis!);
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"{Setting} '{options.Redis}' is not a Redis configuration: {ex.Message}");
        }

        config.AbortOnConnectFail = true;
        config.ConnectTimeout = 5000;
        try
        {
            using var probe = ConnectionMultiplexer.Connect(config);
            probe.GetDatabase().Ping();
            return ValidateOptionsResult.Success;
        }
        catch (RedisException ex)
        {
            return ValidateOptionsResult.Fail($"{Setting}: cannot reach Redis at {string.Join(", ", config.EndPoints)}: {ex.Message.Split('\n')[0]}");
        }
    }
}
