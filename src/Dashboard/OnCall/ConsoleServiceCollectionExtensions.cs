namespace Supervision.Dashboard.OnCall;

/// <summary>Wires the on-call console: Alerting's client and the actions.</summary>
public static class ConsoleServiceCollectionExtensions
{
    /// <summary>Adds the console's services (section <c>Dashboard:Alerting</c>).</summary>
    public static IServiceCollection AddOnCallConsole(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertingApiOptions>().Bind(configuration.GetSection(AlertingApiOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertingApiOptions>, AlertingApiOptionsValidator>();
        // The client's own timeout is off: each call has its own limit (AlertingApiOptions.Timeout) by a linked token.
        services.AddHttpClient(AlertingClient.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<AlertingClient>();
        services.AddSingleton<ConsoleActions>();
        services.AddSingleton<AlertRecentDataLoader>();
        services.AddSingleton<AlertTimelineLoader>();
        return services;
    }
}
