using System.Globalization;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Supervision.Alerting.Data;
using Supervision.Alerting.Window;
using Supervision.Alerting.Rules;
using Supervision.Core.Domain;

namespace Supervision.Alerting.Tests.Window;

public sealed class LiveWindowTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_796_000_000);
    private static readonly TimeSpan Gap = TimeSpan.FromMinutes(1);

    private static readonly KeptSeries[] Keep =
    [
        new() { Measurement = "scrape", Fields = ["status_code", "up"], Horizon = TimeSpan.FromMinutes(65) },
        new() { Measurement = "dossier", Fields = ["dossier_overdue"], Horizon = TimeSpan.FromMinutes(20), Changes = ["dossier_resolved_total"], ChangesHorizon = TimeSpan.FromDays(4) },
    ];

    private static (LiveWindow Window, FakeTimeProvider Clock) NewWindow()
    {
        var clock = new FakeTimeProvider(Now);
        return (new LiveWindow(clock, Keep, Gap), clock);
    }

    private static string Line(string measurement, IReadOnlyDictionary<string, string> tags, string fields, DateTimeOffset at)
    {
        var sb = new StringBuilder(measurement);
        foreach (var (k, v) in tags.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sb.Append(',').Append(k).Append('=').Append(v);
        }

        return sb.Append(' ').Append(fields).Append(' ').Append(at.ToUnixTimeMilliseconds() * 1_000_000).Append('\n').ToString();
    }

    private static LiveIngestResult Ingest(LiveWindow window, string body) => window.Ingest(Encoding.UTF8.GetBytes(body), 1);

    private static Dictionary<string, string> Tags(string unit, string system, string? province = "79", string level = "commune")
    {
        var t = new Dictionary<string, string>(StringComparer.Ordinal) { ["unit"] = unit, ["system"] = system, ["level"] = level };
        if (province is not null)
        {
            t["province"] = province;
        }

        return t;
    }

    private static IReadOnlyList<SeriesValue> Answer(LiveWindow window, SeriesQuery query)
    {
        Assert.True(window.TryQuery(query, out var rows), $"the window did not answer {query}");
        return rows;
    }

    public static TheoryData<string> Shapes => new()
    {
        "last-by-target", "last-all-tags", "mean-by-unit", "mean-by-province-filtered", "count", "sum", "min", "max", "spread",
        "increase", "summed-by-unit-filtered", "units", "selector", "nothing-in-range",
        "unchanged", "unchanged-filtered", "unchanged-summed-by-unit", "unchanged-units",
    };

    private static SeriesQuery Shape(string name)
    {
        string[] target = ["unit", "province", "system", "level"];
        string[] unit = ["unit", "province", "level"];
        var status = new SeriesQuery("scrape", "status_code", Aggregate.Last, Now.AddMinutes(-5), Now, target, RuleSelector.Any);
        var up = new SeriesQuery("scrape", "up", Aggregate.Mean, Now.AddHours(-1), Now, unit, RuleSelector.Any);
        var overdue = new SeriesQuery("dossier", "dossier_overdue", Aggregate.Last, Now.AddMinutes(-15), Now, [], RuleSelector.Any);
        var unchanged = new SeriesQuery("dossier", "dossier_resolved_total", Aggregate.Unchanged, Now.AddMinutes(-10).AddMilliseconds(500), Now.AddSeconds(-20), [], RuleSelector.Any);
        return name switch
        {
            "unchanged" => unchanged,
            "unchanged-filtered" => unchanged with { Where = new ValueFilter("==", 1) },
            "unchanged-summed-by-unit" => unchanged with { SumBy = unit, Where = new ValueFilter(">=", 1) },
            "unchanged-units" => unchanged with { Units = ["26737", "79"] },
            "last-by-target" => status,
            "last-all-tags" => status with { GroupBy = [] },
            "mean-by-unit" => up,
            "mean-by-province-filtered" => up with { GroupBy = ["province"], Where = new ValueFilter("<", 0.97) },
            "count" => up with { Aggregate = Aggregate.Count, From = Now.AddMinutes(-7) },
            "sum" => up with { Aggregate = Aggregate.Sum },
            "min" => overdue with { Aggregate = Aggregate.Min },
            "max" => overdue with { Aggregate = Aggregate.Max },
            "spread" => overdue with { Aggregate = Aggregate.Spread },
            "increase" => overdue with { Aggregate = Aggregate.Increase },
            "summed-by-unit-filtered" => overdue with { SumBy = unit, Where = new ValueFilter(">", 20) },
            "units" => overdue with { SumBy = unit, Units = ["26737", "central"] },
            "selector" => status with { Selector = new RuleSelector([UnitLevel.Province], [], ["network"]) },
            _ => status with { From = Now.AddSeconds(-1), To = Now },
        };
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public Task the_window_answers_as_the_in_memory_source_does(string shape) => AnswersAsTheInMemorySourceAsync(shape, twoServers: false);

    // Two InfluxDB servers written alike each forward every point: the second copy of a batch arrives after the first
    // copy of the next one (late), and the window answers as if each point had come once, holding each once.
    [Theory]
    [MemberData(nameof(Shapes))]
    public Task points_delivered_by_two_servers_are_held_once_and_answer_as_delivered_once(string shape) => AnswersAsTheInMemorySourceAsync(shape, twoServers: true);

    private static async Task AnswersAsTheInMemorySourceAsync(string shape, bool twoServers)
    {
        var (window, _) = NewWindow();
        var memory = new InMemoryMetricSource();
        var body = new StringBuilder();
        var random = new Random(17);
        var series = new List<(string Measurement, Dictionary<string, string> Tags)>();
        var counters = new Dictionary<Dictionary<string, string>, double>();
        foreach (var (unit, province, level) in new[] { ("central", (string?)null, "central"), ("79", "79", "province"), ("26737", "79", "commune"), ("26740", "79", "commune"), ("01", "01", "province") })
        {
            foreach (var system in new[] { "network", "edoc" })
            {
                series.Add(("scrape", Tags(unit, system, province, level)));
            }

            for (var p = 0; p < 2; p++)
            {
                var tags = Tags(unit, "dossier", province, level);
                tags["procedure"] = "P" + p.ToString(CultureInfo.InvariantCulture);
                series.Add(("dossier", tags));
            }
        }

        // Points every 30 s for 64 minutes, shuffled (late ones are inserted in place), some fields missing.
        var points = new List<string>();
        foreach (var (measurement, tags) in series)
        {
            for (var s = 64 * 60; s >= 0; s -= 30)
            {
                var at = Now.AddSeconds(-s).AddMilliseconds(random.Next(0, 999));
                if (measurement == "scrape")
                {
                    var ok = random.NextDouble() > 0.1;
                    var code = ok ? 0 : 3;
                    memory.Add("scrape", tags, "status_code", code, at);
                    var fields = $"status_code={code}i,duration_seconds=0.01";
                    if (s % 300 != 0)
                    {
                        // every fifth minute the point lacks `up`
                        memory.Add("scrape", tags, "up", ok ? 1 : 0, at);
                        fields += $",up={(ok ? 1 : 0)}i";
                    }

                    points.Add(Line("scrape", tags, fields, at));
                }
                else if (s <= 19 * 60)
                {
                    var value = random.Next(0, 40);
                    memory.Add("dossier", tags, "dossier_overdue", value, at);
                    // Resolved counters: some never move, some move now and then, one is reset, one moves exactly at the
                    // first point of the "unchanged" span (which is no change inside it).
                    var resolved = counters.GetValueOrDefault(tags, 100);
                    var kind = series.FindIndex(x => ReferenceEquals(x.Tags, tags)) % 5;
                    resolved = kind switch
                    {
                        1 when random.NextDouble() < 0.1 => resolved + 1,
                        2 when s == 300 => 0,
                        3 when s == 570 => resolved + 5,
                        4 when s == 480 => resolved + 1,
                        _ => resolved,
                    };
                    counters[tags] = resolved;
                    memory.Add("dossier", tags, "dossier_resolved_total", resolved, at);
                    points.Add(Line("dossier", tags, $"dossier_overdue={value}i,dossier_resolved_total={resolved},dossier_note=\"x y\"", at));
                }
            }
        }

        // Points arrive shuffled (late ones are inserted in place); change trackers need them in order (a late point
        // makes them send the span to InfluxDB, tested below).
        foreach (var p in shape.StartsWith("unchanged", StringComparison.Ordinal) ? points.OrderBy(p => long.Parse(p[(p.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)) : points.OrderBy(_ => random.Next()))
        {
            body.Append(p);
        }

        var result = Ingest(window, body.ToString());
        Assert.Equal(points.Count, result.Stored);
        Assert.Equal(0, result.Rejected);
        if (twoServers)
        {
            var once = window.PointCount;
            (window, _) = NewWindow();
            var lines = body.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            string[][] batches = [.. lines.Chunk(40)];
            for (var b = 0; b <= batches.Length; b++)
            {
                if (b < batches.Length)
                {
                    Ingest(window, string.Join('\n', batches[b]) + "\n");
                }

                if (b > 0)
                {
                    var repeat = Ingest(window, string.Join('\n', batches[b - 1]) + "\n");
                    Assert.Equal(batches[b - 1].Length, repeat.Stored);
                }
            }

            Assert.Equal(once, window.PointCount);
        }

        window.AssumeCompleteSince(Now.AddHours(-2));
        var query = Shape(shape);

        var expected = Normalise(await memory.QueryAsync(query, CancellationToken.None));
        var actual = Normalise(Answer(window, query));

        Assert.Equal(expected, actual);
        if (shape != "nothing-in-range")
        {
            Assert.NotEmpty(actual);
        }
    }

    [Fact]
    public void a_second_write_at_the_same_time_overwrites_the_fields_it_carries_and_keeps_the_others()
    {
        var (window, _) = NewWindow();
        var tags = Tags("26737", "edoc");
        Ingest(window, Line("scrape", tags, "status_code=0i,up=1i", Now.AddSeconds(-10)) + Line("scrape", tags, "status_code=3i", Now.AddSeconds(-10)));
        window.AssumeCompleteSince(Now.AddHours(-1));

        var status = Answer(window, new SeriesQuery("scrape", "status_code", Aggregate.Count, Now.AddMinutes(-1), Now, [], RuleSelector.Any));
        var last = Answer(window, new SeriesQuery("scrape", "status_code", Aggregate.Last, Now.AddMinutes(-1), Now, [], RuleSelector.Any));
        var up = Answer(window, new SeriesQuery("scrape", "up", Aggregate.Last, Now.AddMinutes(-1), Now, [], RuleSelector.Any));

        Assert.Equal(1, Assert.Single(status).Value);
        Assert.Equal(3, Assert.Single(last).Value);
        Assert.Equal(Now.AddSeconds(-10), Assert.Single(last).Time);
        Assert.Equal(1, Assert.Single(up).Value);
    }

    [Fact]
    public void nothing_is_answered_before_the_stream_begins_nor_for_a_range_that_starts_before_it()
    {
        var (window, clock) = NewWindow();
        var query = new SeriesQuery("scrape", "status_code", Aggregate.Last, Now.AddMinutes(-5), Now, [], RuleSelector.Any);
        Assert.False(window.TryQuery(query, out _));

        Ingest(window, Line("scrape", Tags("26737", "edoc"), "status_code=0i", Now.AddSeconds(-1)));
        Assert.Equal(Now, window.CoveredSince);
        Assert.False(window.TryQuery(query, out _)); // the last five minutes began before the stream did

        for (var i = 0; i < 10; i++)
        {
            // the stream flows on: a point every 30 s
            clock.Advance(TimeSpan.FromSeconds(30));
            Ingest(window, Line("scrape", Tags("26737", "edoc"), "status_code=3i", clock.GetUtcNow()));
        }

        Assert.Equal(Now, window.CoveredSince);
        Assert.True(window.TryQuery(query with { From = Now, To = clock.GetUtcNow() }, out var rows));
        Assert.Equal(3, Assert.Single(rows).Value);
    }

    [Fact]
    public void after_a_silence_longer_than_the_gap_the_window_starts_over()
    {
        var (window, clock) = NewWindow();
        window.AssumeCompleteSince(Now.AddHours(-1));
        Ingest(window, Line("scrape", Tags("26737", "edoc"), "status_code=0i", Now));
        var query = new SeriesQuery("scrape", "status_code", Aggregate.Last, Now.AddMinutes(-5), Now, [], RuleSelector.Any);
        Assert.True(window.TryQuery(query, out _));

        clock.Advance(Gap + TimeSpan.FromSeconds(1));
        Assert.False(window.TryQuery(query, out _)); // silent: the stream may be broken, InfluxDB is asked

        Ingest(window, Line("scrape", Tags("26737", "edoc"), "status_code=0i", clock.GetUtcNow()));
        Assert.Equal(clock.GetUtcNow(), window.CoveredSince);
        Assert.False(window.TryQuery(query with { To = clock.GetUtcNow() }, out _));
    }

    [Fact]
    public void a_range_beyond_the_horizon_and_fields_not_kept_go_to_influxdb()
    {
        var (window, _) = NewWindow();
        window.AssumeCompleteSince(Now.AddDays(-1));
        Ingest(window, Line("dossier", Tags("26737", "dossier"), "dossier_overdue=3i,dossier_received_total=9i", Now));

        Assert.True(window.TryQuery(new SeriesQuery("dossier", "dossier_overdue", Aggregate.Last, Now.AddMinutes(-20), Now, [], RuleSelector.Any), out _));
        Assert.False(window.TryQuery(new SeriesQuery("dossier", "dossier_overdue", Aggregate.Last, Now.AddMinutes(-21), Now, [], RuleSelector.Any), out _));
        Assert.False(window.TryQuery(new SeriesQuery("dossier", "dossier_received_total", Aggregate.Last, Now.AddMinutes(-5), Now, [], RuleSelector.Any), out _));
        Assert.False(window.TryQuery(new SeriesQuery("portal", "portal_sync_lag_seconds", Aggregate.Last, Now.AddMinutes(-5), Now, [], RuleSelector.Any), out _));
    }

    [Fact]
    public void points_past_the_horizon_other_measurements_and_text_only_points_are_skipped_and_bad_lines_named()
    {
        var (window, _) = NewWindow();
        var tags = Tags("26737", "dossier");
        var body = Line("dossier", tags, "dossier_overdue=1i", Now.AddMinutes(-21))
            + Line("dossier", tags, "dossier_overdue=2i", Now.AddMinutes(-1))
            + Line("edoc", tags, "edoc_queue_length=2i", Now)
            + Line("dossier", tags, "dossier_overdue=\"text\"", Now)
            + "dossier,unit=1 dossier_overdue=oops 1\n";

        var result = Ingest(window, body);

        Assert.Equal(1, result.Stored);
        Assert.Equal(3, result.Skipped);
        Assert.Equal(1, result.Rejected);
        Assert.Equal("line 5: invalid value for field 'dossier_overdue'", Assert.Single(result.Errors));
        Assert.Equal(1, window.PointCount);
    }

    [Fact]
    public void points_and_series_past_the_horizon_are_swept_away()
    {
        var (window, clock) = NewWindow();
        Ingest(window, Line("dossier", Tags("26737", "dossier"), "dossier_overdue=1i", Now) + Line("dossier", Tags("26740", "dossier"), "dossier_overdue=1i", Now));
        Assert.Equal(2, window.SeriesCount);

        clock.Advance(TimeSpan.FromMinutes(21));
        Ingest(window, Line("dossier", Tags("26740", "dossier"), "dossier_overdue=2i", clock.GetUtcNow()));

        Assert.Equal(1, window.SeriesCount);
        Assert.Equal(1, window.PointCount);
    }

    [Fact]
    public void a_late_point_of_a_change_tracked_field_sends_spans_before_it_to_influxdb()
    {
        var (window, _) = NewWindow();
        window.AssumeCompleteSince(Now.AddDays(-1));
        var tags = Tags("26737", "dossier");
        Ingest(window, Line("dossier", tags, "dossier_resolved_total=1", Now.AddMinutes(-30)) + Line("dossier", tags, "dossier_resolved_total=1", Now.AddMinutes(-20)));
        var query = new SeriesQuery("dossier", "dossier_resolved_total", Aggregate.Unchanged, Now.AddHours(-1), Now, [], RuleSelector.Any);
        Assert.Equal(1, Assert.Single(Answer(window, query)).Value);

        Ingest(window, Line("dossier", tags, "dossier_resolved_total=7", Now.AddMinutes(-25)) + Line("dossier", tags, "dossier_resolved_total=1", Now.AddMinutes(-10)));

        Assert.False(window.TryQuery(query, out _));
        Assert.True(window.TryQuery(query with { From = Now.AddMinutes(-20) }, out var after));
        Assert.Equal(1, Assert.Single(after).Value);
    }

    [Fact]
    public void a_late_point_that_repeats_the_value_then_held_or_narrows_a_change_is_placed()
    {
        var (window, _) = NewWindow();
        window.AssumeCompleteSince(Now.AddDays(-1));
        var tags = Tags("26737", "dossier");
        Ingest(window, Line("dossier", tags, "dossier_resolved_total=1", Now.AddMinutes(-30)) + Line("dossier", tags, "dossier_resolved_total=2", Now.AddMinutes(-10))
            + Line("dossier", tags, "dossier_resolved_total=2", Now.AddMinutes(-5)));
        var query = new SeriesQuery("dossier", "dossier_resolved_total", Aggregate.Unchanged, Now.AddMinutes(-20), Now, [], RuleSelector.Any);
        Assert.Equal(1, Assert.Single(Answer(window, query)).Value); // the change's earlier point (-30) is outside

        // A late point at -15 with the old value: the change now has a point on each side inside the span.
        Ingest(window, Line("dossier", tags, "dossier_resolved_total=1", Now.AddMinutes(-15)) + Line("dossier", tags, "dossier_resolved_total=2", Now.AddMinutes(-7)));

        Assert.Equal(0, Assert.Single(Answer(window, query)).Value);
        Assert.Equal(1, Assert.Single(Answer(window, query with { From = Now.AddMinutes(-12) })).Value);
    }

    [Fact]
    public void a_change_tracked_field_answers_over_days_but_not_beyond_its_horizon_nor_grouped()
    {
        var (window, _) = NewWindow();
        window.AssumeCompleteSince(Now.AddDays(-5));
        var tags = Tags("26737", "dossier");
        Ingest(window, Line("dossier", tags, "dossier_resolved_total=1", Now.AddDays(-3)) + Line("dossier", tags, "dossier_resolved_total=2", Now.AddDays(-2))
            + Line("dossier", tags, "dossier_resolved_total=2", Now.AddMinutes(-1)));
        var query = new SeriesQuery("dossier", "dossier_resolved_total", Aggregate.Unchanged, Now.AddDays(-3).AddHours(-1), Now, [], RuleSelector.Any);

        Assert.Equal(0, Assert.Single(Answer(window, query)).Value);
        Assert.Equal(1, Assert.Single(Answer(window, query with { From = Now.AddDays(-2).AddSeconds(-1) })).Value); // the change is the first point
        Assert.Equal(1, Assert.Single(Answer(window, query with { From = Now.AddDays(-2).AddHours(-1) })).Value);
        Assert.False(window.TryQuery(query with { From = Now.AddDays(-4).AddSeconds(-1) }, out _));
        Assert.False(window.TryQuery(query with { GroupBy = ["unit"] }, out _));
        Assert.Equal(0, window.PointCount); // tracked, not kept as points
    }

    [Fact]
    public void when_older_changes_were_let_go_a_span_reaching_them_goes_to_influxdb()
    {
        var (window, _) = NewWindow();
        window.AssumeCompleteSince(Now.AddDays(-1));
        var tags = Tags("26737", "dossier");
        var body = new StringBuilder();
        for (var i = 10; i >= 0; i--)
        {
            body.Append(Line("dossier", tags, $"dossier_resolved_total={10 - i}", Now.AddMinutes(-i)));
        }

        Ingest(window, body.ToString());
        var query = new SeriesQuery("dossier", "dossier_resolved_total", Aggregate.Unchanged, Now.AddMinutes(-2).AddSeconds(-30), Now, [], RuleSelector.Any);

        Assert.Equal(0, Assert.Single(Answer(window, query)).Value);
        Assert.Equal(1, Assert.Single(Answer(window, query with { From = Now.AddSeconds(-30) })).Value);
        Assert.False(window.TryQuery(query with { From = Now.AddMinutes(-20), To = Now.AddMinutes(-6).AddSeconds(-30) }, out _));
    }

    private static string[] Normalise(IReadOnlyList<SeriesValue> rows) =>
        rows.Select(r => string.Join(',', r.Tags.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value))
                + " " + Math.Round(r.Value, 9).ToString(CultureInfo.InvariantCulture) + " " + r.Time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture))
            .Order(StringComparer.Ordinal)
            .ToArray();
}
