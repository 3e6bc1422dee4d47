namespace Supervision.Dashboard.Summaries;

/// <summary>
/// Refresh-ahead for the national 7- and 30-day summaries (<c>Dashboard:Summaries:Warm</c>): reads their figures
/// into the cache a minute after each hour turns (when the continuous queries have rolled the hour up) and again
/// every half <c>CacheFor</c>, so the entries never expire and a leader's first view of the hour is served from
/// memory. Bounded: two reads per half <c>CacheFor</c> (two statements' worth of InfluxDB work a minute at the
/// default); off without InfluxDB or with the cache off. A cold read still costs what bench/RESULTS.md says.
/// </summary>
public sealed class SummaryWarmer(SummaryService summaries, IOptions<SummaryOptions> options, IOptions<DashboardOptions> dashboard, TimeProvider time, ILogger<SummaryWarmer> logger)
    : BackgroundService
{
    /// <summary>The periods kept warm, nationally.</summary>
    public static readonly IReadOnlyList<SummaryPeriod> Periods = [SummaryPeriod.Days30, SummaryPeriod.Days7];

    /// <summary>How long after the hour turns the new hour's figures are read: the roll-ups run at the top of the hour.</summary>
    public static readonly TimeSpan AfterHour = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The wait before the next refresh at <paramref name="now"/>: half the cache lifetime, or less when a new hour's
    /// figures are due sooner (<see cref="AfterHour"/> past the next whole hour).
    /// </summary>
    public static TimeSpan NextDelay(DateTimeOffset now, TimeSpan cacheFor)
    {
        var utc = now.ToUniversalTime();
        var hour = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
        var due = hour + AfterHour > utc ? hour + AfterHour : hour.AddHours(1) + AfterHour;
        var half = cacheFor / 2;
        return due - utc < half ? due - utc : half;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cacheFor = options.Value.CacheFor;
        if (!options.Value.Warm || cacheFor <= TimeSpan.Zero || dashboard.Value.Influx is null)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                foreach (var period in Periods)
                {
                    try
                    {
                        await summaries.WarmAsync(period, stoppingToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // The loop boundary: InfluxDB down must not stop the warmer; the read already logged why, a page view reads cold.
                        SummaryLog.WarmFailed(logger, period, ex);
                    }
                }

                await Task.Delay(NextDelay(time.GetUtcNow(), cacheFor), time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }
}
