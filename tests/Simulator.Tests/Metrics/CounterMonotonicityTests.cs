using System.Text;
using Microsoft.Extensions.Time.Testing;
using Supervision.Core.Buffers;
using Supervision.Core.Calendar;
using Supervision.Simulator.Faults;
using Supervision.Simulator.Fleet;
using Supervision.Simulator.Metrics;
using Supervision.Simulator.Tests.Support;

namespace Supervision.Simulator.Tests.Metrics;

/// <summary>Counters over days of simulated time, with faults starting and ending (no HTTP: the renderer directly).</summary>
public sealed class CounterMonotonicityTests
{
    private sealed class Rig
    {
        public Rig(long seed = 42)
        {
            Time = new FakeTimeProvider(SimulatorHost.WorkdayMorning);
            Fleet = new SimulatedFleet(TestInventories.Small(), seed, new DayCurve(WorkingCalendar.WeekendsOnly));
            Faults = new FaultStore(Fleet, Time);
            Renderer = new MetricsRenderer(Fleet, Faults);
        }

        public FakeTimeProvider Time { get; }

        public SimulatedFleet Fleet { get; }

        public FaultStore Faults { get; }

        public MetricsRenderer Renderer { get; }

        public string Render(TargetProfile p, ExpositionFormat format = ExpositionFormat.Prometheus)
        {
            var now = Time.GetUtcNow();
            using var buffer = new PooledBuffer();
            Renderer.Render(p, now, Faults.EffectsFor(p.Index, now), format, buffer);
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
    }

    private static FaultSpec Spec(FaultKind kind, string? unit = null, string? system = null, TimeSpan? duration = null, double factor = 0.2) =>
        new(new FaultSelector(unit, null, system), kind, duration, new FaultParameters(Factor: factor));

    [Fact]
    public void counters_never_decrease_over_nine_days_while_drops_and_stalls_come_and_go()
    {
        var rig = new Rig();
        var last = new Dictionary<string, double>(StringComparer.Ordinal);
        var checkedSeries = 0;
        string? dropId = null;
        for (var step = 0; step < 9 * 24 * 60 / 37; step++)
        {
            switch (step % 40)
            {
                case 3:
                    dropId = rig.Faults.Add(Spec(FaultKind.Drop, system: "opsmgmt"))!.Id;
                    rig.Faults.Add(Spec(FaultKind.Stall, system: "dossier", duration: TimeSpan.FromHours(5)));
                    rig.Faults.Add(Spec(FaultKind.Drop, unit: "79", duration: TimeSpan.FromHours(3), factor: 0));
                    break;
                case 20:
                    rig.Faults.Remove(dropId!);
                    break;
                default:
                    break;
            }

            foreach (var p in rig.Fleet.Profiles)
            {
                foreach (var s in ExpositionChecker.Check(rig.Render(p), openMetrics: false))
                {
                    if (!IsCumulative(s))
                    {
                        continue;
                    }

                    var key = p.Target.Id + " " + s.Series;
                    if (last.TryGetValue(key, out var previous))
                    {
                        Assert.True(s.Value >= previous, $"{key} went from {previous} to {s.Value} at {rig.Time.GetUtcNow():u}");
                        checkedSeries++;
                    }

                    last[key] = s.Value;
                }
            }

            rig.Time.Advance(TimeSpan.FromMinutes(37));
        }

        Assert.True(checkedSeries > 10_000);
    }

    [Fact]
    public void the_same_seed_and_clock_give_the_same_bytes_and_another_seed_differs()
    {
        var a = new Rig(7);
        var b = new Rig(7);
        var c = new Rig(8);
        var p = a.Fleet.Profiles[0];
        Assert.Equal(a.Render(a.Fleet.Profiles[3]), b.Render(b.Fleet.Profiles[3]));
        Assert.Equal(a.Render(p, ExpositionFormat.OpenMetrics), b.Render(b.Fleet.Profiles[0], ExpositionFormat.OpenMetrics));
        Assert.NotEqual(a.Render(p), c.Render(c.Fleet.Profiles[0]));
    }

    [Fact]
    public void weekdays_are_busy_in_office_hours_and_quiet_at_night_and_at_weekends()
    {
        var curve = new DayCurve(WorkingCalendar.WeekendsOnly);
        var wednesday10 = SimulatorHost.WorkdayMorning;
        var wednesday02 = wednesday10.AddHours(-8);
        var saturday10 = wednesday10.AddDays(3);
        Assert.True(curve.Activity(wednesday10) > 0.8);
        Assert.True(curve.Activity(wednesday02) < 0.1);
        Assert.True(curve.Activity(saturday10) < 0.1);
        var workday = curve.Cumulative(wednesday10.AddHours(14)) - curve.Cumulative(wednesday10.AddHours(-10));
        var saturday = curve.Cumulative(saturday10.AddHours(14)) - curve.Cumulative(saturday10.AddHours(-10));
        Assert.True(workday > 8 * saturday, $"workday {workday} vs saturday {saturday}");
    }

    [Fact]
    public void holidays_of_the_working_calendar_are_quiet()
    {
        var holiday = new DateOnly(2026, 9, 2);
        var calendar = new WorkingCalendar([new CalendarDay(holiday, CalendarDayKind.DayOff, "Quốc khánh", "holiday")], WorkingCalendar.DefaultDayStart, WorkingCalendar.DefaultDayEnd);
        var curve = new DayCurve(calendar);
        Assert.True(curve.Activity(new DateTimeOffset(2026, 9, 2, 10, 0, 0, VietnamTime.Offset)) < 0.1);
        Assert.True(curve.Activity(new DateTimeOffset(2026, 9, 3, 10, 0, 0, VietnamTime.Offset)) > 0.8);
    }

    [Fact]
    public void every_layout_has_as_many_values_as_series()
    {
        var rig = new Rig();
        foreach (var p in rig.Fleet.Profiles)
        {
            var text = rig.Render(p);
            var layout = rig.Renderer.LayoutOf(p, ExpositionFormat.Prometheus);
            Assert.Equal(layout.SlotCount, ExpositionChecker.Check(text, openMetrics: false).Count);
        }
    }

    [Fact]
    public void rendering_a_scrape_allocates_nothing_once_warm()
    {
        var rig = new Rig();
        rig.Faults.Add(Spec(FaultKind.Drop, unit: "26737"));
        rig.Faults.Add(Spec(FaultKind.Stall, system: "dossier"));
        using var buffer = new PooledBuffer(16384);
        var profiles = rig.Fleet.Profiles;
        void RenderAll()
        {
            var now = rig.Time.GetUtcNow();
            for (var i = 0; i < profiles.Count; i++)
            {
                var p = profiles[i];
                buffer.Truncate(0);
                rig.Renderer.Render(p, now, rig.Faults.EffectsFor(p.Index, now), ExpositionFormat.Prometheus, buffer);
                buffer.Truncate(0);
                rig.Renderer.Render(p, now, rig.Faults.EffectsFor(p.Index, now), ExpositionFormat.OpenMetrics, buffer);
            }
        }

        RenderAll();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 50; i++)
        {
            RenderAll();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static bool IsCumulative(CheckedSample s) =>
        s.Name.EndsWith("_total", StringComparison.Ordinal) || s.Name.EndsWith("_count", StringComparison.Ordinal)
        || s.Name.EndsWith("_sum", StringComparison.Ordinal) || s.Name.EndsWith("_bucket", StringComparison.Ordinal);
}
