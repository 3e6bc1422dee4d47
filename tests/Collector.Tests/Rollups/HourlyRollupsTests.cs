using System.Text;
using Supervision.Collector.Rollups;
using Supervision.Core.Domain;
using Supervision.Core.Influx;

namespace Supervision.Collector.Tests.Rollups;

public sealed class HourlyRollupsTests
{
    private static readonly DateTimeOffset Hour = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void an_hour_of_scrapes_becomes_one_part_per_unit_and_per_province_level_and_system()
    {
        var rollups = new HourlyRollups();
        rollups.Record(Targets.Dossier, Hour.AddMinutes(1), TargetStatus.Up, Totals.Dossier(received: 100, onTime: 50, late: 5, overdue: 7, inProgress: 20));
        rollups.Record(Targets.Dossier, Hour.AddMinutes(2), TargetStatus.Down, default);
        rollups.Record(Targets.Dossier, Hour.AddMinutes(3), TargetStatus.Degraded, Totals.Dossier(received: 103, onTime: 52, late: 5, overdue: 4, inProgress: 21));
        rollups.Record(Targets.Edoc, Hour.AddMinutes(1), TargetStatus.Up, Totals.Edoc(sent: 10, received: 30));
        rollups.Record(Targets.OtherCommune, Hour.AddMinutes(1), TargetStatus.Down, default);

        var lines = Write(rollups, Hour.AddMinutes(5));

        Assert.Equal(
            "summary_unit_part,collector=c0,level=commune,province=79,unit=26737 up_sum=3i,scrapes=4i,received=103,on_time=52,late=5,overdue=4,in_progress=21,docs_sent=10,docs_received=30 " + Ms(Hour),
            lines.Single(l => l.Contains("unit=26737", StringComparison.Ordinal)));
        Assert.Contains("summary_unit_part,collector=c0,level=commune,province=79,unit=26740 up_sum=0i,scrapes=1i " + Ms(Hour), lines);
        Assert.Contains("summary_availability_part,collector=c0,level=commune,province=79,system=dossier up_sum=2i,scrapes=4i " + Ms(Hour), lines);
        Assert.Contains("summary_availability_part,collector=c0,level=commune,province=79,system=edoc up_sum=1i,scrapes=1i " + Ms(Hour), lines);
        Assert.Equal(4, lines.Count);
    }

    [Fact]
    public void counters_keep_their_largest_sum_and_gauges_the_latest_scrape_even_when_scrapes_finish_out_of_order()
    {
        var rollups = new HourlyRollups();
        rollups.Record(Targets.Dossier, Hour.AddMinutes(10), TargetStatus.Up, Totals.Dossier(received: 200, onTime: 1, late: 1, overdue: 9, inProgress: 9));
        rollups.Record(Targets.Dossier, Hour.AddMinutes(5), TargetStatus.Up, Totals.Dossier(received: 150, onTime: 1, late: 1, overdue: 1, inProgress: 1));

        var line = Write(rollups, Hour.AddMinutes(11)).Single(l => l.StartsWith("summary_unit_part", StringComparison.Ordinal));

        Assert.Contains("received=200,", line, StringComparison.Ordinal);
        Assert.Contains("overdue=9,in_progress=9 ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void an_hour_is_written_again_until_its_grace_has_passed_then_forgotten()
    {
        var rollups = new HourlyRollups();
        rollups.Record(Targets.Edoc, Hour.AddMinutes(59), TargetStatus.Up, default);
        Assert.Equal(2, Write(rollups, Hour.AddMinutes(59).AddSeconds(30)).Count);

        // A scrape started before the hour's end finishing after it still counts in its own hour.
        rollups.Record(Targets.Edoc, Hour.AddMinutes(59).AddSeconds(59), TargetStatus.Up, default);
        rollups.Record(Targets.Edoc, Hour.AddHours(1).AddSeconds(5), TargetStatus.Up, default);
        var atTurn = Write(rollups, Hour.AddHours(1).AddSeconds(20));
        Assert.Contains(atTurn, l => l.Contains("up_sum=2i,scrapes=2i " + Ms(Hour), StringComparison.Ordinal));
        Assert.Contains(atTurn, l => l.Contains("up_sum=1i,scrapes=1i " + Ms(Hour.AddHours(1)), StringComparison.Ordinal));

        var lastTime = Write(rollups, Hour.AddHours(1) + HourlyRollups.CloseGrace);
        Assert.Contains(lastTime, l => l.EndsWith(" " + Ms(Hour), StringComparison.Ordinal));
        var after = Write(rollups, Hour.AddHours(1).AddMinutes(2));
        Assert.DoesNotContain(after, l => l.EndsWith(" " + Ms(Hour), StringComparison.Ordinal));
        Assert.Equal(2, after.Count);
    }

    [Fact]
    public void a_restored_hour_goes_on_counting_where_the_saved_one_stopped()
    {
        var before = new HourlyRollups();
        before.Record(Targets.Dossier, Hour.AddMinutes(1), TargetStatus.Up, Totals.Dossier(received: 100, onTime: 50, late: 5, overdue: 7, inProgress: 20));
        var saved = System.Text.Json.JsonSerializer.Deserialize<RollupHourState[]>(System.Text.Json.JsonSerializer.Serialize(before.Save()))!;

        var after = new HourlyRollups();
        after.Restore(saved);
        after.Record(Targets.Dossier, Hour.AddMinutes(2), TargetStatus.Up, Totals.Dossier(received: 90, onTime: 51, late: 5, overdue: 6, inProgress: 20));

        var line = Write(after, Hour.AddMinutes(3)).Single(l => l.StartsWith("summary_unit_part", StringComparison.Ordinal));
        Assert.Contains("up_sum=2i,scrapes=2i,received=100,on_time=51,late=5,overdue=6,in_progress=20 ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void hour_start_is_the_utc_hour_of_the_instant()
    {
        Assert.Equal(Hour.ToUnixTimeMilliseconds(), HourlyRollups.HourStart(Hour.AddMinutes(59).AddSeconds(59.999)));
        Assert.Equal(Hour.ToUnixTimeMilliseconds(), HourlyRollups.HourStart(Hour));
    }

    private static string Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static List<string> Write(HourlyRollups rollups, DateTimeOffset now)
    {
        var lines = new LineProtocolBuilder();
        rollups.WriteTo(lines, now, "c0");
        return Encoding.UTF8.GetString(lines.WrittenMemory.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
