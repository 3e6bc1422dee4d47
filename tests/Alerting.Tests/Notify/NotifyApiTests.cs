using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Supervision.Alerting.Api;
using Supervision.Alerting.Muting;
using Supervision.Alerting.Notify;
using Supervision.Alerting.Notify.Config;
using Supervision.Alerting.Notify.Delivery;
using Supervision.Alerting.Tests.Support;
using Supervision.Testing;

namespace Supervision.Alerting.Tests.Notify;

public sealed class NotifyApiTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "supervision-notify-api-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(NotifyHarness.Start);
    private WebhookReceiver _receiver = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration["Notifications:DatabasePath"] = Path.Combine(_folder, "n.db");
        builder.Configuration["Notifications:TickInterval"] = "01:00:00"; // the test drives ticks itself
        builder.Services.AddSingleton<TimeProvider>(_time);
        var yaml = NotifyHarness.WebhookConfig(new Uri(_receiver.BaseAddress, "hook"), """
            users:
              - { name: an, receiver: ops }
              - { name: binh, receiver: ops }
            schedules:
              - name: primary
                layers:
                  - { rotation: daily, handoff: "08:00", start: "2026-11-01", users: [an, binh] }
            """);
        builder.Services.AddSingleton<ISilenceSource, InMemorySilenceSource>();
        builder.Services.AddNotifications(builder.Configuration, NotificationsConfigLoader.Parse(yaml, "api.yaml"));
        _app = builder.Build();
        _app.MapNotificationApi();
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
        _http.DefaultRequestHeaders.Add(NotifyEndpoints.UserHeader, "operator.khoa");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _receiver.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task maintenance_windows_are_created_read_updated_deleted_and_every_change_is_audited()
    {
        var create = await _http.PostAsJsonAsync("/api/maintenance", new
        {
            name = "Nâng cấp mạng",
            province = "01",
            system = "network",
            startsAt = NotifyHarness.Start.AddMinutes(-5),
            endsAt = NotifyHarness.Start.AddHours(2),
            comment = "switch upgrade",
        });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var created = await create.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("window").GetProperty("id").GetString()!;
        Assert.True(created.GetProperty("openNow").GetBoolean());
        Assert.Equal("operator.khoa", created.GetProperty("window").GetProperty("createdBy").GetString());

        var check = await (await _http.PostAsJsonAsync("/api/mute/check", new { labels = new { province = "01", system = "network" } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(check.GetProperty("muted").GetBoolean());
        Assert.Equal("maintenance", check.GetProperty("reason").GetString());

        var update = await _http.PutAsJsonAsync($"/api/maintenance/{id}", new { name = "Nightly", province = "01", cron = "0 0 23 ? * *", duration = "1h" });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var updated = await update.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(updated.GetProperty("openNow").GetBoolean());
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 23, 0, 0, TimeSpan.FromHours(7)), updated.GetProperty("nextOpening").GetDateTimeOffset());

        var bad = await _http.PostAsJsonAsync("/api/maintenance", new { name = "x", province = "01", cron = "every night" , duration = "1h" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("cron:", await bad.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync($"/api/maintenance/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/api/maintenance/{id}")).StatusCode);

        var audit = await _http.GetFromJsonAsync<JsonElement>("/api/audit?action=maintenance");
        Assert.Equal(["maintenance.delete", "maintenance.update", "maintenance.create"], audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.All(audit.EnumerateArray(), e => Assert.Equal("operator.khoa", e.GetProperty("actor").GetString()));
    }

    [Fact]
    public async Task who_is_on_call_now_and_next_is_answered()
    {
        var answer = await _http.GetFromJsonAsync<JsonElement>("/api/oncall?schedule=primary");
        // 2026-11-23 08:00 (UTC+7) is 22 days after the start: an, binh alternate daily → an.
        Assert.Equal("an", answer.GetProperty("now").GetProperty("user").GetString());
        Assert.Equal("binh", answer.GetProperty("next").GetProperty("user").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.FromHours(7)), answer.GetProperty("next").GetProperty("from").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/api/oncall?schedule=nope")).StatusCode);

        var o = await _http.PostAsJsonAsync("/api/oncall/overrides", new { schedule = "primary", user = "binh", startsAt = NotifyHarness.Start, endsAt = NotifyHarness.Start.AddHours(3) });
        Assert.Equal(HttpStatusCode.Created, o.StatusCode);
        var now = await _http.GetFromJsonAsync<JsonElement>("/api/oncall?schedule=primary");
        Assert.Equal("binh", now.GetProperty("now").GetProperty("user").GetString());
    }

    [Fact]
    public async Task the_notification_history_of_an_alert_lists_each_delivery_attempt()
    {
        var pipeline = _app.Services.GetRequiredService<INotificationPipeline>();
        var dispatcher = _app.Services.GetRequiredService<OutboxDispatcher>();
        var alert = NotifyHarness.Firing("26734");
        _receiver.RespondWith(HttpStatusCode.ServiceUnavailable);
        await pipeline.ProcessAsync([alert], _time.GetUtcNow(), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(10));
        await pipeline.TickAsync(_time.GetUtcNow(), CancellationToken.None);
        await dispatcher.DeliverDueAsync(_time.GetUtcNow(), CancellationToken.None);

        // The enqueue also wakes the service's own delivery loop, which may be the one making the attempt: wait
        // for it to be on record before the receiver recovers, whichever made it.
        await AttemptsAsync(alert.Id, 1);
        _receiver.RespondWith(HttpStatusCode.OK);
        _time.Advance(TimeSpan.FromSeconds(5));
        await dispatcher.DeliverDueAsync(_time.GetUtcNow(), CancellationToken.None);

        var n = await AttemptsAsync(alert.Id, 2);
        Assert.Equal("delivered", n.GetProperty("status").GetString());
        Assert.Equal("firing", n.GetProperty("alertStatus").GetString());
        Assert.Equal(["retry", "delivered"], n.GetProperty("attemptLog").EnumerateArray().Select(a => a.GetProperty("outcome").GetString()));
        Assert.Equal(503, n.GetProperty("attemptLog")[0].GetProperty("statusCode").GetInt32());
    }

    /// <summary>The alert's one notification once its attempt log holds <paramref name="count"/> entries (at most 10 s).</summary>
    private async Task<JsonElement> AttemptsAsync(string alertId, int count)
    {
        for (var polls = 0; ; polls++)
        {
            var history = await _http.GetFromJsonAsync<JsonElement>($"/api/alerts/{alertId}/notifications");
            var n = Assert.Single(history.EnumerateArray());
            if (n.GetProperty("attemptLog").GetArrayLength() >= count || polls == 100)
            {
                return n;
            }

            await Task.Delay(100);
        }
    }
}
