namespace Supervision.Dashboard.PublicStatus;

/// <summary>
/// Rebuilds the public page every <see cref="StatusPageOptions.Refresh"/> from the live state (in memory) and puts the
/// rendered bytes in <see cref="StatusPageCache"/>. The availability figures come from the hourly roll-ups (the summaries'
/// reader) and change once an hour, so InfluxDB is read only when a new whole hour is due — two statements — or to retry a
/// failed read at the next refresh. A failed read keeps the last figures, marked with their age; a failed build keeps the
/// last page, marked with since when it has not been updated.
/// </summary>
public sealed class StatusPageRefresher(
    LiveState live,
    StatusPageCache cache,
    SummaryReader reader,
    IOptions<DashboardOptions> options,
    DashboardTelemetry telemetry,
    TimeProvider time,
    ILogger<StatusPageRefresher> logger) : BackgroundService
{
    // Touched by the refresh loop only.
    private readonly IncidentTracker _incidents = new(TimeSpan.FromDays(7));
    private AvailabilityFigures? _figures;
    private DateTimeOffset? _figuresFailedAt;
    private PublicStatusReport? _last;
    private DateTimeOffset? _buildFailedSince;
    private long _builds;
    private long _influxQueries;

    /// <summary>Successful builds so far (a test's sign that the refresher ran).</summary>
    public long Builds => Interlocked.Read(ref _builds);

    /// <summary>InfluxDB statements the page has issued so far.</summary>
    public long InfluxQueries => Interlocked.Read(ref _influxQueries);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await RefreshAsync(stoppingToken);
                await Task.Delay(options.Value.StatusPage.Refresh, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>One refresh: the figures when due, then the page.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settings = options.Value;
        try
        {
            await ReadAvailabilityAsync(now, settings, cancellationToken);
            var provinces = live.Inventory.Provinces.Select(p => live.Province(p.Id)!).ToArray();
            var report = StatusPageModel.Build(provinces, _figures, _figuresFailedAt, _incidents, now, settings.Rollup.StaleAfter, settings.StatusPage.MinInterruption);
            cache.Set(StatusPageContent.Create(report, StatusPageRenderer.Render(report, settings.StatusPage, settings.Influx is not null)));
            _last = report;
            _buildFailedSince = null;
            Interlocked.Increment(ref _builds);
            telemetry.StatusPageBuilds.WithLabels("ok").Inc();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The loop's boundary: whatever broke, citizens keep the last good page, told since when it is old.
            StatusPageLog.BuildFailed(logger, ex);
            telemetry.StatusPageBuilds.WithLabels("failed").Inc();
            _buildFailedSince ??= now;
            if (_last is not null)
            {
                cache.Set(StatusPageContent.Create(_last, StatusPageRenderer.Render(_last, settings.StatusPage, settings.Influx is not null, _buildFailedSince)));
            }
        }
    }

    private async Task ReadAvailabilityAsync(DateTimeOffset now, DashboardOptions settings, CancellationToken cancellationToken)
    {
        var today = SummaryWindow.For(SummaryPeriod.Today, now);
        if (settings.Influx is null || _figures?.Through == today.End)
        {
            return;
        }

        var days7 = SummaryWindow.For(SummaryPeriod.Days7, now);
        var clock = Stopwatch.StartNew();
        try
        {
            // Just after Vietnam's midnight today has no whole hour yet: nothing to read.
            var todayRead = today.Start < today.End ? Count(reader.ReadSystemAvailabilityAsync(today.Start, today.End, cancellationToken)) : Task.FromResult<IReadOnlyList<SystemAvailabilityCount>>([]);
            var days7Read = Count(reader.ReadSystemAvailabilityAsync(days7.Start, days7.End, cancellationToken));
            await Task.WhenAll(todayRead, days7Read);
            _figures = new AvailabilityFigures(now, today.End, AvailabilityFigures.ByService(await todayRead), AvailabilityFigures.ByService(await days7Read));
            _figuresFailedAt = null;
            StatusPageLog.AvailabilityRead(logger, today.End, clock.ElapsedMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // InfluxDB down or slow: the page keeps the figures it has and says how old they are; the next refresh retries.
            _figuresFailedAt = now;
            StatusPageLog.AvailabilityFailed(logger, _figures?.Through, ex);
        }
    }

    private Task<IReadOnlyList<SystemAvailabilityCount>> Count(Task<IReadOnlyList<SystemAvailabilityCount>> read)
    {
        Interlocked.Increment(ref _influxQueries);
        telemetry.StatusPageInfluxQueries.Inc();
        return read;
    }
}
