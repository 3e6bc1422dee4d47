using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Supervision.Dashboard.Reports;
using Supervision.Dashboard.Tests.Summaries;
using Supervision.Testing;

namespace Supervision.Dashboard.Tests.Reports;

/// <summary>
/// The whole path of a scheduled report on real parts: the Dashboard over the summary data set in a real InfluxDB,
/// Debian's Chromium printing the PDF, a real SMTP server (aiosmtpd) receiving it; only the clock is fake.
/// </summary>
[Collection(SummaryCollection.Name)]
public sealed class ReportRunTests(SummaryInfluxFixture influx) : IClassFixture<SummaryInfluxFixture>
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    [Fact]
    public async Task last_weeks_reports_fail_while_smtp_is_down_are_retried_after_the_back_off_and_sent_once_as_a4_pdfs()
    {
        var archive = Path.Combine(Path.GetTempPath(), "supervision-reports-" + Guid.NewGuid().ToString("N"));
        var smtpPort = FreePort.Next();
        // Sunday 22 November 2026, 20:00 in Vietnam: the week of 16 November is not over yet.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 20, 0, 0, Vietnam));
        var app = await StartAsync(archive, smtpPort, clock);
        try
        {
            var runner = app.Services.GetRequiredService<ReportRunner>();
            Assert.Equal(0, await runner.RunDueAsync(CancellationToken.None));
            // It ran: the archive now knows when scheduling began (so it will not mail out older periods).
            Assert.Equal(clock.GetUtcNow(), new ReportArchive(archive).Since(DateTimeOffset.MaxValue));

            // Monday 06:59: the week is over, but the report goes at 07:00.
            clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 6, 59, 0, Vietnam));
            Assert.Equal(0, await runner.RunDueAsync(CancellationToken.None));
            Assert.Empty(new ReportArchive(archive).List());

            // 07:00: printed and archived, but nothing listens on the SMTP port.
            clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(0, await runner.RunDueAsync(CancellationToken.None));
            var failed = new ReportArchive(archive).List();
            Assert.Equal(["weekly-2026-11-16-national", "weekly-2026-11-16-79"], failed.Select(r => r.Id).Order(StringComparer.Ordinal).Reverse());
            Assert.All(failed, r =>
            {
                Assert.Equal(ReportStatus.Failed, r.Status);
                Assert.Equal("send", r.FailedStep);
                Assert.Contains("connection failed", r.LastError, StringComparison.Ordinal);
                Assert.Equal(1, r.Attempts);
                Assert.Equal(clock.GetUtcNow().AddMinutes(1), r.NextAttemptAt);
                Assert.True(File.Exists(Path.Combine(archive, r.Id + ".pdf")));
            });

            // Reported where people look: the metrics and the reports page.
            var address = Address(app);
            using (var http = TestUsers.Client(address, await TestUsers.SignInAsync(address, TestUsers.Leader)))
            {
                var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
                Assert.Contains("supervision_dashboard_report_failures_total{step=\"send\"} 2", metrics, StringComparison.Ordinal);
                Assert.Contains("supervision_dashboard_reports{status=\"failed\"} 2", metrics, StringComparison.Ordinal);
                var page = await http.GetStringAsync(new Uri("/reports", UriKind.Relative));
                Assert.Contains("data-id=\"weekly-2026-11-16-national\" data-status=\"failed\"", page, StringComparison.Ordinal);
                Assert.Contains("send: connection failed", page, StringComparison.Ordinal);
            }

            await using var smtp = await SmtpServerFixture.StartAsync(smtpPort);
            // The server is back, but the back-off has not passed: nothing is sent yet.
            Assert.Equal(0, await runner.RunDueAsync(CancellationToken.None));
            Assert.All(new ReportArchive(archive).List(), r => Assert.Equal(ReportStatus.Failed, r.Status));
            Assert.Empty(smtp.Messages());

            clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(2, await runner.RunDueAsync(CancellationToken.None));
            var files = await smtp.WaitForMessagesAsync(2, TimeSpan.FromSeconds(30));
            var sent = new ReportArchive(archive).List();
            Assert.All(sent, r => Assert.Equal(ReportStatus.Sent, r.Status));
            foreach (var file in files)
            {
                using var message = await MimeMessage.LoadAsync(file);
                var id = message.Headers["X-Supervision-Report"] ?? string.Empty;
                var record = Assert.Single(sent, r => r.Id == id);
                Assert.Equal(record.Title, message.Subject);
                Assert.Contains("tuần 16/11/2026 – 22/11/2026", record.Title, StringComparison.Ordinal);
                Assert.Equal(id == "weekly-2026-11-16-79" ? "hcm@example.vn" : "lanh-dao@example.vn", message.To.Mailboxes.Single().Address);
                var attachment = Assert.IsType<MimePart>(Assert.Single(message.Attachments));
                Assert.Equal("application/pdf", attachment.ContentType.MimeType);
                using var pdf = new MemoryStream();
                await Assert.IsType<MimeContent>(attachment.Content).DecodeToAsync(pdf);
                var bytes = pdf.ToArray();
                Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
                Assert.Equal(record.Title, ReportPdf.Title(bytes));
                ReportPdf.AssertA4(bytes);
                Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(archive, id + ".pdf")), bytes);
            }

            // Sent is final: another run sends nothing.
            Assert.Equal(0, await runner.RunDueAsync(CancellationToken.None));
            Assert.Equal(2, smtp.Messages().Count);

            // A restart (a new Dashboard over the same archive, a day later) sends nothing again either.
            await app.StopAsync();
            await app.DisposeAsync();
            clock.Advance(TimeSpan.FromDays(1));
            app = await StartAsync(archive, smtpPort, clock);
            Assert.Equal(0, await app.Services.GetRequiredService<ReportRunner>().RunDueAsync(CancellationToken.None));
            Assert.All(new ReportArchive(archive).List(), r => Assert.Equal(ReportStatus.Sent, r.Status));
            Assert.Equal(2, smtp.Messages().Count);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(archive, recursive: true);
        }
    }

    private Task<WebApplication> StartAsync(string archive, int smtpPort, TimeProvider clock) => StartAsync(influx, archive, smtpPort, clock);

    /// <summary>A Dashboard sending reports for the nation and province 79 through the SMTP server at <paramref name="smtpPort"/>.</summary>
    internal static async Task<WebApplication> StartAsync(SummaryInfluxFixture influx, string archive, int smtpPort, TimeProvider clock, params string[] extra)
    {
        var app = DashboardApp.Build([
            "--urls", "http://127.0.0.1:0",
            "--inventory", RepoPaths.NationalInventory,
            "--ingest-key", DashboardHost.Key,
            $"--Dashboard:Influx:Url={influx.Influx.Url}",
            "--Logging:LogLevel:Default=Warning",
            .. TestUsers.Arguments(),
            "--Dashboard:Reports:Enabled=true",
            $"--Dashboard:Reports:ArchivePath={archive}",
            "--Dashboard:Reports:Smtp:Host=127.0.0.1",
            $"--Dashboard:Reports:Smtp:Port={smtpPort}",
            "--Dashboard:Reports:Smtp:Security=None",
            "--Dashboard:Reports:Smtp:Timeout=00:00:10",
            "--Dashboard:Reports:Smtp:From=giamsat@example.vn",
            "--Dashboard:Reports:Recipients:national:0=lanh-dao@example.vn",
            "--Dashboard:Reports:Recipients:79:0=hcm@example.vn",
            "--Dashboard:Reports:RetryAfter=00:01:00",
            // The sweep runs on the real clock: once at start, then not again during the test.
            "--Dashboard:Reports:SweepInterval=01:00:00",
            .. extra], clock);
        await app.StartAsync();
        return app;
    }

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
