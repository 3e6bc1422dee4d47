using Microsoft.Extensions.Time.Testing;
using Supervision.Dashboard.Reports;

namespace Supervision.Dashboard.Tests.Reports;

/// <summary>When reports fall due, in Vietnam time (UTC+7), driven by a fake clock.</summary>
public sealed class ReportScheduleTests
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    // Long before every period in these tests: nothing is held back as "older than the install".
    private static readonly DateTimeOffset LongAgo = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ReportSchedule Schedule(string weekly = "0 0 7 ? * MON", string monthly = "0 0 7 1 * ?", params string[] scopes) =>
        new(new ReportOptions
        {
            WeeklyCron = weekly,
            MonthlyCron = monthly,
            Recipients = (scopes.Length == 0 ? ["national"] : scopes).ToDictionary(s => s, _ => new[] { "lanh-dao@example.vn" }, StringComparer.OrdinalIgnoreCase),
            CatchUpPeriods = 2,
        });

    private static IReadOnlyList<ReportDue> DueAt(ReportSchedule schedule, FakeTimeProvider clock, DateTimeOffset? since = null) =>
        schedule.Due(clock.GetUtcNow(), since ?? LongAgo);

    [Fact]
    public void last_weeks_report_falls_due_on_monday_at_the_configured_hour_in_vietnam_time()
    {
        var schedule = Schedule(monthly: string.Empty);
        // Monday 7 December 2026, 06:59 in Vietnam = Sunday 23:59 UTC.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 6, 59, 0, Vietnam));
        var before = DueAt(schedule, clock);
        // Only the week before last is due (its Monday 07:00 has passed); last week waits for 07:00.
        Assert.Equal(["weekly-2026-11-23-national"], before.Select(d => d.Id));

        clock.Advance(TimeSpan.FromMinutes(1));
        var due = DueAt(schedule, clock).Single(d => d.Id == "weekly-2026-11-30-national");

        Assert.Equal(new DateTimeOffset(2026, 12, 7, 7, 0, 0, Vietnam), due.DueAt);
        // The week runs Monday 00:00 to Monday 00:00 in Vietnam (Sunday 17:00 UTC), compared with the week before.
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 0, 0, 0, Vietnam), due.Window.Start);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 0, 0, 0, Vietnam), due.Window.End);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, Vietnam), due.Window.PreviousStart);
        Assert.Equal(due.Window.Start, due.Window.PreviousEnd);
        Assert.Equal(DayOfWeek.Monday, due.Window.Start.ToOffset(Vietnam).DayOfWeek);
    }

    [Fact]
    public void a_week_in_progress_is_never_due_even_when_the_cron_fires_daily()
    {
        var schedule = Schedule(weekly: "0 0 7 * * ?", monthly: string.Empty);
        // Sunday 6 December 2026, 23:30 in Vietnam: the week of 30 November has not ended.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 23, 30, 0, Vietnam));
        Assert.DoesNotContain(DueAt(schedule, clock), d => d.Id.StartsWith("weekly-2026-11-30", StringComparison.Ordinal));
        Assert.Contains(DueAt(schedule, clock), d => d.Id == "weekly-2026-11-23-national");

        // Monday 07:00 is the daily cron's first firing after the week's end.
        clock.Advance(TimeSpan.FromHours(7.5));
        Assert.Contains(DueAt(schedule, clock), d => d.Id == "weekly-2026-11-30-national");
    }

    [Fact]
    public void a_month_ends_at_midnight_in_vietnam_while_it_is_still_the_last_day_in_utc()
    {
        var schedule = Schedule(weekly: string.Empty, monthly: "0 0 0 1 * ?");
        // 30 November 2026, 16:59 UTC = 23:59 in Vietnam: November is not over.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 16, 59, 0, TimeSpan.Zero));
        Assert.DoesNotContain(DueAt(schedule, clock), d => d.Id == "monthly-2026-11-national");

        // One minute later it is 1 December in Vietnam, still 30 November in UTC.
        clock.Advance(TimeSpan.FromMinutes(1));
        var due = DueAt(schedule, clock).Single(d => d.Id == "monthly-2026-11-national");

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, Vietnam), due.Window.Start);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, Vietnam), due.Window.End);
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 0, 0, 0, Vietnam), due.Window.PreviousStart);
        Assert.Equal(30, (due.Window.End - due.Window.Start).TotalDays);
        Assert.Equal(31, (due.Window.PreviousEnd - due.Window.PreviousStart).TotalDays);
    }

    [Fact]
    public void february_and_the_turn_of_the_year_have_their_own_lengths()
    {
        var schedule = Schedule(weekly: string.Empty);
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 1, 1, 7, 0, 0, Vietnam));
        var december = DueAt(schedule, clock).Single(d => d.Id == "monthly-2026-12-national");
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, Vietnam), december.Window.Start);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, Vietnam), december.Window.PreviousStart);

        clock.SetUtcNow(new DateTimeOffset(2027, 3, 1, 7, 0, 0, Vietnam));
        var february = DueAt(schedule, clock).Single(d => d.Id == "monthly-2027-02-national");
        Assert.Equal(28, (february.Window.End - february.Window.Start).TotalDays);
    }

    [Fact]
    public void every_scope_gets_its_report_national_first_and_periods_older_than_the_install_are_not_sent()
    {
        var schedule = Schedule("0 0 7 ? * MON", string.Empty, "79", "national", "01");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 8, 0, 0, Vietnam));

        var all = DueAt(schedule, clock);
        Assert.Equal(
            ["weekly-2026-11-23-national", "weekly-2026-11-23-01", "weekly-2026-11-23-79", "weekly-2026-11-30-national", "weekly-2026-11-30-01", "weekly-2026-11-30-79"],
            all.Select(d => d.Id));

        // Installed on Wednesday 2 December: the week that ended on 30 November is older, last week is not.
        var since = new DateTimeOffset(2026, 12, 2, 10, 0, 0, Vietnam);
        Assert.Equal(["weekly-2026-11-30-national", "weekly-2026-11-30-01", "weekly-2026-11-30-79"], DueAt(schedule, clock, since).Select(d => d.Id));
    }

    [Fact]
    public void the_next_firing_is_reported_in_vietnam_time()
    {
        var schedule = Schedule();
        var next = schedule.Next(new DateTimeOffset(2026, 12, 7, 8, 0, 0, Vietnam));
        Assert.Equal(new DateTimeOffset(2026, 12, 14, 7, 0, 0, Vietnam), next);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 7, 0, 0, Vietnam), schedule.Next(new DateTimeOffset(2026, 12, 31, 8, 0, 0, Vietnam)));
    }
}
