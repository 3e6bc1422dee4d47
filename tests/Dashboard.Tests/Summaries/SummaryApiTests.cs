using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Supervision.Testing;

namespace Supervision.Dashboard.Tests.Summaries;

/// <summary>A real Dashboard (Kestrel, 127.0.0.1) over <see cref="SummaryDataSet"/> in a real InfluxDB, its clock fixed at <see cref="SummaryDataSet.Now"/>.</summary>
public sealed class SummaryAppFixture : IAsyncLifetime
{
    private readonly SummaryInfluxFixture _influx = new();
    private WebApplication _app = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _influx.InitializeAsync();
        _app = DashboardApp.Build([
            "--urls", "http://127.0.0.1:0",
            "--inventory", RepoPaths.NationalInventory,
            "--ingest-key", DashboardHost.Key,
            $"--Dashboard:Influx:Url={_influx.Influx.Url}",
            "--Logging:LogLevel:Default=Warning",
            .. TestUsers.Arguments()], new FakeTimeProvider(SummaryDataSet.Now));
        await _app.StartAsync();
        var address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Address = address;
        Http = TestUsers.Client(address, await TestUsers.SignInAsync(address, TestUsers.Leader));
    }

    public Uri Address { get; private set; } = null!;

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _influx.DisposeAsync();
    }
}

/// <summary>The summary API and pages over HTTP.</summary>
[Collection(SummaryCollection.Name)]
public sealed class SummaryApiTests(SummaryAppFixture fixture) : IClassFixture<SummaryAppFixture>
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task summaries_are_for_leaders_engineers_and_admins_and_a_bound_user_sees_only_its_provinces()
    {
        using var anonymous = TestUsers.Client(fixture.Address);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/summaries?period=7d", UriKind.Relative))).StatusCode);
        using var viewer = TestUsers.Client(fixture.Address, await TestUsers.SignInAsync(fixture.Address, TestUsers.Viewer));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(new Uri("/api/summaries/provinces.csv?period=7d", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(new Uri("/summaries?period=7d", UriKind.Relative))).StatusCode);
        using var hcm = TestUsers.Client(fixture.Address, await TestUsers.SignInAsync(fixture.Address, TestUsers.Hcm));
        var csv = await hcm.GetStringAsync(new Uri("/api/summaries/provinces.csv?period=7d", UriKind.Relative));
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)[1..];
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Contains(",79,", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task the_province_league_exports_as_csv_with_a_bom_and_the_best_province_first()
    {
        using var response = await Http.GetAsync(new Uri("/api/summaries/provinces.csv?period=7d", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("tong-hop-toan-quoc-7d-provinces.csv", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n");
        Assert.Equal(36, lines.Length);
        Assert.StartsWith("1,79,Hồ Chí Minh,79,Hồ Chí Minh,1,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("2,01,Hà Nội,01,Hà Nội,0,100.00,500,500,400,80.00,10,", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_headline_csv_holds_the_hand_computed_national_figures()
    {
        var text = await Http.GetStringAsync(new Uri("/api/summaries/headline.csv?period=7d", UriKind.Relative));

        Assert.Contains("ho_so_tiep_nhan,810,570\r\n", text, StringComparison.Ordinal);
        Assert.Contains("ty_le_dung_han_pct,84.20,88.98\r\n", text, StringComparison.Ordinal);
        Assert.Contains("qua_han,33,27\r\n", text, StringComparison.Ordinal);
        Assert.Contains("tu,2026-11-18T10:00:00Z,2026-11-11T10:00:00Z\r\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/summaries?period=1y", HttpStatusCode.BadRequest)]
    [InlineData("/api/summaries?province=99", HttpStatusCode.NotFound)]
    [InlineData("/api/summaries?region=atlantis", HttpStatusCode.NotFound)]
    [InlineData("/api/summaries/nothing.csv", HttpStatusCode.NotFound)]
    [InlineData("/api/summaries?province=79&commune=26737", HttpStatusCode.BadRequest)]
    public async Task bad_requests_get_a_problem_naming_the_fault(string url, HttpStatusCode status)
    {
        using var response = await Http.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task the_pages_render_on_the_server_with_the_figures()
    {
        var national = WebUtility.HtmlDecode(await Http.GetStringAsync(new Uri("/summaries?period=7d", UriKind.Relative)));
        Assert.Contains("data-testid=\"provinces\"", national, StringComparison.Ordinal);
        Assert.Contains(">810<", national, StringComparison.Ordinal);
        Assert.Contains("Phường Tân Định", national, StringComparison.Ordinal);

        var province = WebUtility.HtmlDecode(await Http.GetStringAsync(new Uri("/summaries/provinces/79?period=7d", UriKind.Relative)));
        Assert.Contains("Tổng hợp — Hồ Chí Minh", province, StringComparison.Ordinal);
        Assert.Contains(">310<", province, StringComparison.Ordinal);

        var print = WebUtility.HtmlDecode(await Http.GetStringAsync(new Uri("/summaries/print?period=30d&region=south", UriKind.Relative)));
        Assert.Contains("Báo cáo tổng hợp", print, StringComparison.Ordinal);
        Assert.Contains("Miền Nam", print, StringComparison.Ordinal);
        Assert.Contains("summaries.css", print, StringComparison.Ordinal);
    }
}
