using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Supervision.Core.Contracts.Alerting;
using Supervision.Dashboard.OnCall;
using Supervision.Testing;

namespace Supervision.Dashboard.Tests.OnCall;

/// <summary>
/// The console's <see cref="AlertingClient"/> against a real Alerting process: what Alerting's endpoints write is what
/// the client's Core records read, and the fields on the wire keep their names.
/// </summary>
public sealed class AlertingContractTests
{
    private const string ApiKey = "contract-key";

    [Fact]
    public async Task a_silence_and_a_maintenance_window_round_trip_through_alertings_api_into_the_core_records()
    {
        var folder = Path.Combine(Path.GetTempPath(), "alerting-contract-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "rules"));
        await File.WriteAllTextAsync(Path.Combine(folder, "rules", "rules.yaml"), """
            groups:
              - name: availability
                interval: 1h
                rules:
                  - name: target-down
                    kind: down
                    selector: { levels: [commune] }
                    parameters: { statuses: [Down] }
                    severity: critical
            """);
        try
        {
            await RoundTripAsync(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task RoundTripAsync(string folder)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        await using var alerting = ServiceProcess.StartDotnet("alerting", ServiceProcess.BuiltAssembly("src/Alerting", "Supervision.Alerting"), [
            $"--urls={url}",
            "--Logging:LogLevel:Default=Warning",
            $"--Alerting:RulesFolder={Path.Combine(folder, "rules")}",
            $"--Alerting:StatePath={Path.Combine(folder, "alerting.db")}",
            $"--Alerting:InventoryPath={RepoPaths.NationalInventory}",
            $"--Alerting:HolidaysPath={RepoPaths.Holidays}",
            $"--Alerting:ApiKey={ApiKey}",
            $"--Notifications:DatabasePath={Path.Combine(folder, "alerting.db")}",
            $"--Notifications:ConfigFile={RepoPaths.Combine("config", "notifications.yaml")}",
        ]);
        await alerting.WaitForHttpAsync(new Uri(url, "/healthz"), TimeSpan.FromSeconds(60));

        await using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var client = new AlertingClient(services.GetRequiredService<IHttpClientFactory>(), Options.Create(new AlertingApiOptions { Url = url.ToString(), ApiKey = ApiKey }));
        var author = new Author("Nguyễn Văn An", "an.nguyen");
        var now = TimeProvider.System.GetUtcNow();
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(-1);
        var end = start.AddHours(2);
        SilenceMatcher[] matchers = [new("province", "79"), new("unit", "267.*", IsRegex: true)];

        var id = await client.CreateSilenceAsync(matchers, start, end, author, "thay bộ định tuyến", CancellationToken.None);

        var silence = Assert.Single(await client.SilencesAsync(CancellationToken.None));
        Assert.Equal(id, silence.Id);
        Assert.Equal(matchers, silence.Matchers);
        Assert.Equal(start, silence.StartsAt);
        Assert.Equal(end, silence.EndsAt);
        Assert.Equal(author.Display, silence.CreatedBy);
        Assert.Equal("thay bộ định tuyến", silence.Comment);
        Assert.Equal("active", silence.Status.State);

        // The wire names the client's records stand for, pinned as Alerting writes them.
        using (var raw = new HttpClient { BaseAddress = url })
        {
            var json = Assert.Single(await raw.GetFromJsonAsync<JsonElement[]>("/api/silences") ?? []);
            Assert.Equal(["id", "matchers", "startsAt", "endsAt", "createdBy", "comment", "updatedAt", "status"], json.EnumerateObject().Select(p => p.Name));
            Assert.Equal(["name", "value", "isRegex", "isEqual"], json.GetProperty("matchers")[0].EnumerateObject().Select(p => p.Name));
            Assert.Equal("active", json.GetProperty("status").GetProperty("state").GetString());
        }

        Assert.True(await client.ExpireSilenceAsync(id, author, CancellationToken.None));
        Assert.Equal("expired", Assert.Single(await client.SilencesAsync(CancellationToken.None)).Status.State);

        var window = await client.CreateMaintenanceAsync(
            new MaintenanceRequest("Bảo trì mạng TP.HCM", null, "79", "network", start, end, null, null, null, "nâng cấp"), author, CancellationToken.None);
        Assert.Equal(["province=\"79\"", "system=\"network\""], window.Window.Matchers);
        Assert.True(window.OpenNow);
        var listed = Assert.Single(await client.MaintenanceAsync(CancellationToken.None));
        Assert.Equal(window.Window.Id, listed.Window.Id);
        Assert.Equal("Bảo trì mạng TP.HCM", listed.Window.Name);

        var audit = await client.AuditAsync("silence.", 10, CancellationToken.None);
        Assert.Contains(audit, e => e.Action == "silence.create" && e.Subject == id && e.Actor == author.Display);
        Assert.Contains(audit, e => e.Action == "silence.expire" && e.Subject == id && e.Actor == author.Login);

        Assert.NotEmpty(await client.OnCallAsync(CancellationToken.None));
        Assert.Empty(await client.AlertsAsync(null, CancellationToken.None));
    }
}
