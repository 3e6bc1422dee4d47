using Microsoft.Playwright;
using Supervision.Testing;

namespace Supervision.EndToEnd.Tests;

/// <summary>The demo users of config/demo-users.json (README: password = name + "-demo") and a sign-in through the real form.</summary>
public static class DemoUsers
{
    public const string Viewer = "viewer";
    public const string Engineer = "engineer";
    public const string Leader = "leader";

    public static string UsersFile { get; } = RepoPaths.Combine("config", "demo-users.json");

    public static string Password(string name) => name + "-demo";

    /// <summary>Opens /signin, fills the form and waits until the browser has left the sign-in page.</summary>
    public static async Task SignInAsync(IPage page, Uri dashboard, string name, string returnUrl = "/")
    {
        await page.GotoAsync(new Uri(dashboard, "signin?returnUrl=" + Uri.EscapeDataString(returnUrl)).ToString());
        await page.FillAsync("input[name=username]", name);
        await page.FillAsync("input[name=password]", Password(name));
        await page.ClickAsync("[data-testid=signin-submit]");
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = 15_000 });
    }
}
