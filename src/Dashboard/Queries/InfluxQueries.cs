using System.Globalization;
using Microsoft.Extensions.Options;
using Supervision.Core.Calendar;
using Supervision.Core.Domain;
using Supervision.Core.Influx;
using Supervision.Dashboard.Configuration;

namespace Supervision.Dashboard.Queries;

/// <summary>National figures for the wallboard.</summary>
/// <param name="DocumentsPerMinute">E-documents sent nationwide in the last minute.</param>
/// <param name="DossiersResolvedToday">Dossiers resolved since midnight, Vietnam time.</param>
/// <param name="OverdueDossiers">Dossiers overdue now.</param>
/// <param name="At">When they were read.</param>
public sealed record NationalFigures(double? DocumentsPerMinute, double? DossiersResolvedToday, double? OverdueDossiers, DateTimeOffset At);

/// <summary>The Dashboard's reads from InfluxDB (schema: docs/storage.md); absent when no InfluxDB is configured.</summary>
public sealed class InfluxQueries(IHttpClientFactory httpClients, IOptions<DashboardOptions> options, TimeProvider time)
{
    private readonly InfluxOptions? _influx = options.Value.Influx;

    /// <summary>True when an InfluxDB is configured.</summary>
    public bool Enabled => _influx is not null;

    /// <summary>The latest status of every target within <paramref name="window"/>, to rebuild after a restart.</summary>
    public async Task<IReadOnlyList<TargetState>> LatestStatesAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        var result = await Client().QueryAsync(
            $"SELECT last(status_code) AS code, last(reason) AS reason FROM scrape WHERE time > now() - {(long)window.TotalSeconds}s GROUP BY unit, system", cancellationToken);
        var states = new List<TargetState>();
        foreach (var series in result.Series)
        {
            if (series.Tag("unit") is not { } unit || series.Tag("system") is not { } system)
            {
                continue;
            }

            var at = DateTimeOffset.FromUnixTimeMilliseconds((long)(series.Double(0, "time") ?? 0));
            var status = (TargetStatus)(int)(series.Double(0, "code") ?? (int)TargetStatus.Unknown);
            var reason = Enum.TryParse<StatusReason>(series.String(0, "reason"), out var r) ? r : StatusReason.None;
            states.Add(new TargetState(Target.MakeId(unit, system), status, reason, "rebuilt from InfluxDB", at, at));
        }

        return states;
    }

    /// <summary>The wallboard's national figures.</summary>
    public async Task<NationalFigures> FiguresAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var midnight = new DateTimeOffset(VietnamTime.ToVietnam(now).Date, VietnamTime.Offset).ToUniversalTime();
        var result = await Client().QueryAsync(string.Join("; ",
            "SELECT sum(d) FROM (SELECT spread(edoc_documents_sent_total) AS d FROM edoc WHERE time > now() - 1m GROUP BY unit, channel)",
            $"SELECT sum(d) FROM (SELECT spread(dossier_resolved_total) AS d FROM dossier WHERE time >= '{midnight.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}' GROUP BY unit, procedure, timeliness)",
            "SELECT sum(o) FROM (SELECT last(dossier_overdue) AS o FROM dossier WHERE time > now() - 2m GROUP BY unit, procedure)"), cancellationToken);
        double? Value(int statement) => result.Statements.Count > statement && result.Statements[statement].Series.Count > 0
            ? result.Statements[statement].Series[0].Double(0, "sum")
            : 0;
        return new NationalFigures(Value(0), Value(1), Value(2), now);
    }

    /// <summary>Hourly availability of one unit's targets over the last day (sparklines).</summary>
    public async Task<IReadOnlyDictionary<string, double[]>> AvailabilityAsync(string unitId, CancellationToken cancellationToken)
    {
        var result = await Client().QueryAsync(
            $"SELECT mean(up) FROM scrape WHERE unit = '{unitId.Replace("'", string.Empty, StringComparison.Ordinal)}' AND time > now() - 24h GROUP BY time(1h), system fill(none)", cancellationToken);
        return result.Series.ToDictionary(
            s => s.Tag("system") ?? string.Empty,
            s => Enumerable.Range(0, s.Values.Count).Select(i => s.Double(i, "mean") ?? 0).ToArray(),
            StringComparer.Ordinal);
    }

    private InfluxClient Client() => new(httpClients.CreateClient("influx"), _influx ?? throw new InvalidOperationException("no InfluxDB configured"));
}
