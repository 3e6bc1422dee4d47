using Microsoft.AspNetCore.DataProtection;

namespace Supervision.Dashboard.Cluster;

/// <summary>
/// Registers what lets several Dashboards serve one center (section <c>Dashboard:Cluster</c>): with a Redis
/// configured, data-protection keys in Redis (a sign-in cookie made on one node is read on every node), lock-out
/// counters and the audit list in Redis, the shared ingest stream and the nodes' health reports
/// (<see cref="ClusterHealth"/>). Without one, a single node as before.
/// </summary>
/// <remarks>
/// No SignalR Redis backplane: every hub connection of the Dashboard is served by its own node (walls get the node's
/// snapshot and its deltas, the node holding the whole state through the ingest stream; a collector's pushes go into
/// that stream; Blazor circuits are node-bound by nature), so nothing is ever sent to a connection on another node. The
/// backplane's lifetime manager subscribes each new connection in Redis, so while Redis was down it refused every new
/// wall, collector and Blazor circuit (dotnet/aspnetcore#58971) while carrying nothing the nodes needed
/// (docs/deviations.md).
/// </remarks>
public static class ClusterServiceCollectionExtensions
{
    /// <summary>Adds the cluster's parts (or the single-node defaults) to <paramref name="signalR"/>'s services.</summary>
    public static void AddDashboardCluster(this ISignalRServerBuilder signalR, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(signalR);
        var services = signalR.Services;
        var section = configuration.GetSection(DashboardClusterOptions.Section);
        services.AddOptions<DashboardClusterOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<DashboardClusterOptions>, DashboardClusterValidator>();
        var options = section.Get<DashboardClusterOptions>() ?? new DashboardClusterOptions();
        ConfigurationOptions? redis = null;
        try
        {
            redis = options.Enabled ? ConfigurationOptions.Parse(options.Redis!) : null;
        }
        catch (ArgumentException)
        {
            // DashboardClusterValidator names the setting at start-up.
        }

        // Always there: Alerting nodes of a cluster report to a single Dashboard too.
        services.AddSingleton<ClusterHealth>();
        if (redis is null)
        {
            services.AddSingleton(HubGroupScope.Single);
            return;
        }

        var node = options.EffectiveNodeName;
        // Outages are ridden out: the multiplexer keeps reconnecting instead of failing for good.
        redis.AbortOnConnectFail = false;
        redis.ClientName = "supervision-dashboard-" + node;
        var shared = new Lazy<IConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(redis));
        services.AddSingleton(_ => shared.Value);
        services.AddSingleton(new HubGroupScope(node + "/"));
        services.AddSingleton(sp => new IngestReplicator(
            sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<Live.LiveState>(), sp.GetRequiredService<Live.ExpositionProblemStore>(),
            sp.GetRequiredService<ClusterHealth>(), node, sp.GetRequiredService<ILogger<IngestReplicator>>()));
        services.AddHostedService(sp => sp.GetRequiredService<IngestReplicator>());
        services.AddHostedService(sp =>
        {
            sp.GetRequiredService<ClusterHealth>().Self = node;
            return ActivatorUtilities.CreateInstance<NodeHealthReporter>(sp);
        });
        services.AddSingleton<ILockoutStore, RedisLockoutStore>();
        services.AddSingleton<IAuditShare, RedisAuditShare>();
        services.AddDataProtection()
            .SetApplicationName("supervision-dashboard")
            .PersistKeysToStackExchangeRedis(() => shared.Value.GetDatabase(), "supervision:dataprotection-keys");
    }
}
