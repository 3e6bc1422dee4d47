using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Supervision.Dashboard.Reports;

namespace Supervision.Dashboard.Tests.Reports;

/// <summary>Who may download which archived report: the summaries' rules (leaders, engineers, admins; a province's leader only their province).</summary>
public sealed class ReportAccessTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 15, 17, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task a_province_leader_reads_and_downloads_only_their_provinces_reports()
    {
        var folder = Path.Combine(Path.GetTempPath(), "supervision-reports-" + Guid.NewGuid().ToString("N"));
        var archive = new ReportArchive(folder);
        foreach (var scope in new[] { "national", "79", "01" })
        {
            var id = $"weekly-2026-11-16-{scope}";
            archive.SavePdf(id, "%PDF-1.4 "u8.ToArray().Concat(System.Text.Encoding.ASCII.GetBytes(id)).ToArray());
            archive.Save(new ReportRecord(id, ReportKind.Weekly, scope, "Báo cáo " + scope, Start, Start.AddDays(7), Start.AddDays(7.3), ReportStatus.Sent,
                0, null, null, null, Start.AddDays(7.3), 1.5, 20, Start.AddDays(7.3), "node-1", 1, Start.AddDays(7.3)));
        }

        await using var host = await DashboardHost.StartAsync(0, $"--Dashboard:Reports:ArchivePath={folder}");
        try
        {
            var address = host.Address;
            using var hcm = TestUsers.Client(address, await TestUsers.SignInAsync(address, TestUsers.Hcm));
            var listed = await hcm.GetFromJsonAsync<JsonElement[]>(new Uri("/api/reports", UriKind.Relative));
            Assert.Equal(["weekly-2026-11-16-79"], listed!.Select(r => r.GetProperty("id").GetString()));
            using var own = await hcm.GetAsync(new Uri("/api/reports/weekly-2026-11-16-79.pdf", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            Assert.Equal("application/pdf", own.Content.Headers.ContentType!.MediaType);
            Assert.EndsWith("weekly-2026-11-16-79", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Forbidden, (await hcm.GetAsync(new Uri("/api/reports/weekly-2026-11-16-01.pdf", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await hcm.GetAsync(new Uri("/api/reports/weekly-2026-11-16-national.pdf", UriKind.Relative))).StatusCode);
            var page = await hcm.GetStringAsync(new Uri("/reports", UriKind.Relative));
            Assert.Contains("weekly-2026-11-16-79", page, StringComparison.Ordinal);
            Assert.DoesNotContain("weekly-2026-11-16-01", page, StringComparison.Ordinal);

            using var leader = TestUsers.Client(address, await TestUsers.SignInAsync(address, TestUsers.Leader));
            Assert.Equal(3, (await leader.GetFromJsonAsync<JsonElement[]>(new Uri("/api/reports", UriKind.Relative)))!.Length);
            Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync(new Uri("/api/reports/weekly-2026-11-16-01.pdf", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync(new Uri("/api/reports/weekly-2026-11-09-01.pdf", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await leader.GetAsync(new Uri("/api/reports/..%2Fsecret.pdf", UriKind.Relative))).StatusCode);
            // Only an admin may ask for a retry, and only of a failed report.
            Assert.Equal(HttpStatusCode.Forbidden, (await leader.PostAsync(new Uri("/api/reports/weekly-2026-11-16-01/retry", UriKind.Relative), null)).StatusCode);

            using var viewer = TestUsers.Client(address, await TestUsers.SignInAsync(address, TestUsers.Viewer));
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(new Uri("/api/reports/weekly-2026-11-16-79.pdf", UriKind.Relative))).StatusCode);
            using var anonymous = TestUsers.Client(address);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/reports/weekly-2026-11-16-79.pdf", UriKind.Relative))).StatusCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
