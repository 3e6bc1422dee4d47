using System.Globalization;
using System.Text;
using Supervision.Alerting.Data;
using Supervision.Alerting.Rules;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Integration;

/// <summary>
/// The sums and filters pushed into InfluxDB answer exactly what the in-memory source (the one rule tests run on)
/// answers for the same points: the rendered InfluxQL and the tests' semantics cannot drift apart.
/// </summary>
public sealed class FilteredQueryTests(InfluxServerFixture influx) : IClassFixture<InfluxServerFixture>
{
    internal static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_796_000_000);

    public static TheoryData<string> Shapes => new()
    {
        "plain", "sum", "where-on-series", "sum-and-where", "units", "where-nothing-passes", "where-equals", "increase", "increase-filtered",
        "unchanged", "unchanged-flat", "unchanged-moved-summed",
    };

    internal static SeriesQuery Shape(string name)
    {
        var unitTags = new[] { "unit", "province", "level" };
        var overdue = new SeriesQuery("dossier", "dossier_overdue", Aggregate.Last, Now.AddMinutes(-15), Now, [], RuleSelector.Any);
        var resolved = new SeriesQuery("dossier", "dossier_resolved_total", Aggregate.Spread, Now.AddHours(-2), Now, [], RuleSelector.Any);
        return name switch
        {
            "plain" => overdue,
            "sum" => overdue with { SumBy = unitTags },
            "where-on-series" => new SeriesQuery("scrape", "up", Aggregate.Mean, Now.AddHours(-1), Now, unitTags, RuleSelector.Any) { Where = new ValueFilter("<", 0.9) },
            "sum-and-where" => resolved with { SumBy = unitTags, Where = new ValueFilter("<=", 0) },
            "units" => overdue with { SumBy = unitTags, Where = new ValueFilter(">", 20), Units = ["26737", "79"] },
            "where-nothing-passes" => overdue with { SumBy = unitTags, Where = new ValueFilter(">", 1e6) },
            "increase" => resolved with { Aggregate = Aggregate.Increase },
            "increase-filtered" => resolved with { Aggregate = Aggregate.Increase, Where = new ValueFilter("==", 0) },
            "unchanged" => resolved with { Aggregate = Aggregate.Unchanged },
            "unchanged-flat" => resolved with { Aggregate = Aggregate.Unchanged, Where = new ValueFilter("==", 1) },
            "unchanged-moved-summed" => resolved with { Aggregate = Aggregate.Unchanged, Where = new ValueFilter("==", 0), SumBy = unitTags },
            _ => overdue with { Where = new ValueFilter("==", 7) },
        };
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task influxdb_and_the_in_memory_source_answer_alike(string shape)
    {
        var db = await influx.CreateDatabaseAsync("filtered");
        var memory = new InMemoryMetricSource();
        await WriteAsync(influx.Client(db), memory);
        var query = Shape(shape);

        var fromInflux = Normalise(await new InfluxMetricSource(influx.Client(db)).QueryAsync(query, CancellationToken.None));
        var fromMemory = Normalise(await memory.QueryAsync(query, CancellationToken.None));

        Assert.Equal(fromMemory, fromInflux);
        if (shape != "where-nothing-passes")
        {
            Assert.NotEmpty(fromInflux);
        }
    }

    [Fact]
    public async Task the_filters_really_cut_the_answer_down()
    {
        var db = await influx.CreateDatabaseAsync("filtered");
        await WriteAsync(influx.Client(db), new InMemoryMetricSource());
        var source = new InfluxMetricSource(influx.Client(db));

        var summed = await source.QueryAsync(Shape("sum"), CancellationToken.None);
        var still = await source.QueryAsync(Shape("sum-and-where"), CancellationToken.None);

        Assert.Equal(4, summed.Count); // central, 79, 26737, 26740: one row per unit, not per procedure
        Assert.Equal(45 + 7 + 12, summed.Single(r => r.Tags["unit"] == "26737").Value);
        Assert.Equal(["26740"], still.Select(r => r.Tags["unit"]).ToArray()); // the only unit that resolved nothing
    }

    /// <summary>Four units; dossier series per procedure; scrapes every 30 s for an hour with a few failures.</summary>
    internal static async Task WriteAsync(Core.Influx.InfluxClient client, InMemoryMetricSource memory)
    {
        var sb = new StringBuilder();
        void Point(string measurement, Dictionary<string, string> tags, string field, double value, DateTimeOffset at)
        {
            memory.Add(measurement, tags, field, value, at);
            sb.Append(measurement);
            foreach (var (k, v) in tags.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                sb.Append(',').Append(k).Append('=').Append(v);
            }

            sb.Append(' ').Append(field).Append('=').Append(value.ToString(CultureInfo.InvariantCulture))
                .Append(' ').Append(at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        var units = new (string Unit, string? Province, string Level)[] { ("central", null, "central"), ("79", "79", "province"), ("26737", "79", "commune"), ("26740", "79", "commune") };
        var overdue = new Dictionary<string, double[]> { ["central"] = [1, 2, 3], ["79"] = [30, 0, 1], ["26737"] = [45, 7, 12], ["26740"] = [0, 0, 7] };
        foreach (var (unit, province, level) in units)
        {
            Dictionary<string, string> Tags(string system, string? procedure = null)
            {
                var t = new Dictionary<string, string>(StringComparer.Ordinal) { ["unit"] = unit, ["level"] = level, ["system"] = system };
                if (province is not null)
                {
                    t["province"] = province;
                }

                if (procedure is not null)
                {
                    t["procedure"] = procedure;
                }

                return t;
            }

            for (var p = 0; p < 3; p++)
            {
                var procedure = "P" + p.ToString(CultureInfo.InvariantCulture);
                Point("dossier", Tags("dossier", procedure), "dossier_overdue", overdue[unit][p] + 5, Now.AddMinutes(-10));
                Point("dossier", Tags("dossier", procedure), "dossier_overdue", overdue[unit][p], Now.AddMinutes(-1));
                for (var m = 110; m >= 0; m -= 10)
                {
                    var resolved = unit == "26740" ? 50 : 200 - m + p;
                    Point("dossier", Tags("dossier", procedure), "dossier_resolved_total", resolved, Now.AddMinutes(-m));
                }
            }

            for (var s = 3600; s > 0; s -= 30)
            {
                var failing = unit == "26737" ? s % 90 == 0 : unit == "79" && s % 600 == 0;
                Point("scrape", Tags("edoc"), "up", failing ? 0 : 1, Now.AddSeconds(-s + 1));
            }
        }

        await client.WriteAsync(Encoding.UTF8.GetBytes(sb.ToString()));
    }

    internal static string[] Normalise(IReadOnlyList<SeriesValue> rows) =>
        rows.Select(r => string.Join(',', r.Tags.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value)) + " " + Math.Round(r.Value, 9).ToString(CultureInfo.InvariantCulture))
            .Order(StringComparer.Ordinal)
            .ToArray();
}
