using System.Text.Json.Serialization;
using Supervision.Core.Hosting;
using Supervision.Alerting.Api;
using Supervision.Alerting.Cli;
using Supervision.Alerting.Evaluation;
using Supervision.Alerting.Window;
using Supervision.Alerting.Push;
using Supervision.Alerting.Scheduling;
using Supervision.Alerting.Watchdog;
using Supervision.Core.InventoryFiles;

namespace Supervision.Alerting;

/// <summary>The alerting service: wiring only (rules, Quartz, state, inhibition, API, notifications, Dashboard push).</summary>
public static class AlertingApp
{
    private const string InfluxClientName = "Supervision.Alerting.Influx";

    // The same short switches as the Collector and the Dashboard for the settings every start names.
    private static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.Ordinal)
    {
        ["--inventory"] = "Alerting:InventoryPath",
        ["--influx"] = "Alerting:Influx:Url",
        ["--rules"] = "Alerting:RulesFolder",
        ["--dashboard"] = "Alerting:Dashboard:Url",
    };

    /// <summary>Runs the <c>check-rules</c> verb or the service; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0 && args[0] == "check-rules")
        {
            return CheckRulesCommand.Run(args[1..], Console.Out, Console.Error);
        }

        return await ServiceHost.RunAsync("Alerting", () => Build(args), Console.Error);
    }

    /// <summary>Builds the service (tests start it on <c>http://127.0.0.1:0</c>).</summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configure = null)
    {
        // Content root beside the binaries, as the Collector and the Dashboard: appsettings.json (per-request logs off)
        // is then read whatever directory the service is started from.
        var builder = ServiceHost.CreateBuilder(args, SwitchMappings, "http://127.0.0.1:9300");
        var services = builder.Services;
        services.AddValidatedOptions<AlertingOptions, AlertingOptionsValidator>(builder.Configuration, AlertingOptions.SectionName);
        var options = builder.Configuration.GetSection(AlertingOptions.SectionName).Get<AlertingOptions>() ?? new AlertingOptions();

        services.AddSingleton(TimeProvider.System);
        services.AddHttpClient(InfluxClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        // Every InfluxDB read (rules, the watchdog's ping, the subscription on each server) through one reader: the first
        // healthy server of Influx:Servers (docs/ha.md).
        services.AddSingleton(sp => new InfluxReader(
            () => sp.GetRequiredService<IHttpClientFactory>().CreateClient(InfluxClientName), options.Influx, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<InfluxReader>>()));
        var registry = Metrics.NewCustomRegistry();
        AddMetricSource(services, builder.Configuration, registry);
        AddStorage(services, options);
        services.AddSingleton<SilenceStore>();
        services.AddSingleton<ISilenceSource>(sp => sp.GetRequiredService<SilenceStore>());
        services.AddSingleton<RuleRepository>();
        services.AddSingleton(_ => LoadInventory(options.InventoryPath));
        services.AddSingleton(_ => File.Exists(options.HolidaysPath) ? WorkingCalendar.Load(options.HolidaysPath) : WorkingCalendar.WeekendsOnly);
        services.AddSingleton(sp => new EvaluationContext(sp.GetRequiredService<IMetricSource>(), sp.GetRequiredService<Inventory>(), sp.GetRequiredService<WorkingCalendar>()));
        services.AddSingleton(sp => new AlertingMetrics(registry, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<DashboardPusher>();
        services.AddSingleton<IAlertChangeSink>(sp => sp.GetRequiredService<DashboardPusher>());
        services.AddHostedService(sp => sp.GetRequiredService<DashboardPusher>());
        services.AddSingleton<AlertEngine>();
        services.AddSingleton(sp => new WorkingTimeQuartzCalendar(sp.GetRequiredService<WorkingCalendar>()));
        services.AddSingleton<RuleReloader>();
        services.AddHostedService(sp => sp.GetRequiredService<RuleReloader>());
        if (options.EnableScheduler)
        {
            services.AddSingleton<RuleScheduler>();
            services.AddTransient<EvaluateGroupJob>();
            services.AddQuartz(q =>
            {
                if (options.Storage == StorageKind.Postgres)
                {
                    QuartzStoreSetup.ConfigurePostgres(q, options.Postgres.ConnectionString!, options.EffectiveNodeName, options.Postgres);
                }
                else
                {
                    QuartzStoreSetup.Configure(q, options.SchedulerStore, options.StatePath);
                }
            });
            services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        }

        services.AddNotifications(builder.Configuration);
        if (options.Storage == StorageKind.Sqlite && builder.Configuration[$"{NotificationOptions.SectionName}:{nameof(NotificationOptions.DatabasePath)}"] is null)
        {
            // One SQLite file for alert state, silences, the outbox, on-call and Quartz unless told otherwise.
            services.PostConfigure<NotificationOptions>(o => o.DatabasePath = options.StatePath);
        }

        if (builder.Configuration[$"{NotificationOptions.SectionName}:{nameof(NotificationOptions.DashboardUrl)}"] is null && options.Dashboard.Enabled)
        {
            // Links in messages go to the Dashboard this service already pushes to, unless told otherwise.
            services.PostConfigure<NotificationOptions>(o => o.DashboardUrl = options.Dashboard.Url!);
        }

        services.AddOptions<WatchdogOptions>().Bind(builder.Configuration.GetSection(WatchdogOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WatchdogOptions>>(sp => new WatchdogOptionsValidator([.. sp.GetRequiredService<NotificationsConfig>().Receivers.Keys]));
        services.AddSingleton<WatchdogService>();
        services.AddHostedService(sp => sp.GetRequiredService<WatchdogService>());

        services.AddHealthChecks().AddCheck<InfluxReaderHealthCheck>(InfluxReaderHealthCheck.Name);
        services.AddAlertingOpenApi();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        configure?.Invoke(services);

        var app = builder.Build();
        ExportNotificationMeters(app, registry);
        app.UseMiddleware<ReadKeyMiddleware>();
        app.UseHttpMetrics(o => o.SetMetricFactory(Metrics.WithCustomRegistry(registry)));
        app.MapAlertingApi();
        app.MapNotificationApi();
        app.MapOpenApi(); // /openapi/v1.json, behind ReadKeyMiddleware like the reads of /api
        app.MapHealthChecks("/healthz");
        app.MapLiveIngest();
        app.MapMetrics("/metrics", registry);
        RefreshSelfMetricsBeforeScrape(app, registry);
        return app;
    }

    // SQLite files on this node, or the PostgreSQL database a cluster shares (checked and migrated at start-up by
    // PostgresStartupCheck, before any of these is used).
    private static void AddStorage(IServiceCollection services, AlertingOptions options)
    {
        services.AddSingleton<IValidateOptions<AlertingOptions>, PostgresStartupCheck>();
        if (options.Storage != StorageKind.Postgres || string.IsNullOrWhiteSpace(options.Postgres.ConnectionString))
        {
            services.AddSingleton<IAlertStateStore>(_ => new SqliteAlertStateStore(options.StatePath));
            services.AddSingleton<IStatePassLock>(NoPassLock.Instance);
            return;
        }

        services.AddSingleton(sp => PostgresStartupCheck.OpenMigrated(options.Postgres.ConnectionString, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IAlertStateStore, PostgresAlertStateStore>();
        services.AddSingleton<IStatePassLock, PostgresPassLock>();
        services.AddSingleton(sp => new NotifyDatabase(sp.GetRequiredService<Npgsql.NpgsqlDataSource>()));
        services.AddHostedService<ClusterPipelineTicker>();
        services.AddHostedService<ClusterHealthMonitor>();
        services.AddHostedService<ClusterPassWatcher>();
        services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres");
        // One subscription per node: nodes on different machines share a port, not a name.
        services.PostConfigure<LiveWindowOptions>(o => o.SubscriptionName ??= "supervision_alerting_" + options.EffectiveNodeName.Replace('-', '_').Replace('.', '_'));
    }

    // Its own metrics registry, as the Dashboard has: several services in one process (tests, benchmarks) must not share
    // gauges through prometheus-net's static default registry. Rules read InfluxDB through the live window when it is on.
    private static void AddMetricSource(IServiceCollection services, ConfigurationManager configuration, CollectorRegistry registry)
    {
        services.AddOptions<LiveWindowOptions>().Bind(configuration.GetSection(LiveWindowOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<InfluxMetricSource>();
        services.AddSingleton(_ => new LiveMetrics(registry));
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<LiveWindowOptions>>().Value;
            return new LiveWindow(sp.GetRequiredService<TimeProvider>(), o.EffectiveKeep, o.GapAfter);
        });
        services.AddSingleton(_ => LiveSubscriptionToken.New());
        var live = configuration.GetSection(LiveWindowOptions.SectionName).Get<LiveWindowOptions>() ?? new LiveWindowOptions();
        if (live.Enabled)
        {
            services.AddSingleton<IMetricSource, LiveMetricSource>();
            services.AddHostedService<LiveSubscriptionRegistrar>();
        }
        else
        {
            services.AddSingleton<IMetricSource>(sp => sp.GetRequiredService<InfluxMetricSource>());
        }
    }

    // Ages and the holiday horizon are computed when scraped, so a stalled scheduler shows as a growing age.
    private static void RefreshSelfMetricsBeforeScrape(WebApplication app, CollectorRegistry registry)
    {
        var metrics = app.Services.GetRequiredService<AlertingMetrics>();
        var rules = app.Services.GetRequiredService<RuleRepository>();
        var calendar = app.Services.GetRequiredService<WorkingCalendar>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        var reader = app.Services.GetRequiredService<InfluxReader>();
        registry.AddBeforeCollectCallback(() =>
        {
            metrics.Refresh(rules.Current, calendar, time.GetUtcNow());
            metrics.RefreshReads(reader);
        });
    }

    // The notification module counts with System.Diagnostics.Metrics; only this app's meter (its IMeterFactory is
    // the scope) goes into this app's registry.
    private static void ExportNotificationMeters(WebApplication app, CollectorRegistry registry)
    {
        var factory = app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = registry,
            InstrumentFilterPredicate = i => i.Meter.Name == Notify.Delivery.NotifyMetrics.MeterName && ReferenceEquals(i.Meter.Scope, factory),
        });
        app.Lifetime.ApplicationStopped.Register(adapter.Dispose);
    }

    private static Inventory LoadInventory(string path)
    {
        var result = InventoryLoader.LoadFile(NotifyServiceCollectionExtensions.ResolveConfigPath(path));
        if (result.Inventory is null)
        {
            throw new OptionsValidationException(nameof(AlertingOptions.InventoryPath), typeof(AlertingOptions),
                result.Errors.Select(e => e.ToString()));
        }

        return result.Inventory;
    }
}
