using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Supervision.Core.Calendar;
using Supervision.Core.Influx;
using Supervision.Dashboard.Configuration;

namespace Supervision.Dashboard.Summaries;

/// <summary>One <c>AddSummaries()</c> for the host (docs/summaries.md).</summary>
public static class SummaryRegistration
{
    /// <summary>Registers the summary service, its options (validated at start-up), region map, working calendar and warmer.</summary>
    public static IServiceCollection AddSummaries(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SummaryOptions>().Bind(configuration.GetSection(SummaryOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SummaryOptions>, SummaryOptionsValidator>();
        services.AddSingleton(sp => RegionMap.Load(ConfigFile.Resolve(sp.GetRequiredService<IOptions<SummaryOptions>>().Value.RegionsPath)!));
        services.TryAddSingleton(sp => WorkingCalendar.Load(ConfigFile.Resolve(sp.GetRequiredService<IOptions<SummaryOptions>>().Value.HolidaysPath)!));
        services.TryAddSingleton<ISummaryAccess, OpenSummaryAccess>();
        services.AddSingleton(sp =>
        {
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            var influx = sp.GetRequiredService<IOptions<DashboardOptions>>().Value.Influx;
            return new SummaryReader(
                () => new InfluxClient(
                    factory.CreateClient("influx"),
                    influx ?? throw new InvalidOperationException("no InfluxDB configured (Dashboard:Influx:Url): summaries need the roll-ups")),
                sp.GetRequiredService<IOptions<SummaryOptions>>().Value.Source);
        });
        services.AddSingleton<SummaryService>();
        services.AddHostedService<SummaryWarmer>();
        return services;
    }
}
