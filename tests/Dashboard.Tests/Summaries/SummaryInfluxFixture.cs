using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Calendar;
using Supervision.Core.Influx;
using Supervision.Dashboard.Summaries;
using Supervision.Testing;

namespace Supervision.Dashboard.Tests.Summaries;

/// <summary>A real InfluxDB holding <see cref="SummaryDataSet"/>, and the one builder of summary services the tests use.</summary>
public sealed class SummaryInfluxFixture : IAsyncLifetime
{
    private readonly HttpClient _http = new();

    // Six 1-hour roll-ups, six phases of the 6-hour edge read-out, 24 day cuts for units and 24 for systems.
    private const int Expected = 4 + 6 + 24 + 24;

    public InfluxServerFixture Influx { get; } = new();

    public static RegionMap Regions { get; } = RegionMap.Load(RepoPaths.Combine("config", "vn-regions.csv"));

    public async Task InitializeAsync()
    {
        await Influx.InitializeAsync();
        await SummaryDataSet.Build().WriteAsync(Influx.Url);

        // The summary roll-ups add up the collectors' parts, as the continuous queries do every hour.
        var ran = await ContinuousQueries.RunAsync(Influx.Client(), "cq_summary_", SummaryDataSet.PreviousStart.AddDays(-1), SummaryDataSet.End.AddHours(2));
        if (ran != Expected)
        {
            throw new InvalidOperationException($"expected {Expected} summary continuous queries in scripts/influxdb-setup.iql, ran {ran}");
        }
    }

    public SummaryService Service(SummaryOptions? options = null, DateTimeOffset? now = null)
    {
        var reader = new SummaryReader(() => new InfluxClient(_http, new InfluxOptions { Url = Influx.Url.ToString(), Gzip = false }),
            options?.Source ?? SummarySource.Rollups);
        return new SummaryService(TestInventory.Value, Regions, WorkingCalendar.Load(RepoPaths.Holidays),
            Options.Create(options ?? new SummaryOptions { CacheFor = TimeSpan.Zero }), reader, new FakeTimeProvider(now ?? SummaryDataSet.Now),
            NullLogger<SummaryService>.Instance);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await Influx.DisposeAsync();
    }
}
