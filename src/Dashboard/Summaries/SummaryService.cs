namespace Supervision.Dashboard.Summaries;

/// <summary>
/// The leaders' summaries: validates a request against the inventory and the caller's provinces, reads
/// the window's figures (cached briefly) and builds the sheet. The access layer passes the provinces a
/// user is bound to; null means every province and the central agencies.
/// </summary>
public sealed class SummaryService
{
    private readonly Inventory _inventory;
    private readonly RegionMap _regions;
    private readonly WorkingCalendar _calendar;
    private readonly SummaryOptions _options;
    private readonly SummaryReader _reader;
    private readonly SummaryBuilder _builder;
    private readonly SummaryCache<SummaryData> _cache;
    private readonly SummaryCache<Charts.TrendData> _trendCache;
    private readonly TimeProvider _time;
    private readonly ILogger<SummaryService> _logger;

    /// <summary>Creates the service.</summary>
    public SummaryService(Inventory inventory, RegionMap regions, WorkingCalendar calendar, IOptions<SummaryOptions> options, SummaryReader reader, TimeProvider time, ILogger<SummaryService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _inventory = inventory;
        _regions = regions;
        _calendar = calendar;
        _options = options.Value;
        _reader = reader;
        _time = time;
        _logger = logger;
        _builder = new SummaryBuilder(inventory, regions, _options);
        _cache = new SummaryCache<SummaryData>(time, _options.CacheFor);
        _trendCache = new SummaryCache<Charts.TrendData>(time, _options.CacheFor);
    }

    /// <summary>The region map, for pickers.</summary>
    public RegionMap Regions => _regions;

    /// <summary>The sheet for <paramref name="request"/>; throws <see cref="SummaryRequestException"/> for a bad or forbidden request.</summary>
    public async Task<SummarySheet> GetAsync(SummaryRequest request, IReadOnlySet<string>? allowedProvinces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var filter = Validate(request, allowedProvinces);
        var now = _time.GetUtcNow();
        var (window, key, read) = Plan(SummaryWindow.For(request.Period, now), filter, cancellationToken);
        var data = await _cache.GetAsync(key, read);
        return _builder.Build(window, request, data, allowedProvinces, now) with
        {
            Simulated = data.Seeded.Exists(r => r.Overlaps(window.PreviousStart, window.End)),
        };
    }

    /// <summary>
    /// The charts of <paramref name="request"/>'s scope (its period does not matter: the charts always show 30 days and 4 weeks
    /// against the period before, ending at the last whole hour); the same validation and provinces as <see cref="GetAsync(SummaryRequest, IReadOnlySet{string}, CancellationToken)"/>.
    /// </summary>
    public Task<Charts.SummaryTrends> GetTrendsAsync(SummaryRequest request, IReadOnlySet<string>? allowedProvinces, CancellationToken cancellationToken) =>
        GetTrendsAsync(Charts.TrendWindow.At(_time.GetUtcNow()), request, allowedProvinces, cancellationToken);

