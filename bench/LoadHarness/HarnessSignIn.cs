using System.Net;
using System.Text.RegularExpressions;

namespace Supervision.LoadHarness;

/// <summary>
/// Signs a harness in to a Dashboard through its form (antiforgery token and all): <c>GET /api/status</c> and the status
/// hub need a session by default. Against <c>scripts/run.sh</c> the demo users of config/demo-users.json sign in.
/// </summary>
public static partial class HarnessSignIn
{
    /// <summary>A client for <paramref name="dashboard"/> holding a session of <paramref name="user"/>, and its cookies (for hub connections).</summary>
    public static async Task<(HttpClient Client, CookieContainer Cookies)> ClientAsync(Uri dashboard, string user, string password)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = dashboard, Timeout = TimeSpan.FromSeconds(30) };
        await SignInAsync(client, user, password);
        return (client, cookies);
    }

    /// <summary>Signs <paramref name="user"/> in; <paramref name="client"/> (with a base address and a cookie container) keeps the session.</summary>
    public static async Task SignInAsync(HttpClient client, string user, string password)
    {
        ArgumentNullException.ThrowIfNull(client);
        var page = await client.GetStringAsync(new Uri("/signin", UriKind.Relative));
        var token = TokenField().Match(page).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["username"] = user,
            ["password"] = password,
            ["returnUrl"] = "/api/me",
        });
        using var response = await client.PostAsync(new Uri("/signin", UriKind.Relative), form);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"sign-in of '{user}' at {client.BaseAddress}signin answered {(int)response.StatusCode}");
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
