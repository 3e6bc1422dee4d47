using Microsoft.Extensions.DependencyInjection.Extensions;
using Supervision.Alerting.Notify.Delivery;

namespace Supervision.Alerting.Api;

/// <summary>Registers the notification module: pipeline, muting, on-call, channels, outbox and its worker.</summary>
public static class NotifyServiceCollectionExtensions
{
    /// <summary>
    /// Adds the module, bound to section <c>Notifications</c>. Routes, receivers and schedules come from
    /// <see cref="NotificationOptions.ConfigFile"/> (checked at start-up) unless <paramref name="config"/> is given.
    /// Silences come from an <see cref="ISilenceSource"/> the caller registers (the service registers its
    /// <see cref="SilenceStore"/>); register an <see cref="Inventory"/> too, for unit names.
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration, NotificationsConfig? config = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>();
        if (config is null)
        {
            services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationsFileValidator>();
            services.TryAddSingleton(sp => NotificationsConfigLoader.LoadFile(ResolveConfigPath(sp.GetRequiredService<IOptions<NotificationOptions>>().Value.ConfigFile)));
        }
        else
        {
            services.TryAddSingleton(config);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new UnitNames(sp.GetService<Inventory>()));
        services.TryAddSingleton<NotifyDatabase>();
        services.TryAddSingleton<OutboxStore>();
        services.TryAddSingleton<AuditStore>();
        services.TryAddSingleton<KeyedJsonStore>();
        services.TryAddSingleton<GroupStateStore>();
        services.TryAddSingleton<MaintenanceService>();
        services.TryAddSingleton<MuteEvaluator>();
        services.TryAddSingleton<OnCallService>();
        services.TryAddSingleton<MessageRenderer>();
        services.TryAddSingleton<NotificationPipeline>();
        services.TryAddSingleton<INotificationPipeline>(sp => sp.GetRequiredService<NotificationPipeline>());
        services.TryAddSingleton<OutboxDispatcher>();
        services.TryAddSingleton<OutboxSignal>();
        services.AddMetrics();
        services.TryAddSingleton<NotifyMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationChannel, WebhookChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationChannel, EmailChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationChannel, HttpTemplateChannel>());
        services.AddHostedService<NotificationWorker>();

        // URLs of chat services carry tokens: the factory's default request logging would print them.
        services.AddHttpClient(NotifyHttp.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
        return services;
    }

    /// <summary>A relative config path is tried against the working folder, then the application's folder.</summary>
    public static string ResolveConfigPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Path.IsPathRooted(path) || File.Exists(path))
        {
            return Path.GetFullPath(path);
        }

        var beside = Path.Combine(AppContext.BaseDirectory, path);
        return File.Exists(beside) ? beside : Path.GetFullPath(path);
    }

    private sealed class NotificationsFileValidator : IValidateOptions<NotificationOptions>
    {
        public ValidateOptionsResult Validate(string? name, NotificationOptions options)
        {
            try
            {
                NotificationsConfigLoader.LoadFile(ResolveConfigPath(options.ConfigFile));
                return ValidateOptionsResult.Success;
            }
            catch (NotificationConfigException ex)
            {
                return ValidateOptionsResult.Fail(ex.Message);
            }
        }
    }
}
