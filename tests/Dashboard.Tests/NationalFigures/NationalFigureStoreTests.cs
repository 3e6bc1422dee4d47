using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Messages;
using Supervision.Dashboard.Live;

namespace Supervision.Dashboard.Tests.NationalFigures;

public sealed class NationalFigureStoreTests
{
    // 10:00 in Vietnam, Monday 7 December 2026.
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 12, 7);

    private static FigureReport Report(string collector, DateTimeOffset at, double documents, double resolved, double overdue, DateOnly? day = null) =>
        new(collector, at, day ?? Today, documents, resolved, overdue, 10, 10);

    [Fact]
    public void before_any_report_the_figures_say_why_they_are_missing()
    {
        var figures = new NationalFigureStore(new FakeTimeProvider(Now)).Current();

        Assert.Equal((null, null, null), (figures.DocumentsPerMinute, figures.DossiersResolvedToday, figures.OverdueDossiers));
        Assert.NotNull(figures.Stale);
        Assert.Null(figures.Stale.Since);
        Assert.Contains("no collector", figures.Stale.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void the_parts_of_every_collector_add_up_and_are_current_while_each_reported_lately()
    {
        var time = new FakeTimeProvider(Now);
        var store = new NationalFigureStore(time);
        store.Apply(Report("c0", Now.AddSeconds(-4), 100, 1000, 30));
        store.Apply(Report("c1", Now.AddSeconds(-2), 50, 500, 20));
        store.Apply(Report("c1", Now.AddSeconds(-10), 1, 1, 1));

        var figures = store.Current();

        Assert.Equal((150.0, 1500.0, 50.0), (figures.DocumentsPerMinute!.Value, figures.DossiersResolvedToday!.Value, figures.OverdueDossiers!.Value));
        Assert.Equal(Now.AddSeconds(-4), figures.At);
        Assert.Null(figures.Stale);
    }

    [Fact]
    public void a_silent_collector_keeps_its_last_part_marks_the_figures_stale_by_name_and_is_dropped_after_an_hour()
    {
        var time = new FakeTimeProvider(Now);
        var store = new NationalFigureStore(time);
        store.Apply(Report("c0", Now, 100, 1000, 30));
        store.Apply(Report("c1", Now, 50, 500, 20));
        time.Advance(TimeSpan.FromSeconds(30));
        store.Apply(Report("c1", time.GetUtcNow(), 60, 510, 21));

        var stale = store.Current();
        Assert.Equal(160, stale.DocumentsPerMinute);
        Assert.Equal(Now, stale.Stale!.Since);
        Assert.Contains("c0", stale.Stale.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("c1", stale.Stale.Reason, StringComparison.Ordinal);

        time.Advance(TimeSpan.FromMinutes(61));
        store.Apply(Report("c1", time.GetUtcNow(), 70, 520, 22));
        var later = store.Current();
        Assert.Equal(70, later.DocumentsPerMinute);
        Assert.Null(later.Stale);
    }

    [Fact]
    public void resolved_today_counts_only_parts_of_todays_vietnam_day()
    {
        var time = new FakeTimeProvider(Now);
        var store = new NationalFigureStore(time);
        store.Apply(Report("c0", Now, 1, 900, 1, Today.AddDays(-1)));
        store.Apply(Report("c1", Now, 1, 40, 1));

        Assert.Equal(40, store.Current().DossiersResolvedToday);
    }

    [Fact]
    public void the_documents_history_keeps_a_point_per_minute_for_an_hour()
    {
        var time = new FakeTimeProvider(Now);
        var store = new NationalFigureStore(time);
        for (var minute = 0; minute < 90; minute++)
        {
            store.Apply(Report("c0", time.GetUtcNow(), minute, 0, 0));
            time.Advance(TimeSpan.FromSeconds(30));
            store.Apply(Report("c0", time.GetUtcNow(), minute + 0.5, 0, 0));
            time.Advance(TimeSpan.FromSeconds(30));
        }

        var history = store.DocumentsHistory();
        Assert.Equal(61, history.Count);
        Assert.Equal(89.5, history[^1].Value);
        Assert.Equal(Now.AddMinutes(89), history[^1].Minute);
    }
}
