using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Supervision.Testing;

namespace Supervision.EndToEnd.Tests;

/// <summary>Every link the center sends (webhook <c>generatorURL</c>, <c>externalURL</c>, <c>dashboard_url</c>) opens a page that shows the alert.</summary>
[Collection("center")]
public sealed class AlertPageTests(CenterFixture center, BrowserFixture browser) : IAsyncLifetime
{
    // A province no other end-to-end test faults, so its notifications are this test's alone.
    private const string Unit = "08";

    private readonly SimulatorFaults _faults = new(center.SimulatorUrl);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _faults.DisposeAsync();

    [Fact]
    public async Task the_links_of_a_webhook_open_the_alert_page_after_sign_in_and_an_engineer_acknowledges_there()
    {
        await _faults.DownAsync(Unit);

        var (message, alert) = await WebhookForUnitAsync(TimeSpan.FromSeconds(90));
        var id = alert.GetProperty("fingerprint").GetString()!;
        var generatorUrl = alert.GetProperty("generatorURL").GetString()!;
        var body = JsonDocument.Parse(message.Body).RootElement;

        // The webhook as Alertmanager sends it: with a length, and every link at the Dashboard that serves it.
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(message.Body).ToString(System.Globalization.CultureInfo.InvariantCulture), message.Headers["Content-Length"]);
        Assert.Equal(new Uri(center.DashboardUrl, "alerts/" + id), new Uri(generatorUrl));
        Assert.Equal(generatorUrl, alert.GetProperty("annotations").GetProperty("dashboard_url").GetString());
        Assert.Equal(center.DashboardUrl.ToString().TrimEnd('/'), body.GetProperty("externalURL").GetString()!.TrimEnd('/'));

