using Supervision.Dashboard.PublicStatus;

namespace Supervision.Dashboard.Tests.PublicStatus;

public sealed class IncidentTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void an_interruption_runs_from_the_down_states_start_to_the_next_states_start_and_short_ones_are_not_listed()
    {
        var tracker = new IncidentTracker(TimeSpan.FromDays(7));
        var shortest = TimeSpan.FromMinutes(2);
        tracker.Observe("79", StatusPageModel.Portal, true, T0, T0.AddSeconds(30));
        Assert.Empty(tracker.Current(T0.AddSeconds(30), shortest)); // 30 s so far
        Assert.Equal(new TrackedIncident("79", StatusPageModel.Portal, T0, null), Assert.Single(tracker.Current(T0.AddMinutes(3), shortest)));

        // Unknown (stale) neither ends nor restarts it; working again ends it at that state's own start.
        tracker.Observe("79", StatusPageModel.Portal, null, T0.AddMinutes(4), T0.AddMinutes(4));
        tracker.Observe("79", StatusPageModel.Portal, true, T0.AddMinutes(1), T0.AddMinutes(5));
        tracker.Observe("79", StatusPageModel.Portal, false, T0.AddMinutes(6), T0.AddMinutes(7));
        // A blip of 40 s on the dossier system: counted by the availability, not listed.
        tracker.Observe("01", StatusPageModel.Dossier, true, T0.AddMinutes(8), T0.AddMinutes(8));
        tracker.Observe("01", StatusPageModel.Dossier, false, T0.AddMinutes(8).AddSeconds(40), T0.AddMinutes(9));

        Assert.Equal(new TrackedIncident("79", StatusPageModel.Portal, T0, T0.AddMinutes(6)), Assert.Single(tracker.Current(T0.AddMinutes(10), shortest)));
        Assert.Equal(2, tracker.Current(T0.AddMinutes(10), TimeSpan.Zero).Count);
        // Seven days after they ended they are gone.
        Assert.Empty(tracker.Current(T0.AddMinutes(9).AddDays(7), TimeSpan.Zero));
    }

    [Fact]
    public void incidents_read_as_plain_vietnamese_sentences()
    {
        Assert.Equal("Cổng dịch vụ công tỉnh Cao Bằng gián đoạn từ 09:12 đến 09:40 ngày 07/12/2026 (28 phút).",
            StatusPageText.Incident(StatusPageModel.Portal, "Tỉnh Cao Bằng", T0.AddMinutes(12), T0.AddMinutes(40)));
        Assert.Equal("Hệ thống giải quyết thủ tục hành chính thành phố Huế gián đoạn từ 23:50 ngày 06/12/2026 đến 01:05 ngày 07/12/2026 (1 giờ 15 phút).",
            StatusPageText.Incident(StatusPageModel.Dossier, "Thành phố Huế", T0.AddHours(-9).AddMinutes(-10), T0.AddHours(-8).AddMinutes(5)));
        Assert.Equal("99,9%", StatusPageText.Percent(0.99999));
        Assert.Equal("chưa có số liệu", StatusPageText.Percent(null));
    }
}