    /// <summary>
    /// The charts of <paramref name="request"/>'s scope ending at <paramref name="window"/>'s end instead of now (a scheduled
    /// report's charts end where its period ends); the same validation, provinces and cache.
    /// </summary>
    public async Task<Charts.SummaryTrends> GetTrendsAsync(Charts.TrendWindow window, SummaryRequest request, IReadOnlySet<string>? allowedProvinces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(request);
        var filter = Validate(request, allowedProvinces);
        var key = $"trends|{window.End.ToUnixTimeSeconds()}|{(filter is null ? "*" : string.Join(',', filter))}";
        var data = await _trendCache.GetAsync(key, async () =>
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var read = await _reader.ReadTrendsAsync(window, filter, cancellationToken);
                SummaryLog.TrendsRead(_logger, window.End, clock.ElapsedMilliseconds);
                return read;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                SummaryLog.TrendsReadFailed(_logger, ex);
                throw;
            }
        });
        return Charts.SummaryTrends.Build(data, _builder.UnitsInScope(request, allowedProvinces));
    }

    /// <summary>
    /// The sheet of a fixed <paramref name="window"/> (a calendar week or month of a scheduled report) instead of one
    /// ending now; <paramref name="request"/> gives the scope (its period is ignored).
    /// </summary>
    public async Task<SummarySheet> GetAsync(SummaryWindow window, SummaryRequest request, IReadOnlySet<string>? allowedProvinces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(request);
        var filter = Validate(request, allowedProvinces);
        var (_, key, read) = Plan(window, filter, cancellationToken);
        var data = await _cache.GetAsync(key, read);
        return _builder.Build(window, request with { Period = window.Period }, data, allowedProvinces, _time.GetUtcNow());
    }

    /// <summary>
    /// Reads the national figures of <paramref name="period"/> afresh into the cache, so the next page view of
    /// that summary does not wait for InfluxDB (<see cref="SummaryWarmer"/>); a no-op when the cache is off.
    /// </summary>
    public Task WarmAsync(SummaryPeriod period, CancellationToken cancellationToken)
    {
        var (_, key, read) = Plan(SummaryWindow.For(period, _time.GetUtcNow()), null, cancellationToken);
        return _cache.RefreshAsync(key, read);
    }

    /// <summary>The window, its cache key and the read of its figures.</summary>
    private (SummaryWindow Window, string Key, Func<Task<SummaryData>> Read) Plan(SummaryWindow window, List<string>? filter, CancellationToken cancellationToken)
    {
        var period = window.Period;
        var stallStart = StallBoundary.Before(_calendar, window.End, _options.StalledAfter);
        var key = $"{period}|{window.Start.ToUnixTimeSeconds()}|{window.End.ToUnixTimeSeconds()}|{(filter is null ? "*" : string.Join(',', filter))}";
        return (window, key, async () =>
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var read = await _reader.ReadAsync(window, stallStart, filter, cancellationToken);
                SummaryLog.Read(_logger, period, window.End, clock.ElapsedMilliseconds);
                return read;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                SummaryLog.ReadFailed(_logger, period, ex);
                throw;
            }
        });
    }

    /// <summary>Checks the request; returns the provinces to read (null = all).</summary>
    private List<string>? Validate(SummaryRequest request, IReadOnlySet<string>? allowed)
    {
        if ((request.Region is not null ? 1 : 0) + (request.Province is not null ? 1 : 0) + (request.Commune is not null ? 1 : 0) > 1)
        {
            throw new SummaryRequestException("give at most one of region, province and commune", notFound: false);
        }

        if (request.Region is { } region && !_regions.IsKnown(region))
        {
            throw new SummaryRequestException($"region '{region}' is unknown; use one of {string.Join(", ", Keys())}", notFound: true);
        }

        if (request.Province is { } province)
        {
            if (_inventory.FindUnit(province) is not { Level: UnitLevel.Province })
            {
                throw new SummaryRequestException($"province '{province}' is not a province code of the inventory (2 digits, e.g. 79)", notFound: true);
            }

            return Allowed(province, allowed);
        }

        if (request.Commune is { } commune)
        {
            if (_inventory.FindUnit(commune) is not { Level: UnitLevel.Commune, ProvinceCode: { } parent })
            {
                throw new SummaryRequestException($"commune '{commune}' is not a commune code of the inventory (5 digits, e.g. 26737)", notFound: true);
            }

            return Allowed(parent, allowed);
        }

        if (allowed is null)
        {
            return null;
        }

        var list = new List<string>(allowed.Count);
        foreach (var code in allowed)
        {
            // Only codes of the inventory reach InfluxQL.
            if (_inventory.FindUnit(code) is { Level: UnitLevel.Province })
            {
                list.Add(code);
            }
        }

        list.Sort(StringComparer.Ordinal);
        return list;
    }

    private static List<string> Allowed(string province, IReadOnlySet<string>? allowed) =>
        allowed is null || allowed.Contains(province)
            ? [province]
            : throw new SummaryRequestException($"province {province} is outside the provinces you may see", notFound: false, forbidden: true);

    private List<string> Keys()
    {
        var keys = new List<string>();
        foreach (var r in _regions.Regions)
        {
            if (!keys.Contains(r.Macro))
            {
                keys.Add(r.Macro);
            }

            keys.Add(r.Key);
        }

        return keys;
    }
}
