using System.Net;

namespace Supervision.Dashboard.Tests.Kiosk;

public sealed class KioskTests
{
    private const string WallToken = "control-room-token-0123456789";
    private const string AlertsOnlyToken = "alerts-only-token-0123456789";

    private static Task<DashboardHost> StartAsync() => DashboardHost.StartAsync(0,
        "--Dashboard:Kiosk:Tokens:0:Name=wall", $"--Dashboard:Kiosk:Tokens:0:Token={WallToken}", "--Dashboard:Kiosk:Tokens:0:Boards:0=*",
        "--Dashboard:Kiosk:Tokens:1:Name=alerts", $"--Dashboard:Kiosk:Tokens:1:Token={AlertsOnlyToken}", "--Dashboard:Kiosk:Tokens:1:Boards:0=alerts");

    [Theory]
    [InlineData("/kiosk?board=national", HttpStatusCode.Unauthorized)]
    [InlineData("/kiosk?board=national&token=wrong-token-wrong-token", HttpStatusCode.Unauthorized)]
    [InlineData($"/kiosk?board=national&token={AlertsOnlyToken}", HttpStatusCode.Forbidden)]
    [InlineData($"/kiosk?board=nowhere&token={WallToken}", HttpStatusCode.NotFound)]
    public async Task a_wrong_token_or_board_gets_a_refusal_page_not_the_board(string url, HttpStatusCode expected)
    {
        await using var host = await StartAsync();
        using var http = new HttpClient { BaseAddress = host.Address };
        using var response = await http.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(expected, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"kiosk-refused\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-board=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_valid_token_renders_the_requested_board_with_every_panel()
    {
        await using var host = await StartAsync();
        using var http = new HttpClient { BaseAddress = host.Address };
        var html = await http.GetStringAsync(new Uri($"/kiosk?board=province-79&token={WallToken}", UriKind.Relative));
        Assert.Contains("data-testid=\"board-province-79\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"commune-grid\"", html, StringComparison.Ordinal);
        Assert.Equal(168, System.Text.RegularExpressions.Regex.Count(html, "data-testid=\"commune-[0-9]{5}\""));
        Assert.Contains("data-testid=\"stat-communes-down\"", html, StringComparison.Ordinal);
        Assert.Contains(">2/3<", html, StringComparison.Ordinal); // second of national, province-79, alerts
    }

    [Fact]
    public async Task a_token_bound_to_one_board_rotates_only_through_that_board()
    {
        await using var host = await StartAsync();
        using var http = new HttpClient { BaseAddress = host.Address };
        var html = await http.GetStringAsync(new Uri($"/kiosk?token={AlertsOnlyToken}", UriKind.Relative));
        Assert.Contains("data-board=\"alerts\"", html, StringComparison.Ordinal);
        Assert.Contains(">1/1<", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_language_follows_the_query_and_is_remembered_in_a_cookie()
    {
        await using var host = await StartAsync();
        using var handler = new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() };
        using var http = new HttpClient(handler) { BaseAddress = host.Address };
        var english = await http.GetStringAsync(new Uri($"/kiosk?board=national&token={WallToken}&lang=en", UriKind.Relative));
        Assert.Contains("Systems up", english, StringComparison.Ordinal);
        var remembered = await http.GetStringAsync(new Uri($"/kiosk?board=national&token={WallToken}", UriKind.Relative));
        Assert.Contains("Systems up", remembered, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", remembered, StringComparison.Ordinal);

        using var fresh = new HttpClient { BaseAddress = host.Address };
        var vietnamese = WebUtility.HtmlDecode(await fresh.GetStringAsync(new Uri($"/kiosk?board=national&token={WallToken}", UriKind.Relative)));
        Assert.Contains("Hệ thống hoạt động", vietnamese, StringComparison.Ordinal);
    }
}
