using System.Text.RegularExpressions;
using Supervision.Alerting.Rules;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Rules;

/// <summary>
/// The shipped rule files name measurements and fields in their own text (the built-in kinds take theirs from the
/// Core schema in code); every one must be one of the Core schema's, so a rename in Core that a rule file misses
/// fails here. The self-monitoring metrics of <c>query</c> rules (<c>supervision_collector_*</c>, <c>alerting_*</c>,
/// <c>influxdb_*</c>) are each service's own exposition, not the storage schema: only their measurement is held.
/// </summary>
public sealed partial class ShippedRulesSchemaTests
{
    private static IReadOnlyList<AlertRule> ShippedRules()
    {
        var (rules, errors) = RuleFileLoader.LoadFolder(RepoPaths.Combine("rules"));
        Assert.Empty(errors);
        return [.. rules!.AllRules];
    }

    [Fact]
    public void every_measurement_and_field_of_a_latency_or_throughput_rule_is_one_of_the_schema()
    {
        var measurements = SchemaNames.Measurements();
        var fields = SchemaNames.CatalogueFields();
        var named = ShippedRules().Select(r => r.Spec switch
        {
            LatencySpec s => (r.Name, s.Measurement, s.Field),
            ThroughputDropSpec s => (r.Name, s.Measurement, s.Field),
            _ => default,
        }).Where(n => n.Name is not null).ToList();

        Assert.True(named.Count >= 4, $"{named.Count} rules name a measurement and field");
        foreach (var (name, measurement, field) in named)
        {
            Assert.True(measurements.Contains(measurement), $"rule {name}: measurement '{measurement}' is not in the Core schema");
            Assert.True(fields.Contains(field), $"rule {name}: field '{field}' is not in the Core schema's catalogue");
        }
    }

    [Fact]
    public void every_measurement_a_query_rule_reads_is_one_of_the_schema()
    {
        var measurements = SchemaNames.Measurements();
        var queries = ShippedRules().Where(r => r.Spec is QuerySpec).ToList();
        Assert.NotEmpty(queries);
        foreach (var rule in queries)
        {
            var query = ((QuerySpec)rule.Spec).Query;
            var from = From().Match(query);
            Assert.True(from.Success, $"rule {rule.Name}: no FROM in {query}");
            Assert.True(measurements.Contains(from.Groups["m"].Value), $"rule {rule.Name}: measurement '{from.Groups["m"].Value}' is not in the Core schema");
        }
    }

    [GeneratedRegex("FROM \"(?<m>[^\"]+)\"")]
    private static partial Regex From();
}
