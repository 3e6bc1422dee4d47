using System.Net;
using System.Text.RegularExpressions;
using Supervision.Dashboard.Security;

namespace Supervision.Dashboard.Tests;

/// <summary>
/// The users every test Dashboard knows (one per role, and one engineer bound to Hồ Chí Minh city), and a real
/// sign-in through the form (antiforgery token and all) that returns the session cookie.
/// </summary>
public static partial class TestUsers
{
    public const string Admin = "admin";
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Engineer = "engineer";
    public const string Leader = "leader";

    /// <summary>Engineer bound to province 79.</summary>
    public const string Hcm = "hcm";

    // Fewest iterations allowed: these tests sign in many times.
    private static readonly Lazy<string[]> Args = new(() =>
    {
        (string Name, string Role, string? Province)[] users =
            [(Admin, Roles.Admin, null), (Viewer, Roles.Viewer, null), (Operator, Roles.Operator, null), (Engineer, Roles.Engineer, null), (Leader, Roles.Leader, null), (Hcm, Roles.Engineer, "79")];
        var args = new List<string>();
        for (var i = 0; i < users.Length; i++)
        {
            var (name, role, province) = users[i];
            args.Add($"--Dashboard:Security:Users:{i}:Name={name}");
            args.Add($"--Dashboard:Security:Users:{i}:PasswordHash={PasswordHashing.Hash(Password(name), PasswordHashing.MinimumIterations)}");
            args.Add($"--Dashboard:Security:Users:{i}:Roles:0={role}");
            if (province is not null)
            {
                args.Add($"--Dashboard:Security:Users:{i}:Provinces:0={province}");
            }
        }

        args.Add("--Dashboard:Security:AuditPath=" + Path.Combine(Path.GetTempPath(), "supervision-test-audit-" + Guid.NewGuid().ToString("N") + ".log"));
        return [.. args];
    });

    public static string Password(string name) => name + "-test-password";

    public static IEnumerable<string> Arguments() => Args.Value;

    /// <summary>A client that keeps cookies and does not follow redirects (tests look at them).</summary>
    public static HttpClient Client(Uri address, CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = address };

    /// <summary>Posts the sign-in form; returns the response (302 on success, 401 with the page otherwise).</summary>
    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string name, string password)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await AntiforgeryTokenAsync(client),
            ["username"] = name,
            ["password"] = password,
            ["returnUrl"] = "/",
        });
        return await client.PostAsync("/signin", form);
    }

    /// <summary>The antiforgery form token of the sign-in page (its cookie lands in the client's container).</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client) =>
        WebUtility.HtmlDecode(TokenField().Match(await client.GetStringAsync("/signin")).Groups[1].Value);

    /// <summary>Signs <paramref name="name"/> in and returns the cookies of the session.</summary>
    public static async Task<CookieContainer> SignInAsync(Uri address, string name)
    {
        var cookies = new CookieContainer();
        using var client = Client(address, cookies);
        using var response = await PostSignInAsync(client, name, Password(name));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in of {name} answered {(int)response.StatusCode}");
        return cookies;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
