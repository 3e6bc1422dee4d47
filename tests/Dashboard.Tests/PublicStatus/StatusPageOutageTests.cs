using Supervision.Core.Messages;
using Supervision.Dashboard.PublicStatus;

namespace Supervision.Dashboard.Tests.PublicStatus;

/// <summary>InfluxDB stops: the page keeps its last figures and says how old they are (its own fixture: it stops the server).</summary>
public sealed class StatusPageOutageTests(StatusPageFixture fixture) : IClassFixture<StatusPageFixture>
{
    [Fact]
    public async Task a_failed_read_keeps_the_last_figures_and_says_since_when()
    {
        using var http = TestUsers.Client(fixture.Address);
        Assert.Contains("95,0%", await http.GetStringAsync(new Uri("/status", UriKind.Relative)), StringComparison.Ordinal);
        var builds = fixture.Refresher.Builds;
        var queries = fixture.Refresher.InfluxQueries;

        await fixture.Influx.StopServerAsync();
        try
        {
            // A new hour is due: the refresher (woken by the clock) tries to read it and fails.
            fixture.Time.Advance(TimeSpan.FromHours(1));
            await StatusPageFixture.WaitForAsync(() => fixture.Refresher.Builds > builds, "the refresher's build after the hour");
            Assert.True(fixture.Refresher.InfluxQueries > queries);

            var html = await http.GetStringAsync(new Uri("/status", UriKind.Relative));
            Assert.Contains("Cập nhật lúc 11:30 ngày 07/12/2026", html, StringComparison.Ordinal);
            Assert.Contains("Tỷ lệ hoạt động tính đến 10:00 ngày 07/12/2026. Lần cập nhật lúc 11:30 ngày 07/12/2026 không thành công; số liệu này đã cũ 1 giờ 30 phút, trang sẽ thử lại.", html, StringComparison.Ordinal);
            Assert.Contains("95,0%", html, StringComparison.Ordinal);
            // The collectors' states are an hour old: no information now, and the outage still listed as it was.
            Assert.Contains("Chưa có thông tin", html, StringComparison.Ordinal);
            Assert.Contains("Cổng dịch vụ công thành phố Hồ Chí Minh gián đoạn từ 10:10 ngày 07/12/2026, chưa khôi phục.", html, StringComparison.Ordinal);
        }
        finally
        {
            await fixture.Influx.StartServerAsync();
        }
    }

    [Fact]
    public void a_page_whose_build_fails_is_shown_again_with_its_age()
    {
        var report = new PublicStatusReport(StatusPageFixture.Now, null, null, null, [], []);
        var html = StatusPageRenderer.Render(report, new StatusPageOptions(), availabilityConfigured: true, buildFailedSince: StatusPageFixture.Now.AddMinutes(5));
        Assert.Contains("Trang chưa cập nhật được từ 10:35 ngày 07/12/2026: số liệu dưới đây là của lúc 10:30 ngày 07/12/2026.", html, StringComparison.Ordinal);
    }
}
