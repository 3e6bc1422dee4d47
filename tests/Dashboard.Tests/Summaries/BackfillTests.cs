using System.Globalization;
using Supervision.Core.Influx;
using Supervision.Core.Influx.Backfill;
using Supervision.Dashboard.Summaries.Backfill;
using Supervision.Testing;

namespace Supervision.Dashboard.Tests.Summaries;

/// <summary>The back-fill's reading of the setup file, its bucket arithmetic and its arguments (no InfluxDB needed).</summary>
public sealed class BackfillTests
{
    private static readonly IReadOnlyList<ContinuousQueryDefinition> Setup =
        ContinuousQueryDefinition.Parse(File.ReadAllLines(RepoPaths.Combine("scripts", "influxdb-setup.iql")), "influxdb-setup.iql");

    [Fact]
    public void every_summary_query_of_the_setup_is_read_with_its_bucket_grid()
    {
        var summary = Setup.Where(q => q.Name.StartsWith(SummaryBackfill.Prefix, StringComparison.Ordinal)).ToList();

        Assert.Equal(4 + 6 + 24 + 24, summary.Count);
        var day17 = summary.Single(q => q.Name == "cq_summary_unit_day_h17");
        Assert.Equal((TimeSpan.FromDays(1), TimeSpan.FromHours(17)), (day17.Interval, day17.Offset));
        var edge3 = summary.Single(q => q.Name == "cq_summary_edge_6h_p3");
        Assert.Equal((TimeSpan.FromHours(6), TimeSpan.FromHours(3)), (edge3.Interval, edge3.Offset));
        // The 1-hour roll-ups come first in the file: the read-outs chained from them are filled after them.
        Assert.True(summary.FindIndex(q => q.Name == "cq_summary_unit_parts_late_1h") < summary.FindIndex(q => q.Name == "cq_summary_edge_6h_p0"));
    }

    [Theory]
    [InlineData("2026-11-30T10:30:00Z", "2026-11-29T17:00:00Z", "2026-11-30T17:00:00Z")]
    [InlineData("2026-11-30T17:00:00Z", "2026-11-30T17:00:00Z", "2026-11-30T17:00:00Z")]
    [InlineData("1969-12-31T16:00:00Z", "1969-12-30T17:00:00Z", "1969-12-31T17:00:00Z")]
    public void buckets_follow_influxdbs_grid_of_interval_and_offset(string at, string before, string after)
    {
        var day17 = Setup.Single(q => q.Name == "cq_summary_availability_day_h17");
        var instant = DateTimeOffset.Parse(at, CultureInfo.InvariantCulture);

        Assert.Equal(DateTimeOffset.Parse(after, CultureInfo.InvariantCulture), day17.BucketAtOrAfter(instant));
        Assert.Equal(DateTimeOffset.Parse(before, CultureInfo.InvariantCulture), day17.BucketAtOrBefore(instant));
    }

    [Fact]
    public void the_range_goes_into_the_body_and_the_database_is_renamed()
    {
        var parts = Setup.Single(q => q.Name == "cq_summary_availability_parts_1h");
        var edge = Setup.Single(q => q.Name == "cq_summary_edge_6h_p0");
        var (from, to) = (new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero));

        Assert.Contains("FROM \"supervision\".\"raw\".\"summary_availability_part\" WHERE time >= '2026-11-01T00:00:00Z' AND time < '2026-11-02T00:00:00Z' GROUP BY", parts.Over(from, to, "supervision"), StringComparison.Ordinal);
        var renamed = edge.Over(from, to, "other");
        Assert.Contains("INTO \"other\".\"hourly\".\"summary_unit_edge\" FROM \"other\".\"hourly\".\"summary_unit\" WHERE time >= '2026-11-01T00:00:00Z' AND time < '2026-11-02T00:00:00Z' GROUP BY time(6h)", renamed, StringComparison.Ordinal);
        Assert.DoesNotContain("supervision", renamed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task only_whole_buckets_inside_the_range_are_run_a_day_at_a_time_oldest_first()
    {
        var statements = new List<string>();
        var queries = Setup.Where(q => q.Name is "cq_summary_edge_6h_p1" or "cq_summary_unit_day_h17").ToList();
        var steps = await SummaryBackfill.RunAsync((q, _) =>
        {
            statements.Add(q);
            return Task.CompletedTask;
        }, queries, new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 4, 2, 0, 0, TimeSpan.Zero), "supervision", null, default);

        // 6-hour buckets at 1, 7, 13, 19 h: from 13:00 on the 1st to 01:00 on the 4th, in day chunks.
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 13, 0, 0, TimeSpan.Zero), steps[0].From);
        Assert.Equal(new DateTimeOffset(2026, 11, 4, 1, 0, 0, TimeSpan.Zero), steps[0].To);
        Assert.Equal(3, steps[0].Statements);
        // Days cut at 17:00: [1st 17:00, 3rd 17:00), two whole days.
        Assert.Equal((new DateTimeOffset(2026, 11, 1, 17, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 3, 17, 0, 0, TimeSpan.Zero), 2), (steps[1].From, steps[1].To, steps[1].Statements));
        Assert.Equal(5, statements.Count);
        Assert.Contains("time >= '2026-11-01T13:00:00Z' AND time < '2026-11-02T13:00:00Z'", statements[0], StringComparison.Ordinal);
        Assert.Contains("time >= '2026-11-03T13:00:00Z' AND time < '2026-11-04T01:00:00Z'", statements[2], StringComparison.Ordinal);
    }

    [Fact]
    public void a_line_that_is_not_a_readable_continuous_query_is_named()
    {
        var error = Assert.Throws<FormatException>(() => ContinuousQueryDefinition.Parse(
            ["-- comment", "CREATE CONTINUOUS QUERY \"x\" ON \"supervision\" BEGIN SELECT mean(v) INTO a FROM b END"], "setup.iql"));

        Assert.StartsWith("setup.iql:2:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--from", "2026-11-01" }, "give --from and --to")]
    [InlineData(new[] { "--from", "2026-11-02", "--to", "2026-11-01" }, "give --from and --to")]
    [InlineData(new[] { "--from", "yesterday", "--to", "2026-11-01" }, "'--from yesterday'")]
    [InlineData(new[] { "--from", "2026-11-01", "--to", "2026-11-02", "--setup", "missing.iql" }, "missing.iql: no such file")]
    public async Task bad_arguments_exit_2_with_the_reason(string[] args, string reason)
    {
        using var http = new HttpClient();
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);

        var exit = await BackfillSummariesCommand.RunAsync(args, new InfluxOptions(), http, TimeProvider.System, output, error, default);

        Assert.Equal(2, exit);
        Assert.Contains(reason, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_unreachable_influxdb_exits_1_naming_the_query_and_range()
    {
        using var http = new HttpClient();
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var influx = new InfluxOptions { Url = $"http://127.0.0.1:{FreePort.Next()}", Timeout = TimeSpan.FromSeconds(5) };

        var exit = await BackfillSummariesCommand.RunAsync(
            ["--from", "2026-11-01T00:00Z", "--to", "2026-11-02T00:00Z", "--setup", RepoPaths.Combine("scripts", "influxdb-setup.iql")], influx, http, TimeProvider.System, output, error, default);

        Assert.Equal(1, exit);
        Assert.Contains("cq_summary_unit_parts_1h (setup line", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("[2026-11-01 00:00:00Z, 2026-11-02 00:00:00Z)", error.ToString(), StringComparison.Ordinal);
    }
}
