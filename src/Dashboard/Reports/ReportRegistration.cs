namespace Supervision.Dashboard.Reports;

/// <summary>One <c>AddReports()</c> for the host (docs/reports.md).</summary>
public static class ReportRegistration
{
    /// <summary>Registers the scheduled reports: options (validated at start-up), archive, renderer, runner, lease and scheduler.</summary>
    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReportOptions>().Bind(configuration.GetSection(ReportOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReportOptions>, ReportOptionsValidator>();
        services.AddSingleton(sp => new ReportSchedule(sp.GetRequiredService<IOptions<ReportOptions>>().Value));
        services.AddSingleton(sp => new ReportArchive(sp.GetRequiredService<IOptions<ReportOptions>>().Value.ArchivePath));
        services.AddSingleton(sp => new ReportMetrics(sp.GetRequiredService<DashboardTelemetry>().Registry));
        services.AddSingleton<ReportRenderer>();
        // With a cluster's Redis, one Dashboard sends each report (the lease); alone, the runner's own lock suffices.
        services.AddSingleton<IReportLease>(sp => sp.GetService<IConnectionMultiplexer>() is { } redis
            ? new RedisReportLease(redis, sp.GetRequiredService<IOptions<DashboardClusterOptions>>().Value.EffectiveNodeName, sp.GetRequiredService<IOptions<ReportOptions>>().Value.LeaseFor)
            : new LocalReportLease());
        services.AddSingleton<ReportRunner>();
        services.AddHostedService<ReportScheduler>();
        return services;
    }
}
