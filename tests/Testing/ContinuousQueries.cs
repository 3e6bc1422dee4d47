using System.Globalization;
using System.Text.RegularExpressions;
using Supervision.Core.Influx;

namespace Supervision.Testing;

/// <summary>
/// Runs the continuous queries of scripts/influxdb-setup.iql by hand over a time range, as InfluxDB would
/// hour after hour (the test servers have the continuous-query service off, so tests decide when).
/// </summary>
public static partial class ContinuousQueries
{
    /// <summary>Runs every continuous query whose name starts with <paramref name="prefix"/> over [from, to).</summary>
    public static async Task<int> RunAsync(InfluxClient client, string prefix, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(client);
        var ran = 0;
        foreach (var line in await File.ReadAllLinesAsync(RepoPaths.Combine("scripts", "influxdb-setup.iql")))
        {
            var match = Definition().Match(line);
            if (!match.Success || !match.Groups["name"].Value.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var body = match.Groups["body"].Value;
            var range = $"time >= '{from.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}' AND time < '{to.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}'";
            var groupBy = body.IndexOf(" GROUP BY ", StringComparison.Ordinal);
            var where = body.IndexOf(" WHERE ", StringComparison.Ordinal);
            body = where >= 0
                ? body[..(where + 7)] + range + " AND " + body[(where + 7)..]
                : body[..groupBy] + " WHERE " + range + body[groupBy..];
            await client.ExecuteAsync(body);
            ran++;
        }

        return ran;
    }

    [GeneratedRegex("^CREATE CONTINUOUS QUERY \"(?<name>[^\"]+)\" ON \"[^\"]+\"(?: RESAMPLE [^B]*)? BEGIN (?<body>.*) END$")]
    private static partial Regex Definition();
}
