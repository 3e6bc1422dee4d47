using System.Text.Json;
using Microsoft.Playwright;

namespace Supervision.EndToEnd.Tests;

/// <summary>Sign-in through a real OpenID provider in Chromium: its own login form, back to the Dashboard with the claims' roles and provinces.</summary>
[Collection("oidc")]
public sealed class OidcSignInTests(OidcFixture oidc, BrowserFixture browser)
{
    private static readonly PageWaitForURLOptions Back = new() { Timeout = 15_000 };

    /// <summary>Opens the Dashboard's sign-in page, follows the SSO button and fills the provider's own form.</summary>
    private async Task<IPage> ThroughProviderAsync(string login, string password, string returnUrl = "/")
    {
        var page = await browser.NewWallboardPageAsync(1280, 800);
        await page.GotoAsync(new Uri(oidc.DashboardUrl, "signin?returnUrl=" + Uri.EscapeDataString(returnUrl)).ToString());
        await page.ClickAsync("[data-testid=signin-sso]");
        await page.WaitForSelectorAsync("#login");
        Assert.StartsWith(oidc.Provider.Issuer.ToString(), page.Url, StringComparison.Ordinal);
        await page.FillAsync("#login", login);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#submit");
        return page;
    }

    private async Task<IPage> SignedInAsync(string login, string password, string returnUrl = "/")
    {
        var page = await ThroughProviderAsync(login, password, returnUrl);
        var dashboard = oidc.DashboardUrl.ToString();
        try
        {
            await page.WaitForURLAsync(url => url.StartsWith(dashboard, StringComparison.Ordinal) && !url.Contains("/signin", StringComparison.Ordinal), Back);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{login} did not come back signed in (at {page.Url}).\nDashboard:\n{Tail(oidc.Dashboard.Output)}\nProvider:\n{Tail(oidc.Provider.Output)}", ex);
        }

        return page;
    }

    private static string Tail(string output) => output.Length > 4000 ? output[^4000..] : output;

    // With the browser's cookies, as the page's own scripts would call (Chromium shows no page for an empty 401).
    private async Task<(int Status, string Body)> GetAsync(IPage page, string path)
    {
        var response = await page.Context.APIRequest.GetAsync(new Uri(oidc.DashboardUrl, path).ToString(), new APIRequestContextOptions { MaxRedirects = 0 });
        return (response.Status, await response.TextAsync());
    }

    private static string[] Strings(JsonElement me, string property) =>
        me.GetProperty(property).EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task an_engineer_bound_to_one_province_signs_in_at_the_provider_and_sees_that_province_only()
    {
        var page = await SignedInAsync("hcm.engineer", "hcm-pass");

        // A bound user has no national view: home is the own province.
        Assert.EndsWith("/provinces/79", page.Url, StringComparison.Ordinal);
        await page.WaitForSelectorAsync("[data-testid=province-view]");
        var (status, body) = await GetAsync(page, "/api/me");
        Assert.Equal(200, status);
        var me = JsonDocument.Parse(body).RootElement;
        Assert.Equal("hcm.engineer", me.GetProperty("name").GetString());
        Assert.Equal(["engineer"], Strings(me, "roles"));
        Assert.Equal(["79"], Strings(me, "provinces"));

        Assert.Equal(403, (await GetAsync(page, "/provinces/04")).Status);
        Assert.Equal(403, (await GetAsync(page, "/api/status/provinces/04")).Status);
        Assert.Equal(200, (await GetAsync(page, "/api/status/provinces/79")).Status);

        var audit = await oidc.AuditLinesAsync();
        Assert.Contains(audit, l => l.Contains("\"actor\":\"hcm.engineer\"", StringComparison.Ordinal) && l.Contains("\"action\":\"signin\"", StringComparison.Ordinal)
            && l.Contains("\"outcome\":\"ok\"", StringComparison.Ordinal) && l.Contains("\"detail\":\"oidc\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_leader_comes_back_to_the_summaries_with_both_roles_of_a_space_separated_claim()
    {
        var page = await SignedInAsync("leader", "leader-pass", "/summaries");

        Assert.EndsWith("/summaries", page.Url, StringComparison.Ordinal);
        await page.WaitForSelectorAsync("[data-testid=summary]");
        var me = JsonDocument.Parse((await GetAsync(page, "/api/me")).Body).RootElement;
        Assert.Equal(["leader", "viewer"], Strings(me, "roles"));
        Assert.Empty(Strings(me, "provinces"));
        Assert.Equal(200, (await GetAsync(page, "/api/status")).Status);
        Assert.Equal(403, (await GetAsync(page, "/console")).Status);
    }

    [Fact]
    public async Task a_provider_user_with_no_known_role_is_refused_with_a_message_and_not_signed_in()
    {
        var page = await ThroughProviderAsync("norole", "norole-pass");

        var refusal = await page.WaitForSelectorAsync("[data-testid=signin-refused]", new PageWaitForSelectorOptions { Timeout = 15_000 });
        var text = await refusal!.TextContentAsync();
        Assert.Contains("norole", text, StringComparison.Ordinal);
        Assert.Contains("viewer, operator, engineer, leader, admin", text, StringComparison.Ordinal);
        Assert.Equal(401, (await GetAsync(page, "/api/me")).Status);
        var audit = await oidc.AuditLinesAsync();
        Assert.Contains(audit, l => l.Contains("\"actor\":\"norole\"", StringComparison.Ordinal) && l.Contains("\"outcome\":\"denied\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_forged_or_replayed_callback_gets_a_page_saying_why_not_an_exception()
    {
        var page = await browser.NewWallboardPageAsync(1280, 800);
        var (status, body) = await GetAsync(page, "/signin-oidc?code=made-up&state=not-ours");

        Assert.Equal(400, status);
        Assert.Contains("data-testid=\"signin-refused\"", body, StringComparison.Ordinal);
        Assert.Contains("state", body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(401, (await GetAsync(page, "/api/me")).Status);
        Assert.Contains(await oidc.AuditLinesAsync(), l => l.Contains("\"action\":\"signin.failed\"", StringComparison.Ordinal) && l.Contains("\"target\":\"oidc\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task signing_out_ends_the_dashboard_session_and_the_provider_session()
    {
        var page = await SignedInAsync("hcm.engineer", "hcm-pass", "/console");
        Assert.EndsWith("/console", page.Url, StringComparison.Ordinal);
        await page.ClickAsync("[data-testid=signout]");
        await page.WaitForURLAsync(url => url.StartsWith(new Uri(oidc.DashboardUrl, "signin").ToString(), StringComparison.Ordinal), Back);

        Assert.Equal(401, (await GetAsync(page, "/api/me")).Status);
        // The provider forgot the user too: the next person at this browser must type a password again.
        await page.GotoAsync(new Uri(oidc.DashboardUrl, "signin").ToString());
        await page.ClickAsync("[data-testid=signin-sso]");
        await page.WaitForSelectorAsync("#login");
        var audit = await oidc.AuditLinesAsync();
        Assert.Contains(audit, l => l.Contains("\"actor\":\"hcm.engineer\"", StringComparison.Ordinal) && l.Contains("\"action\":\"signout\"", StringComparison.Ordinal));
    }
}
