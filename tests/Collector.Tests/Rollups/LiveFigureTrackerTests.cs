using Supervision.Collector.Rollups;

namespace Supervision.Collector.Tests.Rollups;

public sealed class LiveFigureTrackerTests
{
    // 10:00 in Vietnam.
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void documents_per_minute_adds_the_increases_of_scrapes_in_the_last_minute_over_targets_and_channels()
    {
        var tracker = new LiveFigureTracker();
        tracker.Record(Targets.Edoc, T0, Totals.Edoc(sent: 100, received: 0));
        tracker.Record(Targets.Edoc, T0.AddSeconds(15), Totals.Edoc(sent: 110, received: 0));
        tracker.Record(Targets.OtherEdoc, T0.AddSeconds(20), Totals.Edoc(sent: 5, received: 0));
        tracker.Record(Targets.OtherEdoc, T0.AddSeconds(35), Totals.Edoc(sent: 8, received: 0));
        tracker.Record(Targets.Edoc, T0.AddSeconds(30), Totals.Edoc(sent: 130, received: 0));

        Assert.Equal(33, tracker.Report("c", T0.AddSeconds(40)).DocumentsPerMinute);
        // A minute later only the increases seen after T0 + 30 s are in the window (one at T0 + 35 s).
        Assert.Equal(3, tracker.Report("c", T0.AddSeconds(90)).DocumentsPerMinute);
        Assert.Equal(0, tracker.Report("c", T0.AddSeconds(200)).DocumentsPerMinute);
        Assert.Equal(2, tracker.Report("c", T0.AddSeconds(40)).EdocTargets);
    }

    [Fact]
    public void a_counter_that_goes_down_was_reset_and_counts_from_zero()
    {
        var tracker = new LiveFigureTracker();
        tracker.Record(Targets.Edoc, T0, Totals.Edoc(sent: 100, received: 0));
        tracker.Record(Targets.Edoc, T0.AddSeconds(15), Totals.Edoc(sent: 4, received: 0));

        Assert.Equal(4, tracker.Report("c", T0.AddSeconds(20)).DocumentsPerMinute);
    }

    [Fact]
    public void resolved_today_counts_increases_between_scrapes_both_made_since_vietnams_midnight()
    {
        var midnight = new DateTimeOffset(2026, 12, 7, 17, 0, 0, TimeSpan.Zero);
        var tracker = new LiveFigureTracker();
        tracker.Record(Targets.Dossier, midnight.AddSeconds(-30), Totals.Dossier(received: 0, onTime: 10, late: 1, overdue: 3, inProgress: 0));
        tracker.Record(Targets.Dossier, midnight.AddSeconds(-15), Totals.Dossier(received: 0, onTime: 12, late: 1, overdue: 3, inProgress: 0));
        Assert.Equal(2, tracker.Report("c", midnight.AddSeconds(-1)).DossiersResolvedToday);

        // Yesterday's last scrape to today's first belongs to neither day; then today counts.
        tracker.Record(Targets.Dossier, midnight.AddSeconds(1), Totals.Dossier(received: 0, onTime: 20, late: 1, overdue: 3, inProgress: 0));
        Assert.Equal(0, tracker.Report("c", midnight.AddSeconds(2)).DossiersResolvedToday);
        tracker.Record(Targets.Dossier, midnight.AddSeconds(16), Totals.Dossier(received: 0, onTime: 21, late: 3, overdue: 3, inProgress: 0));
        var report = tracker.Report("c", midnight.AddSeconds(17));
        Assert.Equal(3, report.DossiersResolvedToday);
        Assert.Equal(new DateOnly(2026, 12, 8), report.Day);

        // Read after the next midnight with no scrape of the new day yet: nothing resolved today.
        Assert.Equal(0, tracker.Report("c", midnight.AddDays(1).AddSeconds(1)).DossiersResolvedToday);
    }

    [Fact]
    public void overdue_sums_the_latest_gauge_of_targets_scraped_in_the_last_two_minutes()
    {
        var tracker = new LiveFigureTracker();
        tracker.Record(Targets.Dossier, T0, Totals.Dossier(received: 0, onTime: 0, late: 0, overdue: 7, inProgress: 0));
        tracker.Record(Targets.OtherCommune, T0.AddSeconds(10), Totals.Dossier(received: 0, onTime: 0, late: 0, overdue: 5, inProgress: 0));
        tracker.Record(Targets.Dossier, T0.AddSeconds(15), Totals.Dossier(received: 0, onTime: 0, late: 0, overdue: 9, inProgress: 0));

        Assert.Equal(14, tracker.Report("c", T0.AddSeconds(20)).OverdueDossiers);
        Assert.Equal(9, tracker.Report("c", T0.AddSeconds(131)).OverdueDossiers);
        Assert.Equal(2, tracker.Report("c", T0.AddSeconds(20)).DossierTargets);
    }

    [Fact]
    public void a_restored_tracker_counts_the_increase_across_the_restart()
    {
        var before = new LiveFigureTracker();
        before.Record(Targets.Dossier, T0, Totals.Dossier(received: 0, onTime: 10, late: 0, overdue: 0, inProgress: 0));
        before.Record(Targets.Dossier, T0.AddSeconds(15), Totals.Dossier(received: 0, onTime: 15, late: 0, overdue: 0, inProgress: 0));
        var saved = System.Text.Json.JsonSerializer.Deserialize<LiveFigureState>(System.Text.Json.JsonSerializer.Serialize(before.Save()))!;

        var after = new LiveFigureTracker();
        after.Restore(saved);
        after.Record(Targets.Dossier, T0.AddMinutes(3), Totals.Dossier(received: 0, onTime: 25, late: 0, overdue: 0, inProgress: 0));

        Assert.Equal(15, after.Report("c", T0.AddMinutes(3)).DossiersResolvedToday);
    }
}
