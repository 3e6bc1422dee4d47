using Microsoft.Extensions.DependencyInjection.Extensions;

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
            // The Dashboard's one reader (InfluxQueries.Reader): the summaries fail over with the other reads.
            var reader = sp.GetRequiredService<Queries.InfluxQueries>().Reader;
            return new SummaryReader(
                (q, ct) => (reader ?? throw new InvalidOperationException("no InfluxDB configured (Dashboard:Influx:Url): summaries need the roll-ups")).QueryAsync(q, ct),
                sp.GetRequiredService<IOptions<SummaryOptions>>().Value.Source);
        });
        services.AddSingleton<SummaryService>();
        services.AddHostedService<SummaryWarmer>();
        return services;
    }
}
