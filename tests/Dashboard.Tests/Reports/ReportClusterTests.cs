using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Supervision.Dashboard.Reports;
using Supervision.Dashboard.Tests.Summaries;
using Supervision.Testing;

namespace Supervision.Dashboard.Tests.Reports;

/// <summary>Two Dashboards on one Redis and one archive folder (docs/ha.md) run the same schedule: each report is sent once.</summary>
[Collection(SummaryCollection.Name)]
public sealed class ReportClusterTests(SummaryInfluxFixture influx, RedisServerFixture redis) : IClassFixture<SummaryInfluxFixture>, IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task two_dashboards_running_the_schedule_at_the_same_moment_send_each_report_once()
    {
        var archive = Path.Combine(Path.GetTempPath(), "supervision-reports-" + Guid.NewGuid().ToString("N"));
        await using var smtp = await SmtpServerFixture.StartAsync();
        // Sunday 22 November 2026, 20:00 in Vietnam; both nodes see the same clock.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 20, 0, 0, TimeSpan.FromHours(7)));
        var one = await ReportRunTests.StartAsync(influx, archive, smtp.Port, clock, $"--Dashboard:Cluster:Redis={redis.Configuration}", "--Dashboard:Cluster:NodeName=node-1");
        var two = await ReportRunTests.StartAsync(influx, archive, smtp.Port, clock, $"--Dashboard:Cluster:Redis={redis.Configuration}", "--Dashboard:Cluster:NodeName=node-2");
        try
        {
            var runners = new[] { one, two }.Select(a => a.Services.GetRequiredService<ReportRunner>()).ToArray();
            Assert.Equal(0, await runners[0].RunDueAsync(CancellationToken.None));

            // Monday 07:00: both sweep at once.
            clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.FromHours(7)));
            var sent = await Task.WhenAll(runners.Select(r => r.RunDueAsync(CancellationToken.None)));

            Assert.Equal(2, sent.Sum());
            await smtp.WaitForMessagesAsync(2, TimeSpan.FromSeconds(30));
            var records = new ReportArchive(archive).List();
            Assert.Equal(2, records.Count);
            Assert.All(records, r => Assert.Equal(ReportStatus.Sent, r.Status));
            // Again on both, a minute later: nothing more.
            clock.Advance(TimeSpan.FromMinutes(1));
            var again = await Task.WhenAll(runners.Select(r => r.RunDueAsync(CancellationToken.None)));
            Assert.All(again, n => Assert.Equal(0, n));
            Assert.Equal(2, smtp.Messages().Count);
        }
        finally
        {
            foreach (var app in new[] { one, two })
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }

            Directory.Delete(archive, recursive: true);
        }
    }
}
