using System.Text.RegularExpressions;
using Supervision.Core.Schema;
using Supervision.Testing;

namespace Supervision.Core.Tests.Schema;

/// <summary>
/// The shipped InfluxDB setup (retention policies and continuous queries) names the schema in its own text; every
/// name it uses must be one of the Core schema's, so a rename in Core that the script misses fails here.
/// </summary>
public sealed partial class ContinuousQuerySchemaTests
{
    private static readonly string[] Setup = File.ReadAllLines(RepoPaths.Combine("scripts", "influxdb-setup.iql"));

    private static IEnumerable<string> Queries => Setup.Where(l => l.StartsWith("CREATE CONTINUOUS QUERY ", StringComparison.Ordinal));

    [Fact]
    public void every_retention_policy_is_one_of_the_schema()
    {
        var created = Setup.Select(l => RetentionPolicy().Match(l)).Where(m => m.Success).Select(m => m.Groups["rp"].Value).ToList();
        Assert.Equal(SchemaNames.Of(typeof(RetentionPolicies)).Order(StringComparer.Ordinal), created.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void every_measurement_a_continuous_query_reads_or_writes_is_one_of_the_schema()
    {
        var measurements = SchemaNames.Measurements();
        var policies = SchemaNames.Of(typeof(RetentionPolicies));
        var seen = 0;
        foreach (var query in Queries)
        {
            foreach (Match m in Qualified().Matches(query))
            {
                Assert.True(policies.Contains(m.Groups["rp"].Value), $"{m.Value} in: {query}");
                Assert.True(measurements.Contains(m.Groups["m"].Value), $"{m.Value} in: {query}");
                seen++;
            }
        }

        Assert.True(seen >= 2 * 58, $"{seen} measurements read: the setup has fewer queries than shipped?");
    }

    [Fact]
    public void every_field_and_tag_a_continuous_query_names_is_one_of_the_schema()
    {
        var fields = SchemaNames.Of(typeof(SummaryFields));
        var tags = SchemaNames.Of(typeof(TagNames));
        var (fieldsSeen, tagsSeen) = (0, 0);
        foreach (var query in Queries)
        {
            foreach (Match m in Aggregate().Matches(query))
            {
                Assert.True(fields.Contains(m.Groups["field"].Value), $"field {m.Groups["field"].Value} in: {query}");
                Assert.Equal(m.Groups["field"].Value, m.Groups["alias"].Value);
                fieldsSeen++;
            }

            var groupBy = query[(query.IndexOf(" GROUP BY ", StringComparison.Ordinal) + 10)..query.LastIndexOf(" END", StringComparison.Ordinal)];
            foreach (Match m in Quoted().Matches(groupBy))
            {
                Assert.True(tags.Contains(m.Groups["name"].Value), $"tag {m.Groups["name"].Value} in: {query}");
                tagsSeen++;
            }
        }

        Assert.True(fieldsSeen > 100 && tagsSeen > 100, $"{fieldsSeen} fields and {tagsSeen} tags read");
    }

    [GeneratedRegex("^CREATE RETENTION POLICY \"(?<rp>[^\"]+)\"")]
    private static partial Regex RetentionPolicy();

    [GeneratedRegex("\"supervision\"\\.\"(?<rp>[^\"]+)\"\\.\"(?<m>[^\"]+)\"")]
    private static partial Regex Qualified();

    [GeneratedRegex("(?:sum|last|max|min|mean|count)\\(\"(?<field>[^\"]+)\"\\) AS \"(?<alias>[^\"]+)\"")]
    private static partial Regex Aggregate();

    [GeneratedRegex("\"(?<name>[^\"]+)\"")]
    private static partial Regex Quoted();
}
