using System.Net;
using System.Security.Cryptography.X509Certificates;
using Prometheus;
using Supervision.Collector.Problems;
using Supervision.Collector.Scheduling;

namespace Supervision.Collector;

/// <summary>Builds the collector's host: one place that wires the parts (README "Collector").</summary>
public static class CollectorApp
{
    private static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.Ordinal)
    {
        ["--inventory"] = "Collector:InventoryPath",
        ["--shard"] = "Collector:Shard",
        ["--influx"] = "Collector:Influx:Url",
        ["--dashboard"] = "Collector:Dashboard:Url",
        ["--buffer"] = "Collector:Buffer:Directory",
    };

    /// <summary>Builds the web application; <paramref name="time"/> replaces the clock in tests.</summary>
    public static WebApplication Build(string[] args, TimeProvider? time = null)
    {
        var builder = ServiceHost.CreateBuilder(args, SwitchMappings, "http://127.0.0.1:9200");

        var services = builder.Services;
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddValidatedOptions<CollectorOptions, CollectorOptionsValidator>(builder.Configuration, CollectorOptions.Section);
        services.AddSingleton<CollectorIdentity>();
        services.AddSingleton(_ => new CollectorMetrics(Metrics.NewCustomRegistry()));
        services.AddSingleton<TargetSource>();
        services.AddSingleton<TargetStatusTracker>();
        services.AddSingleton<ExpositionProblemTracker>();
        services.AddSingleton<TargetScraper>();
        // One sink and one disk buffer per InfluxDB server (Collector:Influx:Servers): every batch goes to each.
        services.AddSingleton<IReadOnlyList<WriteDestination>>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CollectorOptions>>().Value;
            var identity = sp.GetRequiredService<CollectorIdentity>();
            var http = sp.GetRequiredService<IHttpClientFactory>();
            return [.. options.Influx.Servers.Select((server, i) => new WriteDestination(
                WriteDestination.ServerName(server),
                new InfluxHttpSink(http, options.Influx, server),
                new DiskBuffer(WriteDestination.BufferFolder(identity.BufferDirectory, i, server), options.Buffer.MaxBytes, options.Buffer.MaxAge,
                    sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DiskBuffer>>())))];
        });
        services.AddSingleton<WritePipeline>();
        services.AddHostedService(sp => sp.GetRequiredService<WritePipeline>());
        services.AddSingleton(sp => new StorePolicy(sp.GetRequiredService<IOptions<CollectorOptions>>().Value.Store));
        services.AddSingleton<HourlyRollups>();
        services.AddSingleton<LiveFigureTracker>();

        // Between the pipeline and the scheduler: hosted services stop in reverse order, so the roll-ups' last write
        // comes after the last scrape and before the pipeline's last flush.
        services.AddSingleton<RollupService>();
        services.AddHostedService(sp => sp.GetRequiredService<RollupService>());
        services.AddSingleton<Push.PushRegistry>();
        services.AddSingleton<Push.PushLimits>();
        services.AddSingleton<Push.PushIntake>();
        services.AddSingleton<Push.PushTargetMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<Push.PushTargetMonitor>());
        services.AddSingleton<ScrapeScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<ScrapeScheduler>());

        // After the scheduler: stopped first, it leaves the register while the scheduler still scrapes through the hand-over.
        if (builder.Configuration.GetSection(CollectorOptions.Section).Get<CollectorOptions>()?.Membership.Enabled == true)
        {
            services.AddHostedService<Membership.MembershipService>();
        }
        services.AddHostedService<DashboardPublisher>();
        services.AddHttpClient(TargetScraper.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => ScrapeHandler(sp.GetRequiredService<IOptions<CollectorOptions>>().Value))
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan)

            // The factory's logging handlers open a scope and redact the URI on every request: at two requests
            // per target per interval that is measurable CPU for log lines nobody reads (scrape outcomes are metrics).
            .RemoveAllLoggers();
        services.AddHttpClient(InfluxHttpSink.HttpClientName)
            .ConfigureHttpClient((sp, c) => c.Timeout = sp.GetRequiredService<IOptions<CollectorOptions>>().Value.Influx.Timeout);

        var app = builder.Build();
        app.MapGet("/healthz", (WritePipeline pipeline) => CollectorHealth.Report(pipeline.Health()));
        app.MapMetrics("/metrics", app.Services.GetRequiredService<CollectorMetrics>().Registry);
        app.MapGet("/api/targets", (TargetStatusTracker tracker) => tracker.Snapshot());
        app.MapGet("/api/figures", (LiveFigureTracker figures, CollectorIdentity identity, TimeProvider clock) => figures.Report(identity.Id, clock.GetUtcNow()));
        app.MapGet("/api/exposition-problems", (ExpositionProblemTracker problems) => problems.Snapshot());
        Push.PushIntake.Map(app);
        return app;
    }

    private static SocketsHttpHandler ScrapeHandler(CollectorOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            MaxConnectionsPerServer = options.MaxConnectionsPerServer,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            UseProxy = false,
        };
        if (options.CustomCaPath is { } caPath)
        {
            // Verification stays on: the custom CA is added to the chain's trust, never a blanket accept.
            var ca = X509Certificate2.CreateFromPemFile(caPath);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (errors == System.Net.Security.SslPolicyErrors.None)
                {
                    return true;
                }

                if (certificate is null || errors.HasFlag(System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch))
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            };
        }

        return handler;
    }
}
