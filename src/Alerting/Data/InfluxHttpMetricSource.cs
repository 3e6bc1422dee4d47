using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Supervision.Alerting.Engine;

namespace Supervision.Alerting.Data;

/// <summary>
/// Reads InfluxDB through its v1 <c>/query</c> endpoint (served by 1.x, 2.x compatibility and 3.x).
/// Kept small on purpose: one GET per rule per cycle, times as epoch milliseconds, InfluxDB's own error text surfaced.
/// </summary>
internal sealed class InfluxHttpMetricSource(IHttpClientFactory factory, IOptions<AlertingOptions> options) : IMetricSource
{
    public const string ClientName = "Supervision.Alerting.Influx";

    public Task<IReadOnlyList<SeriesValue>> QueryAsync(SeriesQuery query, CancellationToken cancellationToken) =>
        RunAsync(InfluxQl.Render(query), query.From, cancellationToken);

    public Task<IReadOnlyList<SeriesValue>> QueryRawAsync(string influxQl, DateTimeOffset now, CancellationToken cancellationToken) =>
        RunAsync(influxQl, now, cancellationToken);

    private async Task<IReadOnlyList<SeriesValue>> RunAsync(string q, DateTimeOffset fallbackTime, CancellationToken ct)
    {
        var o = options.Value;
        var url = o.InfluxUrl.TrimEnd('/') + "/query?db=" + Uri.EscapeDataString(o.InfluxDatabase) + "&epoch=ms&q=" + Uri.EscapeDataString(q);
        using var client = factory.CreateClient(ClientName);
        using var response = await client.GetAsync(new Uri(url), HttpCompletionOption.ResponseHeadersRead, ct);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
        var root = doc.RootElement;
        if (root.TryGetProperty("error", out var topError))
        {
            throw new InvalidOperationException($"InfluxDB answered {(int)response.StatusCode}: {topError.GetString()} (query: {q})");
        }

        var result = new List<SeriesValue>();
        if (!root.TryGetProperty("results", out var results))
        {
            return result;
        }

        foreach (var r in results.EnumerateArray())
        {
            if (r.TryGetProperty("error", out var err))
            {
                throw new InvalidOperationException($"InfluxDB: {err.GetString()} (query: {q})");
            }

            if (!r.TryGetProperty("series", out var series))
            {
                continue;
            }

            foreach (var s in series.EnumerateArray())
            {
                var tags = new Dictionary<string, string>(StringComparer.Ordinal);
                if (s.TryGetProperty("tags", out var t))
                {
                    foreach (var p in t.EnumerateObject())
                    {
                        var v = p.Value.GetString();
                        if (!string.IsNullOrEmpty(v))
                        {
                            tags[p.Name] = v;
                        }
                    }
                }

                var columns = s.GetProperty("columns");
                var valueIndex = -1;
                for (var i = 0; i < columns.GetArrayLength(); i++)
                {
                    if (columns[i].GetString() != "time")
                    {
                        valueIndex = i;
                        break;
                    }
                }

                if (valueIndex < 0 || !s.TryGetProperty("values", out var rows))
                {
                    continue;
                }

                foreach (var row in rows.EnumerateArray())
                {
                    var cell = row[valueIndex];
                    if (cell.ValueKind != JsonValueKind.Number)
                    {
                        continue;
                    }

                    var time = row[0].ValueKind == JsonValueKind.Number
                        ? DateTimeOffset.FromUnixTimeMilliseconds(row[0].GetInt64())
                        : fallbackTime;
                    result.Add(new SeriesValue(tags, cell.GetDouble(), time));
                }
            }
        }

        _ = CultureInfo.InvariantCulture;
        return result;
    }
}
