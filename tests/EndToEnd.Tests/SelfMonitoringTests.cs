using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Supervision.Testing;

namespace Supervision.EndToEnd.Tests;

/// <summary>A center that also runs the shipped self-monitoring rules (rules/center.yaml).</summary>
public sealed class SelfMonitoredCenterFixture : CenterFixture
{
    /// <inheritdoc />
    protected override bool ShippedCenterRules => true;
}

/// <summary>Its own center (a part of it is stopped), run after the parallel collections.</summary>
[CollectionDefinition("self-monitoring", DisableParallelization = true)]
public sealed class SelfMonitoringCollection : ICollectionFixture<SelfMonitoredCenterFixture>;

/// <summary>
/// The center watches itself as it watches the fleet: its collector, Alerting, Dashboard and InfluxDB are targets of
/// the inventory's "center" unit, scraped into InfluxDB like any other; the shipped rules read what is stored, and a
/// stopped part pages.
/// </summary>
[Collection("self-monitoring")]
public sealed partial class SelfMonitoringTests(SelfMonitoredCenterFixture center)
{
    [Fact]
    public async Task the_center_scrapes_its_own_parts_its_shipped_rules_read_them_and_a_stopped_dashboard_fires_center_part_down()
    {
        // 1. Every field the shipped center rules read is stored, for the center's own targets.
        var wanted = CenterRuleFields(await File.ReadAllTextAsync(RepoPaths.Combine("rules", "center.yaml")));
        Assert.Contains(("influxdb", "influxdb_httpd_points_written_fail"), wanted);
        Assert.Contains(("alerting", "alerting_group_last_evaluation_age_seconds"), wanted);
        var influx = center.Influx.Client();
        var missing = wanted.ToList();
        var clock = Stopwatch.StartNew();
        while (missing.Count > 0)
        {
            foreach (var (measurement, field) in missing.ToArray())
            {
                var result = await influx.QueryAsync($"SELECT count(\"{field}\") FROM \"{measurement}\" WHERE \"unit\" = 'center' AND time > now() - 5m");
                if (result.Series.Count > 0)
                {
                    missing.Remove((measurement, field));
                }
            }

            Assert.True(missing.Count == 0 || clock.Elapsed < TimeSpan.FromSeconds(120),
                "not stored for the center's targets within 2 minutes: " + string.Join(", ", missing.Select(m => m.Item1 + "." + m.Item2)));
            await Task.Delay(1000);
        }

        // 2. Alerting evaluated every shipped center rule over that data without an error, and none fires while all is well.
        using var alerting = new HttpClient { BaseAddress = center.AlertingUrl };
        clock.Restart();
        JsonElement[] centerRules;
        while (true)
        {
            var rules = await alerting.GetFromJsonAsync<JsonElement>("/api/rules");
            centerRules = [.. RulesOf(rules).Where(r => r.GetProperty("name").GetString()!.StartsWith("center-", StringComparison.Ordinal))];
            if (centerRules.Length > 0 && centerRules.All(r => r.TryGetProperty("lastEvaluation", out var at) && at.ValueKind != JsonValueKind.Null))
            {
                break;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), "the center rules were not all evaluated within 90 s");
            await Task.Delay(1000);
        }

        Assert.All(centerRules, r => Assert.True(
            !r.TryGetProperty("error", out var e) || e.ValueKind == JsonValueKind.Null,
            $"{r.GetProperty("name").GetString()}: {(r.TryGetProperty("error", out var err) ? err.ToString() : "")}"));
        var firing = await alerting.GetFromJsonAsync<JsonElement>("/api/alerts?state=firing");
        Assert.DoesNotContain(firing.EnumerateArray(), a => a.GetProperty("rule").GetString()!.StartsWith("center-", StringComparison.Ordinal));

        // 3. The Dashboard stops: its target goes down and center-part-down fires (for: 1m over a 30 s group).
        await center.Dashboard.KillAsync();
        clock.Restart();
        while (true)
        {
            var alerts = await alerting.GetFromJsonAsync<JsonElement>("/api/alerts?state=firing");
            if (alerts.EnumerateArray().Any(a => a.GetProperty("rule").GetString() == "center-part-down"
                    && a.GetProperty("labels").GetProperty("system").GetString() == "dashboard"
                    && a.GetProperty("labels").GetProperty("unit").GetString() == "center"))
            {
                Console.WriteLine($"e2e: Dashboard killed → center-part-down firing after {clock.Elapsed.TotalSeconds:0} s");
                break;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(4), "center-part-down did not fire within 4 minutes of the Dashboard's stop");
            await Task.Delay(2000);
        }
    }

    private static JsonElement.ArrayEnumerator RulesOf(JsonElement answer) => answer.GetProperty("rules").EnumerateArray();

    // (measurement, field) pairs the `query` rules of a rule file read: every "field" inside the SELECT's functions.
    private static List<(string Measurement, string Field)> CenterRuleFields(string yaml)
    {
        var pairs = new List<(string, string)>();
        foreach (Match query in QueryLine().Matches(yaml))
        {
            var text = query.Groups[1].Value;
            var measurement = FromPart().Match(text).Groups[1].Value;
            var select = text[..text.IndexOf(" FROM ", StringComparison.Ordinal)];
            foreach (Match field in QuotedName().Matches(select))
            {
                if (!pairs.Contains((measurement, field.Groups[1].Value)))
                {
                    pairs.Add((measurement, field.Groups[1].Value));
                }
            }
        }

        return pairs;
    }

    [GeneratedRegex("query: '([^']+)'")]
    private static partial Regex QueryLine();

    [GeneratedRegex("FROM \"([^\"]+)\"")]
    private static partial Regex FromPart();

    [GeneratedRegex("\\(\"([^\"]+)\"\\)")]
    private static partial Regex QuotedName();
}