        // A viewer follows the link: sign-in first, then straight to the alert's page.
        var page = await FollowSignedOutAsync(generatorUrl, id, "webhook");
        Assert.Equal(new Uri(generatorUrl).AbsolutePath, new Uri(page.Url).AbsolutePath);
        Assert.Contains(Unit, await page.InnerTextAsync("[data-testid=alert-summary]"), StringComparison.Ordinal);
        // Labels carry the inventory's names: the province's Vietnamese name beside its code.
        var provinceName = await ProvinceNameAsync();
        Assert.Contains(provinceName, await page.InnerTextAsync("[data-testid=label-province]"), StringComparison.Ordinal);
        Assert.Contains("Liên thông văn bản điện tử", await page.InnerTextAsync("[data-testid=label-system]"), StringComparison.Ordinal);
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=timeline]')?.innerText.includes('đang kích hoạt')", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        // A viewer may look, not act.
        Assert.Equal(0, await page.Locator("[data-testid=alert-actions]").CountAsync());
        await BrowserFixture.ScreenshotAsync(page, "alert-page-viewer");

        // The webhook's externalURL opens the Dashboard (the wallboard, where the alert's row links back to its page).
        await page.GotoAsync(body.GetProperty("externalURL").GetString()!);
        var row = page.Locator($"a[data-testid=alert-{id}]");
        await row.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
        await row.ClickAsync();
        await page.WaitForSelectorAsync($"[data-testid=alert-head][data-alert-id='{id}']", new PageWaitForSelectorOptions { Timeout = 60_000 });

        // An engineer acknowledges on the page; Alerting holds it with the engineer as author.
        var engineer = await browser.NewWallboardPageAsync(1600, 1000);
        await DemoUsers.SignInAsync(engineer, center.DashboardUrl, DemoUsers.Engineer, new Uri(generatorUrl).PathAndQuery);
        await engineer.WaitForSelectorAsync("[data-testid=alert-page][data-ready=true] [data-testid=ack-button]", new PageWaitForSelectorOptions { Timeout = 15_000 });
        // The buttons answer only once the live circuit runs.
        await engineer.WaitForFunctionAsync("() => window.Blazor && document.querySelector('[data-testid=ack-comment]')", null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        await engineer.FillAsync("[data-testid=ack-comment]", "đã mở từ liên kết");
        await engineer.ClickAsync("[data-testid=ack-button]");
        await engineer.WaitForFunctionAsync("() => document.querySelector('[data-testid=acked-by]')?.innerText.includes('Kỹ sư')", null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        using var alerting = new HttpClient { BaseAddress = center.AlertingUrl };
        var view = await alerting.GetFromJsonAsync<JsonElement>($"/api/alerts/{id}");
        Assert.StartsWith("Kỹ sư trực", view.GetProperty("acknowledgedBy").GetString(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(engineer, "alert-page-engineer-acknowledged");

        // An id nobody knows is said so, not a blank page.
        await engineer.GotoAsync(new Uri(center.DashboardUrl, "alerts/no-such-alert").ToString());
        await engineer.WaitForSelectorAsync("[data-testid=alert-not-found]", new PageWaitForSelectorOptions { Timeout = 15_000 });
    }

    [Fact]
    public async Task the_links_of_an_email_and_a_chat_message_open_the_alert_page_after_sign_in()
    {
        await using var faults = new SimulatorFaults(center.SimulatorUrl);
        await faults.DownAsync(CenterFixture.MailProvince);

        // The e-mail as the SMTP server received it: its links (per alert, and the closing one for the whole group).
        var file = (await center.Smtp.WaitForMessagesAsync(1, TimeSpan.FromSeconds(90)))[0];
        var mail = await MimeKit.MimeMessage.LoadAsync(file);
        var mailLinks = System.Text.RegularExpressions.Regex.Matches(mail.HtmlBody ?? string.Empty, "href=\"([^\"]+)\"")
            .Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))
            .Where(l => l.StartsWith(center.DashboardUrl.ToString().TrimEnd('/'), StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        var alertLink = Assert.Single(mailLinks, l => new Uri(l).AbsolutePath.StartsWith("/alerts/", StringComparison.Ordinal) && !l.Contains("/alerts/group", StringComparison.Ordinal));
        var groupLink = Assert.Single(mailLinks, l => l.Contains("/alerts/group?key=", StringComparison.Ordinal));
        Assert.Contains(alertLink, mail.TextBody, StringComparison.Ordinal);
        var id = Uri.UnescapeDataString(new Uri(alertLink).AbsolutePath["/alerts/".Length..]);

        // The chat message (templated HTTP): its dashboard_url and group_url.
        var chat = await ChatAsync(TimeSpan.FromSeconds(60));
        var chatLinks = new[] { chat.GetProperty("dashboard_url").GetString()!, chat.GetProperty("group_url").GetString()! };
        Assert.Equal(alertLink, chatLinks[0]);

        // Each link, followed by someone not signed in: sign-in first, then a page showing that alert.
        foreach (var link in new[] { alertLink, groupLink }.Concat(chatLinks).Distinct(StringComparer.Ordinal))
        {
            var page = await FollowSignedOutAsync(link, id, link.Contains("/alerts/group", StringComparison.Ordinal) ? "e-mail/chat group" : "e-mail/chat alert");
            Assert.Contains(CenterFixture.MailProvince, await page.InnerTextAsync("[data-testid=alert-summary]"), StringComparison.Ordinal);
            await page.CloseAsync();
        }
    }

    // A viewer not signed in opens a link: the sign-in page first, then a page showing alert `id` (time from the sign-in
    // click printed: the goal is 1 s, not asserted).
    private async Task<IPage> FollowSignedOutAsync(string link, string id, string what)
    {
        var page = await browser.NewWallboardPageAsync(1600, 1000);
        await page.GotoAsync(link);
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        await page.FillAsync("input[name=username]", DemoUsers.Viewer);
        await page.FillAsync("input[name=password]", DemoUsers.Password(DemoUsers.Viewer));
        var clock = Stopwatch.StartNew();
        await page.ClickAsync("[data-testid=signin-submit]");
        await page.WaitForSelectorAsync($"[data-testid=alert-head][data-alert-id='{id}']", new PageWaitForSelectorOptions { Timeout = 60_000 });
        Console.WriteLine($"e2e: {what} link → alert page shown {clock.Elapsed.TotalMilliseconds:0} ms after the sign-in click");
        return page;
    }

    private async Task<JsonElement> ChatAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            foreach (var r in center.Webhook.Received.Where(r => r.Path.Contains("chat", StringComparison.Ordinal)))
            {
                return JsonDocument.Parse(r.Body).RootElement;
            }

            Assert.True(clock.Elapsed < timeout, $"no chat message within {timeout}");
            await Task.Delay(250);
        }
    }

    private async Task<(ReceivedRequest Message, JsonElement Alert)> WebhookForUnitAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            foreach (var r in center.Webhook.Received.Where(r => !r.Path.Contains("chat", StringComparison.Ordinal)))
            {
                var root = JsonDocument.Parse(r.Body).RootElement;
                foreach (var a in root.GetProperty("alerts").EnumerateArray())
                {
                    if (a.GetProperty("status").GetString() == "firing" && a.GetProperty("labels").TryGetProperty("unit", out var u) && u.GetString() == Unit)
                    {
                        return (r, a);
                    }
                }
            }

            Assert.True(clock.Elapsed < timeout, $"no firing webhook for unit {Unit} within {timeout}; received {center.Webhook.Received.Count}");
            await Task.Delay(250);
        }
    }

    private async Task<string> ProvinceNameAsync()
    {
        var line = (await File.ReadAllLinesAsync(center.InventoryPath)).First(l => l.Contains($"id: \"{Unit}\"", StringComparison.Ordinal));
        var match = System.Text.RegularExpressions.Regex.Match(line, "name: \"([^\"]+)\"");
        Assert.True(match.Success, line);
        return match.Groups[1].Value;
    }
}
