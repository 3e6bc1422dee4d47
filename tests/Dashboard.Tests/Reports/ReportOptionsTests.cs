using Microsoft.Extensions.Options;
using Supervision.Testing;

namespace Supervision.Dashboard.Tests.Reports;

/// <summary>Bad report settings stop the Dashboard at start-up, each naming its key (Program.cs turns that into exit code 2).</summary>
public sealed class ReportOptionsTests
{
    private static readonly string[] Good =
    [
        "--Dashboard:Reports:Enabled=true",
        "--Dashboard:Reports:Smtp:Host=127.0.0.1",
        "--Dashboard:Reports:Smtp:From=giamsat@example.vn",
        "--Dashboard:Reports:Recipients:national:0=lanh-dao@example.vn",
    ];

    public static TheoryData<string[], string> Bad => new()
    {
        { ["--Dashboard:Reports:WeeklyCron=0 0 25 ? * MON"], "Dashboard:Reports:WeeklyCron: '0 0 25 ? * MON' is not a Quartz cron expression" },
        { ["--Dashboard:Reports:MonthlyCron=every month"], "Dashboard:Reports:MonthlyCron: 'every month' is not a Quartz cron expression" },
        { ["--Dashboard:Reports:Recipients:national:0="], "Dashboard:Reports:Recipients:national: no addresses" },
        { ["--Dashboard:Reports:Recipients:79:0=not an address"], "Dashboard:Reports:Recipients:79:0: 'not an address' is not an e-mail address" },
        { ["--Dashboard:Reports:Recipients:99:0=a@example.vn"], "Dashboard:Reports:Recipients:99: '99' is neither 'national' nor a province code" },
        { ["--Dashboard:Reports:Smtp:Host="], "Dashboard:Reports:Smtp:Host: empty" },
        { ["--Dashboard:Reports:ChromiumPath=/nonexistent/chromium"], "Dashboard:Reports:ChromiumPath: '/nonexistent/chromium' does not exist" },
        { ["--Dashboard:Reports:RetryAfter=00:00:00"], "Dashboard:Reports:RetryAfter:" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public async Task a_bad_setting_stops_the_start_naming_its_key(string[] bad, string expected) =>
        await AssertStopsAsync(expected, [.. Good, .. bad]);

    [Fact]
    public async Task reports_enabled_without_recipients_stop_the_start() =>
        await AssertStopsAsync("Dashboard:Reports:Recipients: no recipients",
            ["--Dashboard:Reports:Enabled=true", "--Dashboard:Reports:Smtp:Host=127.0.0.1", "--Dashboard:Reports:Smtp:From=giamsat@example.vn"]);

    private static async Task AssertStopsAsync(string expected, string[] settings)
    {
        var app = DashboardApp.Build([
            "--urls", "http://127.0.0.1:0",
            "--inventory", RepoPaths.NationalInventory,
            "--ingest-key", DashboardHost.Key,
            "--Logging:LogLevel:Default=Warning",
            .. TestUsers.Arguments(),
            $"--Dashboard:Reports:ArchivePath={Path.Combine(Path.GetTempPath(), "supervision-reports-" + Guid.NewGuid().ToString("N"))}",
            .. settings]);
        await using (app)
        {
            var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
            Assert.Contains(ex.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
        }
    }
}
